import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { MessageFanout, type SequencedMessage } from './message-fanout';

const error = (message: string) => ({ event: 'error' as const, data: { code: 'X', message } });

function collector() {
  const got: SequencedMessage[] = [];
  return { got, listener: { send: (m: SequencedMessage) => void got.push(m) } };
}

describe('MessageFanout', () => {
  it('numbers messages from 1 and sends each to every listener, past one that throws', () => {
    const fanout = new MessageFanout(10, Fastify().log);
    const a = collector();
    const b = collector();
    fanout.attach({
      send: () => {
        throw new Error('socket gone');
      },
    });
    fanout.attach(a.listener);
    fanout.attach(b.listener);
    fanout.publish(error('one'));
    fanout.publish(error('two'));
    expect(a.got.map((m) => m.seq)).toEqual([1, 2]);
    expect(b.got).toEqual(a.got);
    expect(fanout.size).toBe(3);
  });

  it('replays what a resuming listener missed, and refuses a resume past what it kept', () => {
    const fanout = new MessageFanout(3, Fastify().log);
    for (let i = 1; i <= 5; i++) fanout.publish(error(`m${i}`));
    const late = collector();
    fanout.attach(late.listener, 2); // kept: 3, 4, 5
    expect(late.got.map((m) => m.seq)).toEqual([3, 4, 5]);
    expect(() => fanout.attach(collector().listener, 1)).toThrow(expect.objectContaining({ code: 'INVALID_STATE' }));
    const current = collector();
    fanout.attach(current.listener, 5);
    expect(current.got).toEqual([]);
  });

  it('keeps a sequenced message for replay before it is delivered', () => {
    const fanout = new MessageFanout(10, Fastify().log);
    const first = collector();
    fanout.attach(first.listener);
    const held = fanout.sequence(error('held back'));
    expect(first.got).toEqual([]);
    const resumed = collector();
    fanout.attach(resumed.listener, 0);
    expect(resumed.got.map((m) => m.seq)).toEqual([held.seq]);
    fanout.detach(first.listener);
    fanout.deliver(held);
    expect(first.got).toEqual([]);
    expect(resumed.got).toHaveLength(2);
  });
});
