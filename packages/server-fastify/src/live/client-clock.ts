/**
 * The client's capture clock mapped onto the session clock (protocol version 2): one offset,
 * fixed at the first stamp seen — a frame or `interviewer_done` — taking the stamped moment (plus
 * the frame's length, for a frame: its end) as the moment it arrived.
 */
export class ClientClock {
  /** Session time minus client time, once known. */
  private offset: number | null = null;

  /** @param now the session clock (ms since the session started). */
  constructor(private readonly now: () => number) {}

  /** Session time of client time `clientT`; `durationMs` is the length of what was stamped (0 for an instant). */
  toSession(clientT: number, durationMs = 0): number {
    if (this.offset === null) this.offset = this.now() - (clientT + durationMs);
    return clientT + this.offset;
  }
}
