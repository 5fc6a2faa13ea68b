import type { LiveTranscriber, TranscriberInput, TranscriptPart } from '../provider/transcriber';

type PartOf<T extends TranscriptPart['type']> = Extract<TranscriptPart, { type: T }>;

/**
 * Drives a {@link LiveTranscriber} in tests: writes audio, flushes and scripts into its input,
 * records every part it emits, and waits (bounded) for the parts a test expects. Waiting fails
 * with the parts seen so far, so a test that cannot get what it waits for says why.
 */
export class TranscriberHarness {
  /** Every part emitted, in order. */
  readonly parts: TranscriptPart[] = [];
  /** Resolves with the `finish` reason once the stream ended. */
  readonly finished: Promise<PartOf<'finish'>['reason']>;
  private readonly input: ReadableStreamDefaultController<TranscriberInput>;
  private inputClosed = false;
  private flushIds = 0;
  private waiters: Array<{ match: (part: TranscriptPart) => boolean; resolve: (part: TranscriptPart) => void }> = [];

  constructor(transcriber: LiveTranscriber, options: { sampleRate?: number; abortSignal?: AbortSignal } = {}) {
    let controller!: ReadableStreamDefaultController<TranscriberInput>;
    const input = new ReadableStream<TranscriberInput>({
      start(c) {
        controller = c;
      },
    });
    this.input = controller;
    const { stream } = transcriber.stream({
      input,
      sampleRate: options.sampleRate ?? 16_000,
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    this.finished = this.read(stream);
  }

  private async read(stream: ReadableStream<TranscriptPart>): Promise<PartOf<'finish'>['reason']> {
    let reason: PartOf<'finish'>['reason'] = 'closed';
    for await (const part of stream) {
      this.parts.push(part);
      if (part.type === 'finish') reason = part.reason;
      this.waiters = this.waiters.filter((w) => (w.match(part) ? (w.resolve(part), false) : true));
    }
    return reason;
  }

  /** Sends samples. */
  audio(samples: Int16Array): void {
    this.write({ type: 'audio', samples });
  }

  /** Sends scripted words (scripting transcribers). */
  script(text: string): void {
    this.write({ type: 'script', text });
  }

  /** Sends a flush and resolves on its `flush-complete` (or when the stream finishes first). */
  async flush(timeoutMs = 5000): Promise<void> {
    const id = ++this.flushIds;
    this.write({ type: 'flush', id });
    await this.waitFor('flush-complete', (p) => p.id === id, timeoutMs, true);
  }

  /** Ends the input (the transcriber closes cleanly) and resolves with the finish reason. */
  async end(): Promise<PartOf<'finish'>['reason']> {
    if (!this.inputClosed) {
      this.inputClosed = true;
      try {
        this.input.close();
      } catch {
        // the transcriber already finished and cancelled its input
      }
    }
    return this.finished;
  }

  private write(input: TranscriberInput): void {
    if (this.inputClosed) return;
    try {
      this.input.enqueue(input);
    } catch {
      // the transcriber already finished and cancelled its input
    }
  }

  /** The parts of one type, in order. */
  of<T extends TranscriptPart['type']>(type: T): Array<PartOf<T>> {
    return this.parts.filter((p): p is PartOf<T> => p.type === type);
  }

  /**
   * Resolves with the first part of `type` matching `match` (already seen or still to come);
   * rejects after `timeoutMs`. With `orFinish`, the stream finishing also resolves it.
   */
  waitFor<T extends TranscriptPart['type']>(type: T, match: (part: PartOf<T>) => boolean = () => true, timeoutMs = 5000, orFinish = false): Promise<PartOf<T>> {
    const predicate = (p: TranscriptPart): boolean => (p.type === type && match(p as PartOf<T>)) || (orFinish && p.type === 'finish');
    const seen = this.parts.find(predicate);
    if (seen) return Promise.resolve(seen as PartOf<T>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${type} part within ${timeoutMs} ms; got ${this.parts.map((p) => p.type).join(', ') || 'nothing'}`)),
        timeoutMs,
      );
      this.waiters.push({
        match: predicate,
        resolve: (part) => {
          clearTimeout(timer);
          resolve(part as PartOf<T>);
        },
      });
    });
  }
}
