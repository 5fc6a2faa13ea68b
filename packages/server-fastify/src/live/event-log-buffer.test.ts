import type { SessionEvent } from '@interviewkit/core';
import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StoredEvent } from '../storage/storage';
import { EventLogBuffer } from './event-log-buffer';

const ev = (t: number): SessionEvent => ({ type: 'speech_start', t });

describe('EventLogBuffer', () => {
  afterEach(() => vi.useRealTimers());

  it('numbers events and writes them in one batch after flushMs', async () => {
    vi.useFakeTimers();
    const writes: StoredEvent[][] = [];
    const buffer = new EventLogBuffer({
      sessionId: 7,
      sink: { append: async (_id, events) => void writes.push([...events]) },
      flushMs: 50,
      log: Fastify().log,
    });
    buffer.push(ev(1));
    buffer.push(ev(2));
    buffer.push(ev(3));
    expect(writes).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    expect(writes).toEqual([[1, 2, 3].map((seq) => ({ seq, event: ev(seq) }))]);
  });

  it('puts a failed batch back in front and retries, in order, losing nothing', async () => {
    vi.useFakeTimers();
    const stored: number[] = [];
    let failures = 2;
    const sink = {
      append: async (_id: number, events: readonly StoredEvent[]) => {
        if (failures-- > 0) throw new Error('database hiccup');
        stored.push(...events.map((e) => e.seq));
      },
    };
    const buffer = new EventLogBuffer({ sessionId: 1, sink, flushMs: 10, log: Fastify().log });
    buffer.push(ev(1));
    expect(await buffer.flush()).toBe(false);
    buffer.push(ev(2));
    const all = buffer.flushAll();
    await vi.runAllTimersAsync();
    await all;
    expect(stored).toEqual([1, 2]);
  });

  it('gives up with STORAGE_UNAVAILABLE when the log cannot be written for seconds', async () => {
    vi.useFakeTimers();
    const buffer = new EventLogBuffer({
      sessionId: 1,
      sink: {
        append: async () => {
          throw new Error('down');
        },
      },
      flushMs: 10,
      log: Fastify({ logger: false }).log,
    });
    buffer.push(ev(1));
    const all = buffer.flushAll().catch((error: unknown) => error);
    // (A failed write keeps a retry scheduled, so the timers never run out: advance past the backoff.)
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await all).toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
  });
});
