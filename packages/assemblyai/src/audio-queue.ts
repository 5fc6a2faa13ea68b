/**
 * The audio not yet sent to the service, with its position in the stream. It coalesces small
 * frames into messages of the size the service accepts (50–1 000 ms) and, while no session is
 * open, keeps at most `maxSamples` (dropping the oldest), so memory stays bounded whatever the
 * outage. Sample positions are absolute (counted from the stream's first sample), so a new session
 * — whose word timings restart at 0 — can be placed on the stream's timeline.
 */
export class AudioQueue {
  private readonly chunks: Int16Array[] = [];
  /** Offset into `chunks[0]` of the first unsent sample. */
  private head = 0;
  private queued = 0;
  /** Absolute index of the first queued sample. */
  private startSample = 0;
  /** Samples dropped because the bound was exceeded, in all. */
  dropped = 0;

  constructor(private readonly maxSamples: number) {}

  /** Samples waiting. */
  get length(): number {
    return this.queued;
  }

  /** Absolute index of the next sample to be sent. */
  get position(): number {
    return this.startSample;
  }

  /** Appends a copy of `samples`; drops the oldest beyond the bound and returns how many were dropped. */
  push(samples: Int16Array): number {
    if (samples.length === 0) return 0;
    this.chunks.push(samples.slice());
    this.queued += samples.length;
    let dropped = 0;
    while (this.queued > this.maxSamples) {
      const first = this.chunks[0]!;
      const available = first.length - this.head;
      const excess = this.queued - this.maxSamples;
      const n = Math.min(available, excess);
      this.consume(n);
      dropped += n;
    }
    this.dropped += dropped;
    return dropped;
  }

  /** Removes and returns the next `count` samples (fewer if fewer are queued). */
  take(count: number): Int16Array {
    const n = Math.min(count, this.queued);
    const out = new Int16Array(n);
    let filled = 0;
    while (filled < n) {
      const first = this.chunks[0]!;
      const part = Math.min(first.length - this.head, n - filled);
      out.set(first.subarray(this.head, this.head + part), filled);
      filled += part;
      this.consume(part);
    }
    return out;
  }

  private consume(n: number): void {
    this.head += n;
    this.queued -= n;
    this.startSample += n;
    if (this.head >= this.chunks[0]!.length) {
      this.chunks.shift();
      this.head = 0;
    }
  }
}
