import { replay, type SessionEvent } from '@interviewkit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Storage, StoredEvent } from '../storage/storage';
import { EventLogWriter } from './event-log-writer';

const event = (seq: number): StoredEvent => ({ seq, event: { type: 'speech_start', t: seq } as SessionEvent });

function fakeStorage(failFor?: number) {
  const calls: Array<{ kind: 'many' | 'one'; sessions: number[] }> = [];
  const stored = new Map<number, number[]>();
  const written = new Map<number, Array<StoredEvent & { writtenAt: number }>>();
  const write = (sessionId: number, events: readonly StoredEvent[]): void => {
    stored.set(sessionId, [...(stored.get(sessionId) ?? []), ...events.map((e) => e.seq)]);
    written.set(sessionId, [...(written.get(sessionId) ?? []), ...events.map((e) => ({ ...e, writtenAt: Date.now() }))]);
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
  return { storage: { events } as unknown as Storage, calls, stored, written };
}

describe('EventLogWriter', () => {
  it('writes the flushes of many sessions in one transaction, and each caller learns its write landed', async () => {
    const { storage, calls, stored } = fakeStorage();
    const writer = new EventLogWriter(storage, { windowMs: 5 });
    await Promise.all([writer.append(1, [event(1), event(2)]), writer.append(2, [event(1)]), writer.append(3, [event(1)])]);
    expect(calls).toEqual([{ kind: 'many', sessions: [1, 2, 3] }]);
    expect(Object.fromEntries(stored)).toEqual({ 1: [1, 2], 2: [1], 3: [1] });
  });

  it('retries each session on its own when a combined write fails, so one bad batch holds no one back', async () => {
    const { storage, calls, stored } = fakeStorage(2);
    const writer = new EventLogWriter(storage, { windowMs: 5 });
    const results = await Promise.allSettled([writer.append(1, [event(1)]), writer.append(2, [event(1)]), writer.append(3, [event(1)])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(calls[0]).toEqual({ kind: 'many', sessions: [1, 2, 3] });
    expect(
      calls
        .slice(1)
        .map((c) => c.sessions[0])
        .sort(),
    ).toEqual([1, 2, 3]);
    expect([...stored.keys()].sort()).toEqual([1, 3]);
  });

  it('resolves an empty append at once without writing', async () => {
    const { storage, calls } = fakeStorage();
    await new EventLogWriter(storage).append(1, []);
    expect(calls).toEqual([]);
  });
});

/**
 * A live answer as a transcriber produces it: a partial per word (every 400 ms, 150 words/min),
 * a pause after `pauseAfter` words (speech_end, then speech_start), a final at the end, and the
 * rest of the turn. Each event is handed to the writer at its time `t` (ms), as a live session
 * flushes them.
 */
function answerEvents(words: number, pauseAfter = Number.POSITIVE_INFINITY, finalBeforeSpeechEnd = false): Array<{ at: number; event: SessionEvent }> {
  const out: Array<{ at: number; event: SessionEvent }> = [];
  const add = (at: number, event: SessionEvent): void => void out.push({ at, event });
  add(0, { type: 'session_started', t: 0, session_type: 'technical' });
  add(0, { type: 'question_asked', t: 0, index: 0, question: 'What is a mutex?' });
  add(1000, { type: 'question_end', t: 1000, index: 0 });
  add(1500, { type: 'speech_start', t: 1500 });
  const text: string[] = [];
  let t = 1500;
  for (let w = 1; w <= words; w++) {
    t += 400;
    text.push(`word${w}`);
    add(t, { type: 'transcript_partial', t, text: text.join(' '), index: 0 });
    if (w === pauseAfter) {
      add(t + 100, { type: 'speech_end', t: t + 100 });
      t += 2000;
      add(t, { type: 'speech_start', t });
    }
  }
  // A recogniser's end-of-turn final may come before or after the VAD's speech_end.
  const final: SessionEvent = { type: 'transcript_final', t: t + 300, text: text.join(' '), index: 0 };
  const end: SessionEvent = { type: 'speech_end', t: t + 300 };
  for (const e of finalBeforeSpeechEnd ? [final, end] : [end, final]) add(t + 300, e);
  add(t + 1000, { type: 'answer_complete', t: t + 1000, index: 0, reason: 'manual', text: text.join(' ') });
  add(t + 1200, {
    type: 'answer_evaluated',
    t: t + 1200,
    index: 0,
    similarity: 0.8,
    keyword_coverage: 0.5,
    matched_keywords: [],
    missing_keywords: [],
    suggestions: [],
    concepts_mentioned: [],
    concepts_missed: [],
    evaluator: 'test',
  });
  add(t + 1300, { type: 'session_stopped', t: t + 1300, reason: 'completed' });
  return out;
}

describe('EventLogWriter: partial transcripts', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** Feeds the events at their times (one append per event) and returns what was written. */
  async function feed(events: Array<{ at: number; event: SessionEvent }>, partialIntervalMs: number): Promise<Array<StoredEvent & { writtenAt: number }>> {
    const { storage, written } = fakeStorage();
    const writer = new EventLogWriter(storage, { windowMs: 5, partialIntervalMs, now: () => Date.now() });
    const start = Date.now();
    let seq = 0;
    for (const { at, event: e } of events) {
      await vi.advanceTimersByTimeAsync(Math.max(0, start + at - Date.now()));
      void writer.append(7, [{ seq: ++seq, event: e }]);
    }
    await vi.advanceTimersByTimeAsync(partialIntervalMs + 50);
    return written.get(7) ?? [];
  }

  it('writes at most one partial per interval, the latest, and none a final supersedes; replay gives the same metrics', async () => {
    const all = answerEvents(20);
    const written = await feed(all, 1000);
    const partials = written.filter((e) => e.event.type === 'transcript_partial');
    expect(all.filter((e) => e.event.type === 'transcript_partial')).toHaveLength(20);
    // 20 partials over 8 s: the first at once, then the latest of each second, and the last one
    // just before the speech_end that follows it.
    expect(partials.length).toBeGreaterThanOrEqual(8);
    expect(partials.length).toBeLessThanOrEqual(10);
    const streaming = partials.slice(0, -1);
    for (let i = 1; i < streaming.length; i++) expect(streaming[i]!.writtenAt - streaming[i - 1]!.writtenAt).toBeGreaterThanOrEqual(1000);
    expect((partials.at(-1)!.event as { text: string }).text.endsWith('word20')).toBe(true);
    // Every other event is written, in order, and the log stays ordered by seq.
    expect(written.filter((e) => e.event.type !== 'transcript_partial').map((e) => e.event)).toEqual(
      all.filter((e) => e.event.type !== 'transcript_partial').map((e) => e.event),
    );
    expect(written.map((e) => e.seq)).toEqual([...written.map((e) => e.seq)].sort((a, b) => a - b));
    expect(replay(written.map((e) => e.event))).toEqual(replay(all.map((e) => e.event)));
  });

  it('never leaves the latest words more than one interval behind: a crash mid-sentence keeps them', async () => {
    const all = answerEvents(20);
    const cutAt = all.findIndex((e) => e.event.type === 'transcript_partial' && e.event.text.endsWith('word13'));
    // Crash right after word 13's partial plus one interval: everything up to then is in the log.
    const crashed = all.slice(0, cutAt + 1);
    const written = await feed(crashed, 1000);
    const last = written.filter((e) => e.event.type === 'transcript_partial').at(-1)!.event as { text: string };
    expect(last.text.endsWith('word13')).toBe(true);
  });

  it('writes a held partial just before the next event of another kind (a pause), so the log stays in order, and drops one a final supersedes', async () => {
    const all = answerEvents(6, 3, true);
    const written = await feed(all, 5000);
    const types = written.map((e) => (e.event.type === 'transcript_partial' ? `p:${e.event.text.split(' ').length}` : e.event.type));
    // Word 1 at once; 2 and 3 held, 3 written just before the pause's speech_end; 4–6 held, 6 dropped by the final.
    expect(types).toEqual([
      'session_started',
      'question_asked',
      'question_end',
      'speech_start',
      'p:1',
      'p:3',
      'speech_end',
      'speech_start',
      'transcript_final',
      'speech_end',
      'answer_complete',
      'answer_evaluated',
      'session_stopped',
    ]);
    expect(replay(written.map((e) => e.event))).toEqual(replay(all.map((e) => e.event)));
  });

  it('writes every partial with an interval of 0', async () => {
    const all = answerEvents(10);
    const written = await feed(all, 0);
    expect(written.map((e) => e.event)).toEqual(all.map((e) => e.event));
  });
});
