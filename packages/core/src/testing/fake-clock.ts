import type { Scheduler, TimerHandle } from '../clock/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

/**
 * A manual clock and scheduler for tests: time only moves when you call {@link FakeClock.advance}
 * (or {@link FakeClock.set}), and timers fire in order as it passes them.
 */
export class FakeClock implements Scheduler {
  private current: number;
  private nextId = 1;
  private timers: Timer[] = [];
  /** Number of timers ever scheduled. */
  scheduled = 0;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), callback };
    this.timers.push(timer);
    this.scheduled++;
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }

  /** Number of timers waiting to fire. */
  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in time order. */
  advance(ms: number): void {
    this.set(this.current + ms);
  }

  /** Moves time to `target` (never backwards), firing due timers in order. */
  set(target: number): void {
    if (target < this.current) throw new Error(`FakeClock cannot go backwards (${target} < ${this.current})`);
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.timers)
        if (timer.at <= target && (next === undefined || timer.at < next.at || (timer.at === next.at && timer.id < next.id))) next = timer;
      if (next === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.current = next.at;
      next.callback();
    }
    this.current = target;
  }
}
