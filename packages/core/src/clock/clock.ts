/**
 * A monotonic clock in milliseconds. Core never reads `Date.now()` or `performance.now()`
 * itself: hosts inject a clock (the server a real one, tests a {@link FakeClock}).
 */
export interface Clock {
  /** Milliseconds on a monotonic scale with an arbitrary origin. */
  now(): number;
}

/** A handle returned by {@link Scheduler.setTimeout}. */
export type TimerHandle = { readonly __timer: unique symbol } | number | object;

/** A clock that can also run a callback later (used for silence timeouts and limits). */
export interface Scheduler extends Clock {
  /** Runs `callback` after `ms` milliseconds of this clock. */
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Cancels a timer; unknown or fired handles are ignored. */
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The real clock of the host: `performance.now()` for time and the global timers. Available in
 * Node, browsers, Deno, Bun and edge workers.
 */
export const systemScheduler: Scheduler = {
  now: () => globalThis.performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms) as unknown as TimerHandle,
  clearTimeout: (handle) => globalThis.clearTimeout(handle as Parameters<typeof globalThis.clearTimeout>[0]),
};

/**
 * A clock that reads milliseconds since it was created (session time, the `t` of events)
 * from any base clock.
 */
export function createSessionClock(base: Clock = systemScheduler): Clock & { readonly origin: number } {
  const origin = base.now();
  return { origin, now: () => base.now() - origin };
}
