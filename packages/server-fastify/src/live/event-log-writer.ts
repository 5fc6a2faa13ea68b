import type { StoredEvent, Storage } from '../storage/storage';

/** Options of {@link EventLogWriter}. */
export interface EventLogWriterOptions {
  /** How long appends wait to share one write with other sessions' appends (ms). Default 10. */
  windowMs?: number;
  /**
   * At most one `transcript_partial` per session is written per this many ms: the latest one
   * (see {@link EventLogWriter}). 0 writes every partial. Default 1000.
   */
  partialIntervalMs?: number;
  /** A monotonic clock in ms (tests inject one). Default `performance.now`. */
  now?: () => number;
  /** Told when a partial released on its own (no caller waits for it) could not be written. */
  onError?: (error: unknown, sessionId: number) => void;
}

interface PendingWrite {
  sessionId: number;
  events: readonly StoredEvent[];
  resolve?: () => void;
  reject?: (error: unknown) => void;
}

/** A session's partial transcripts: the one held back, and when one was last written. */
interface PartialState {
  held: StoredEvent | null;
  lastWrittenAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/** Events after which a held partial carries nothing new: the segment's final, the answer, the end. */
const SUPERSEDES_PARTIAL = new Set(['transcript_final', 'answer_complete', 'session_stopped']);

/**
 * Writes the event logs of every live session on this process.
 *
 * **Batching.** Appends within a short window share one write (one transaction): a thousand
 * sessions flushing every 200 ms become about a hundred transactions per second instead of five
 * thousand. Each caller still learns whether its own write landed. When a combined write fails,
 * each session's part is retried on its own, so one bad batch cannot hold the others back.
 *
 * **Partial transcripts.** Each `transcript_partial` repeats the text of its open segment so far,
 * and recognisers send one per word or faster, yet metrics never read them (finals carry the
 * words; `replay` of a log gives the same metrics with or without its partials). So, per session:
 * 1. every event other than a partial is written, in order;
 * 2. a partial is written at once when none was written in the last `partialIntervalMs`;
 *    otherwise it is held back, replacing (dropping) any partial already held — the newer one
 *    holds every word of the older;
 * 3. a held partial is written when `partialIntervalMs` have passed since the last written one,
 *    or just before the session's next event of another kind, so the written log stays in order;
 * 4. it is dropped instead when that next event is a `transcript_final`, `answer_complete` or
 *    `session_stopped` (they hold its words, or end the answer).
 * A crash therefore loses at most the words of the last `partialIntervalMs` of an open segment.
 * Dropped partials leave gaps in the stored `seq` numbers (a session's `event_count` is its last
 * `seq`).
 */
export class EventLogWriter {
  private pending: PendingWrite[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly partials = new Map<number, PartialState>();
  private readonly windowMs: number;
  private readonly partialIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly storage: Storage,
    private readonly options: EventLogWriterOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 10;
    this.partialIntervalMs = options.partialIntervalMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Appends `events` of one session (partials by the rule above); resolves once they are stored. */
  append(sessionId: number, events: readonly StoredEvent[]): Promise<void> {
    const write = this.partialIntervalMs > 0 ? this.applyPartialRule(sessionId, events) : events;
    if (write.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.enqueue({ sessionId, events: write, resolve, reject }));
  }

  /** Drops what is held for a session that has left (its log is complete). */
  forget(sessionId: number): void {
    const state = this.partials.get(sessionId);
    if (state?.timer) clearTimeout(state.timer);
    this.partials.delete(sessionId);
  }

  private applyPartialRule(sessionId: number, events: readonly StoredEvent[]): StoredEvent[] {
    let state = this.partials.get(sessionId);
    const out: StoredEvent[] = [];
    for (const stored of events) {
      const type = stored.event.type;
      if (type === 'transcript_partial') {
        if (!state) this.partials.set(sessionId, (state = { held: null, lastWrittenAt: Number.NEGATIVE_INFINITY, timer: null }));
        const now = this.now();
        if (state.held === null && now - state.lastWrittenAt >= this.partialIntervalMs) {
          state.lastWrittenAt = now;
          out.push(stored);
        } else {
          state.held = stored;
          state.timer ??= setTimeout(() => this.releaseHeld(sessionId), Math.max(0, state.lastWrittenAt + this.partialIntervalMs - now));
        }
        continue;
      }
      if (state?.held) {
        if (!SUPERSEDES_PARTIAL.has(type)) {
          out.push(state.held);
          state.lastWrittenAt = this.now();
        }
        state.held = null;
        if (state.timer) clearTimeout(state.timer);
        state.timer = null;
      }
      out.push(stored);
      if (type === 'session_stopped') {
        this.forget(sessionId);
        state = undefined;
      }
    }
    return out;
  }

  /** The interval has passed: the held partial is written (no caller waits for it). */
  private releaseHeld(sessionId: number): void {
    const state = this.partials.get(sessionId);
    if (!state) return;
    state.timer = null;
    const held = state.held;
    if (!held) return;
    state.held = null;
    state.lastWrittenAt = this.now();
    this.enqueue({ sessionId, events: [held], reject: (error) => this.options.onError?.(error, sessionId) });
  }

  private enqueue(write: PendingWrite): void {
    this.pending.push(write);
    this.timer ??= setTimeout(() => void this.write(), this.windowMs);
  }

  private async write(): Promise<void> {
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    try {
      await this.storage.events.appendMany(batch.map(({ sessionId, events }) => ({ sessionId, events })));
      for (const write of batch) write.resolve?.();
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject?.(error);
      await Promise.all(batch.map((w) => this.storage.events.append(w.sessionId, w.events).then(w.resolve, w.reject)));
    }
  }
}
