import { InterviewKitError } from '@interviewkit/core';
import { MockTranscriber } from '../transcription/mock-transcriber';
import {
  TranscriberListeners,
  type StreamingTranscriber,
  type TranscriberEvent,
  type TranscriberListener,
  type TranscriptWord,
} from '../transcription/streaming-transcriber';

/** What {@link FailoverTranscriber} reports when it switches to its fallback. */
export interface TranscriberFallback {
  /** Provider that failed, e.g. `assemblyai`. */
  from: string;
  /** Provider that took over, e.g. `mock`. */
  to: string;
  /** The failure (its `code`: `PROVIDER_AUTH`, `PROVIDER_QUOTA`, `PROVIDER_UNAVAILABLE`…). */
  error: InterviewKitError;
  /** Audio time (ms from the stream's first sample) at which the fallback took over. */
  atMs: number;
}

/** Options of {@link FailoverTranscriber}. */
export interface FailoverTranscriberOptions {
  /** The real transcriber (e.g. `AssemblyAITranscriber`). */
  primary: StreamingTranscriber;
  /** Creates the fallback when the primary fails for good. Default: a {@link MockTranscriber}. */
  fallback?: () => StreamingTranscriber;
  /** Sample rate of the audio (to place the fallback's timings on the stream clock). Default 16 000. */
  sampleRate?: number;
  /** Called once, when the fallback takes over. */
  onFallback?: (fallback: TranscriberFallback) => void;
}

/**
 * A transcriber that keeps an interview going when its real provider fails for good: on the
 * primary's fatal error (or a failed `start`), it closes the primary, starts the fallback (the
 * mock by default) and sends it the audio from then on. `mock` and `provider` follow the active
 * transcriber, so transcripts are flagged as mock from the switch; the fallback's word timings
 * are shifted onto the stream's clock. The failure is re-emitted as a non-fatal `error` event
 * and reported through `onFallback`.
 */
export class FailoverTranscriber implements StreamingTranscriber {
  private readonly listeners = new TranscriberListeners();
  private readonly primary: StreamingTranscriber;
  private readonly createFallback: () => StreamingTranscriber;
  private readonly sampleRate: number;
  private readonly onFallback: ((fallback: TranscriberFallback) => void) | undefined;
  private activeTranscriber: StreamingTranscriber;
  private fallbackTranscriber: StreamingTranscriber | null = null;
  private samples = 0;
  private offsetMs = 0;
  private closed = false;

  constructor(options: FailoverTranscriberOptions) {
    this.primary = options.primary;
    this.activeTranscriber = options.primary;
    this.createFallback = options.fallback ?? (() => new MockTranscriber());
    this.sampleRate = options.sampleRate ?? 16_000;
    this.onFallback = options.onFallback;
    this.primary.onEvent((event) => this.onPrimaryEvent(event));
  }

  /** The active transcriber's provider. */
  get provider(): string {
    return this.activeTranscriber.provider;
  }

  /** Whether transcripts are mock now (true once the mock fallback took over). */
  get mock(): boolean {
    return this.activeTranscriber.mock;
  }

  /** Resolves once the primary is open, or once the fallback took over; never rejects for a provider failure. */
  async start(): Promise<void> {
    try {
      await this.primary.start();
    } catch (error) {
      this.failOver(error);
    }
  }

  sendAudio(samples: Int16Array): void {
    if (this.closed) return;
    this.samples += samples.length;
    this.activeTranscriber.sendAudio(samples);
  }

  flush(): Promise<void> {
    return this.activeTranscriber.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.primary.close(), this.fallbackTranscriber?.close()]);
  }

  onEvent(listener: TranscriberListener): () => void {
    return this.listeners.add(listener);
  }

  /** The candidate's words for a mock transcriber (the fallback): ignored while a real recognizer is active. */
  say(text: string): void {
    this.activeTranscriber.say?.(text);
  }

  private onPrimaryEvent(event: TranscriberEvent): void {
    if (this.fallbackTranscriber) return; // the primary's late events (its close) are over
    if (event.type === 'error' && event.fatal) {
      this.failOver(event.error);
      return;
    }
    if (event.type === 'close' && !this.closed) return; // a close without a fatal error is followed by one
    this.listeners.emit(event);
  }

  private failOver(cause: unknown): void {
    if (this.fallbackTranscriber || this.closed) return;
    const error = InterviewKitError.isInstance(cause)
      ? cause
      : new InterviewKitError('PROVIDER_ERROR', `${this.primary.provider} transcriber failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
          cause,
        });
    this.offsetMs = (this.samples * 1000) / this.sampleRate;
    const fallback = this.createFallback();
    this.fallbackTranscriber = fallback;
    this.activeTranscriber = fallback;
    fallback.onEvent((event) => this.listeners.emit(this.shift(event)));
    void this.primary.close().catch(() => undefined);
    this.listeners.emit({ type: 'error', error, fatal: false });
    this.onFallback?.({ from: this.primary.provider, to: fallback.provider, error, atMs: Math.round(this.offsetMs) });
    fallback.start().catch((startError: unknown) => {
      const failure = InterviewKitError.isInstance(startError)
        ? startError
        : new InterviewKitError('PROVIDER_ERROR', 'The fallback transcriber failed to start', { cause: startError });
      this.listeners.emit({ type: 'error', error: failure, fatal: true });
    });
  }

  /** The fallback's events on the stream clock (it started counting at the switch). */
  private shift(event: TranscriberEvent): TranscriberEvent {
    if (event.type !== 'partial' && event.type !== 'final') return event;
    const words: TranscriptWord[] = event.words.map((w) => ({ ...w, start: Math.round(w.start + this.offsetMs), end: Math.round(w.end + this.offsetMs) }));
    return { ...event, words };
  }
}
