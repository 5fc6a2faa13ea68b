import { InterviewKitError } from '@interviewkit/core';

/**
 * A per-user token bucket (in memory, per process): `perMinute` units a minute, at most
 * `perMinute` at once. Routes that cost real work per request — evaluations (a SQL answer runs
 * in a sandbox for up to 2 s), resume parsing — take from it after authentication, so one account
 * cannot monopolise them however many connections or addresses it uses.
 */
export class UserRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly what: string,
    private readonly maxUsers = 100_000,
  ) {}

  /** Takes `cost` units from `userId`, or raises `RATE_LIMITED` with `details.retry_after_seconds`. */
  take(userId: string, cost = 1): void {
    const now = performance.now();
    const rate = this.perMinute / 60_000;
    const previous = this.buckets.get(userId);
    const tokens = previous ? Math.min(this.perMinute, previous.tokens + (now - previous.at) * rate) : this.perMinute;
    // Re-insert: the Map's order is then least recently used first, for eviction.
    this.buckets.delete(userId);
    if (cost > tokens) {
      this.buckets.set(userId, { tokens, at: now });
      const retryAfter = Math.max(1, Math.ceil((Math.min(cost, this.perMinute) - tokens) / rate / 1000));
      throw new InterviewKitError('RATE_LIMITED', `Too many ${this.what} (${this.perMinute} a minute per user); retry in ${retryAfter} s`, {
        details: { retry_after_seconds: retryAfter },
      });
    }
    this.buckets.set(userId, { tokens: tokens - cost, at: now });
    if (this.buckets.size > this.maxUsers) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}
