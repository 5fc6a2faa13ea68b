import type { SessionEvent } from '../events/session-event';

/** One event waiting for its place in the log, with what to do once it is logged. */
export interface QueuedEvent {
  event: SessionEvent;
  /** A speech boundary (VAD `speech_start` / `speech_end`): its time is never moved. */
  boundary: boolean;
  /** Runs when the event is released (logs it and applies its side effects). */
  release: (event: SessionEvent) => void;
}

/**
 * The small reorder buffer of a session timeline: events wait here until the session's
 * watermark (the time before which no event can still arrive) has passed them, and leave in
 * time order — equal times in arrival order. Inserting is O(log n) to find the place plus the
 * shift; the queue holds at most the events of a few hundred milliseconds of audio.
 */
export class TimelineQueue {
  private readonly items: QueuedEvent[] = [];

  /** Number of events waiting. */
  get size(): number {
    return this.items.length;
  }

  /** Time of the earliest waiting event, or null. */
  get headT(): number | null {
    return this.items[0]?.event.t ?? null;
  }

  /** Adds an event after every waiting event with the same or an earlier time. */
  push(item: QueuedEvent): void {
    const t = item.event.t;
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid]!.event.t <= t) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, item);
  }

  /** Removes and returns the earliest event if its time is at or before `watermark`. */
  shiftUpTo(watermark: number): QueuedEvent | undefined {
    const head = this.items[0];
    if (head === undefined || head.event.t > watermark) return undefined;
    return this.items.shift();
  }
}
