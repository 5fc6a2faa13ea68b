import { backoffDelay, InterviewKitError, type SessionEvent, sleep } from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';
import type { StoredEvent } from '../storage/storage';

/** Where a session's event log is written: the registry's shared batching writer, or storage. */
export interface EventLogSink {
  append(sessionId: number, events: readonly StoredEvent[]): Promise<void>;
}

/** Options of {@link EventLogBuffer}. */
export interface EventLogBufferOptions {
  sessionId: number;
  sink: EventLogSink;
  /** Most delay (ms) between an event and the write that stores it. */
  flushMs: number;
  log: FastifyBaseLogger;
}

/**
 * The event log of one live session on its way to storage: numbers events (`seq`, from 1) and
 * writes them in batches at most `flushMs` after the first waiting one. A failed write puts its
 * batch back in front and schedules a retry: nothing is dropped while the process lives.
 */
export class EventLogBuffer {
  private seq = 0;
  private pending: StoredEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  constructor(private readonly options: EventLogBufferOptions) {}

  /** Numbers an event and schedules its write. */
  push(event: SessionEvent): void {
    this.pending.push({ seq: ++this.seq, event });
    if (this.timer === null) this.schedule(this.options.flushMs);
  }

  /** Writes every waiting event now. Resolves false when the write failed (a retry is scheduled). */
  async flush(): Promise<boolean> {
    while (this.writing) await this.writing;
    this.cancelTimer();
    if (this.pending.length === 0) return true;
    const batch = this.pending;
    this.pending = [];
    let ok = true;
    this.writing = (async () => {
      try {
        await this.options.sink.append(this.options.sessionId, batch);
      } catch (error) {
        ok = false;
        this.options.log.error({ err: error, sessionId: this.options.sessionId }, 'writing the event log failed; retrying');
        this.pending = batch.concat(this.pending);
        if (this.timer === null) this.schedule(Math.max(this.options.flushMs, 500));
      }
    })();
    try {
      await this.writing;
    } finally {
      this.writing = null;
    }
    return ok;
  }

  /**
   * Flushes until everything is written, retrying with core's backoff (about 6 s in all); then
   * raises `STORAGE_UNAVAILABLE`.
   */
  async flushAll(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if ((await this.flush()) && this.pending.length === 0) return;
      if (attempt >= 5) throw new InterviewKitError('STORAGE_UNAVAILABLE', 'The event log could not be written');
      await sleep(backoffDelay(attempt + 1, { baseDelayMs: 200, maxDelayMs: 3200 }));
    }
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
