import type { SessionEvent } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import type { Storage, StoredEvent } from '../storage/storage';
import { EventLogWriter } from './event-log-writer';

const event = (seq: number): StoredEvent => ({ seq, event: { type: 'speech_start', t: seq } as SessionEvent });

function fakeStorage(failFor?: number) {
  const calls: Array<{ kind: 'many' | 'one'; sessions: number[] }> = [];
  const stored = new Map<number, number[]>();
  const write = (sessionId: number, events: readonly StoredEvent[]): void => {
    stored.set(sessionId, [...(stored.get(sessionId) ?? []), ...events.map((e) => e.seq)]);
  };
  const events = {
    appendMany: async (batches: ReadonlyArray<{ sessionId: number; events: readonly StoredEvent[] }>) => {
      calls.push({ kind: 'many', sessions: batches.map((b) => b.sessionId) });
      if (batches.some((b) => b.sessionId === failFor)) throw new Error('foreign key violation');
      for (const b of batches) write(b.sessionId, b.events);
    },
    append: async (sessionId: number, evs: readonly StoredEvent[]) => {
      calls.push({ kind: 'one', sessions: [sessionId] });
      if (sessionId === failFor) throw new Error('foreign key violation');
      write(sessionId, evs);
    },
  };
  return { storage: { events } as unknown as Storage, calls, stored };
}

describe('EventLogWriter', () => {
  it('writes the flushes of many sessions in one transaction, and each caller learns its write landed', async () => {
    const { storage, calls, stored } = fakeStorage();
    const writer = new EventLogWriter(storage, 5);
    await Promise.all([writer.append(1, [event(1), event(2)]), writer.append(2, [event(1)]), writer.append(3, [event(1)])]);
    expect(calls).toEqual([{ kind: 'many', sessions: [1, 2, 3] }]);
    expect(Object.fromEntries(stored)).toEqual({ 1: [1, 2], 2: [1], 3: [1] });
  });

  it('retries each session on its own when a combined write fails, so one bad batch holds no one back', async () => {
    const { storage, calls, stored } = fakeStorage(2);
    const writer = new EventLogWriter(storage, 5);
    const results = await Promise.allSettled([writer.append(1, [event(1)]), writer.append(2, [event(1)]), writer.append(3, [event(1)])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls[0]).toEqual({ kind: 'many', sessions: [1, 2, 3] });
    expect(calls.slice(1).map((c) => c.sessions[0]).sort()).toEqual([1, 2, 3]);
    expect([...stored.keys()].sort()).toEqual([1, 3]);
  });

  it('resolves an empty append at once without writing', async () => {
    const { storage, calls } = fakeStorage();
    await new EventLogWriter(storage).append(1, []);
    expect(calls).toEqual([]);
  });
});
