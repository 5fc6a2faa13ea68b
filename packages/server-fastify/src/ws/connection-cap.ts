import { InterviewKitError } from '@interviewkit/core';

/**
 * Open WebSocket connections per user, capped. One account could otherwise open connections until
 * the process runs out of memory or file descriptors (each holds a socket, buffers and its
 * handlers); a live interview needs one, and a reconnect briefly two. Counted per process.
 */
export class ConnectionCap {
  private readonly open = new Map<string, number>();

  constructor(readonly perUser: number) {}

  /** Throws `RATE_LIMITED` (429 before the upgrade) when `userId` already holds `perUser` connections. */
  check(userId: string): void {
    const count = this.open.get(userId) ?? 0;
    if (count >= this.perUser) {
      throw new InterviewKitError(
        'RATE_LIMITED',
        `Too many open WebSocket connections for this account (${this.perUser} per user); close one before opening another`,
        { details: { limit: this.perUser } },
      );
    }
  }

  /**
   * Counts a connection that was upgraded; false when it is over the cap (two upgrades raced past
   * {@link check}): the caller closes it. `release` must be called once it closes.
   */
  take(userId: string): boolean {
    const count = this.open.get(userId) ?? 0;
    if (count >= this.perUser) return false;
    this.open.set(userId, count + 1);
    return true;
  }

  release(userId: string): void {
    const count = (this.open.get(userId) ?? 0) - 1;
    if (count > 0) this.open.set(userId, count);
    else this.open.delete(userId);
  }
}
