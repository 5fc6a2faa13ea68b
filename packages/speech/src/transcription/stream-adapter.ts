import {
  assertSpecificationVersion,
  isLiveTranscriber,
  type InterviewKitError,
  type LiveTranscriber,
  type Transcriber,
  type TranscriberInput,
  type TranscriptPart,
} from '@interviewkit/core';
import type { VadOptions } from '../vad/energy-vad';
import { SegmentTranscriberAdapter, type SegmentAdapterOptions } from './segment-adapter';
import { TranscriberListeners, type StreamingTranscriber, type TranscriberEvent, type TranscriberListener } from './streaming-transcriber';

/** Options of {@link toStreamingTranscriber}. */
export interface TranscriberAdapterOptions {
  /** Sample rate of the PCM16 mono audio (default 16 000). */
  sampleRate?: number;
  /** Voice activity settings; segment transcribers are fed the speech segments this VAD finds. */
  vad?: VadOptions;
  /** How segment transcribers are fed (padding, longest segment, failures tolerated). */
  segments?: Omit<SegmentAdapterOptions, 'sampleRate' | 'vad'>;
}

/**
 * Adapts any core `Transcriber` to the live pipeline's port ({@link StreamingTranscriber}), by its
 * declared capabilities — the one place that reads them:
 * - `streaming: true` → the transcriber's stream of parts is bridged to the port's calls and events;
 * - `streaming: false` → a voice activity detector cuts the audio into speech segments and each is
 *   transcribed by one call ({@link SegmentTranscriberAdapter});
 * - `scripting: true` → the port's `say(text)` writes `script` input parts (the mock); other
 *   transcribers have no `say`, so scripted words can never reach a real recognizer.
 * A transcriber written for another contract version is refused (`INVALID_ARGUMENT`).
 */
export function toStreamingTranscriber(transcriber: Transcriber, options: TranscriberAdapterOptions = {}): StreamingTranscriber {
  assertSpecificationVersion('transcriber', transcriber);
  const sampleRate = options.sampleRate ?? options.vad?.sampleRate ?? 16_000;
  if (isLiveTranscriber(transcriber)) return new LiveTranscriberAdapter(transcriber, sampleRate);
  return new SegmentTranscriberAdapter(transcriber, { ...options.segments, sampleRate, ...(options.vad ? { vad: options.vad } : {}) });
}

/** A {@link LiveTranscriber}'s stream of parts behind the pipeline's port. */
class LiveTranscriberAdapter implements StreamingTranscriber {
  readonly provider: string;
  readonly mock: boolean;
  readonly say?: (text: string) => void;
  private readonly listeners = new TranscriberListeners();
  private readonly input: ReadableStream<TranscriberInput>;
  private inputController!: ReadableStreamDefaultController<TranscriberInput>;
  private inputOpen = true;
  private started: Promise<void> | null = null;
  private finished = false;
  private finishedPromise: Promise<void> | null = null;
  private nextFlushId = 0;
  private readonly flushWaiters = new Map<number, () => void>();

  constructor(
    private readonly transcriber: LiveTranscriber,
    private readonly sampleRate: number,
  ) {
    this.provider = transcriber.provider;
    this.mock = transcriber.capabilities.scripting;
    this.input = new ReadableStream<TranscriberInput>({
      start: (controller) => {
        this.inputController = controller;
      },
    });
    if (transcriber.capabilities.scripting) this.say = (text) => this.write({ type: 'script', text });
  }

  start(): Promise<void> {
    this.started ??= new Promise<void>((resolve, reject) => {
      const { stream } = this.transcriber.stream({ input: this.input, sampleRate: this.sampleRate });
      let open = false;
      this.finishedPromise = this.read(stream, {
        onOpen: () => {
          open = true;
          resolve();
        },
        onFatal: (error) => {
          if (!open) reject(error);
        },
        onFinish: () => resolve(),
      });
    });
    return this.started;
  }

  sendAudio(samples: Int16Array): void {
    // A copy: the input is read asynchronously, and callers reuse their buffers.
    this.write({ type: 'audio', samples: samples.slice() });
  }

  flush(): Promise<void> {
    if (!this.started || this.finished || !this.inputOpen) return Promise.resolve();
    const id = ++this.nextFlushId;
    return new Promise<void>((resolve) => {
      this.flushWaiters.set(id, resolve);
      this.write({ type: 'flush', id });
    });
  }

  async close(): Promise<void> {
    if (this.inputOpen) {
      this.inputOpen = false;
      try {
        this.inputController.close();
      } catch {
        // the transcriber already finished and cancelled its input
      }
    }
    if (!this.started) {
      if (!this.finished) {
        this.finished = true;
        this.listeners.emit({ type: 'close', code: 1000, reason: 'closed' });
      }
      return;
    }
    await this.finishedPromise;
  }

  onEvent(listener: TranscriberListener): () => void {
    return this.listeners.add(listener);
  }

  private write(input: TranscriberInput): void {
    if (!this.inputOpen || this.finished) return;
    try {
      this.inputController.enqueue(input);
    } catch {
      // the transcriber already finished and cancelled its input
    }
  }

  private async read(
    stream: ReadableStream<TranscriptPart>,
    hooks: { onOpen: () => void; onFatal: (error: InterviewKitError) => void; onFinish: () => void },
  ): Promise<void> {
    for await (const part of stream) {
      const event = this.toEvent(part);
      if (part.type === 'session-start') hooks.onOpen();
      if (part.type === 'error' && !part.recoverable) hooks.onFatal(part.error);
      if (part.type === 'flush-complete') {
        this.flushWaiters.get(part.id)?.();
        this.flushWaiters.delete(part.id);
      }
      if (part.type === 'finish') {
        this.finished = true;
        this.inputOpen = false;
        for (const done of this.flushWaiters.values()) done();
        this.flushWaiters.clear();
        hooks.onFinish();
      }
      if (event) this.listeners.emit(event);
    }
  }

  private toEvent(part: TranscriptPart): TranscriberEvent | null {
    switch (part.type) {
      case 'session-start':
        return { type: 'ready', ...(part.sessionId !== undefined ? { sessionId: part.sessionId } : {}) };
      case 'transcript-partial':
        return { type: 'partial', text: part.text, words: part.words };
      case 'transcript-final':
        return { type: 'final', text: part.text, words: part.words, endOfTurn: part.endOfTurn };
      case 'error':
        return { type: 'error', error: part.error, fatal: !part.recoverable };
      case 'finish':
        return { type: 'close', ...(part.reason === 'closed' ? { code: 1000 } : {}), reason: part.reason };
      default:
        // speech-start (the pipeline's own VAD times speech) and flush-complete (handled above).
        return null;
    }
  }
}
