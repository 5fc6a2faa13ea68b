import { InterviewKitError, type SegmentTranscriber, type SegmentTranscript, type TranscriptWord } from '@interviewkit/core';
import { EnergyVad, type VadEvent, type VadOptions } from '../vad/energy-vad';
import { TranscriberListeners, type StreamingTranscriber, type TranscriberListener } from './streaming-transcriber';

/** Options of {@link SegmentTranscriberAdapter}. Durations are milliseconds. */
export interface SegmentAdapterOptions {
  /** Sample rate of the PCM16 mono audio (default 16 000). */
  sampleRate?: number;
  /** The voice activity settings that cut the segments (the live pipeline passes its own, so both agree). */
  vad?: VadOptions;
  /** Audio kept before a segment's detected start and after its end, so onsets and trailing consonants are not clipped. Default 200. */
  paddingMs?: number;
  /** Longest segment sent in one call; longer speech is split there. Default 30 000. */
  maxSegmentMs?: number;
  /** Segments shorter than this (clicks, a cough) are not sent. Default 150. */
  minSegmentMs?: number;
  /** Consecutive failed segments after which the transcriber is given up (a fatal error: the pipeline's failover takes over). Default 3. */
  maxConsecutiveFailures?: number;
}

/**
 * Drives a segment transcriber (`capabilities.streaming: false`, e.g. OpenAI's transcription
 * endpoint) from a live stream: an {@link EnergyVad} cuts the audio into speech segments — with the
 * same settings as the pipeline's VAD, so segments match the logged `speech_start`/`speech_end` —
 * and each segment is transcribed by one call, in order. A segment's words keep the provider's
 * timings when it measures them (`wordTimestamps`), placed on the stream clock; otherwise they are
 * spread evenly over the VAD segment (so they still fall inside the speech that was heard).
 *
 * Failures: a non-retryable error (bad key, no quota) or `maxConsecutiveFailures` failed segments
 * in a row is fatal (the pipeline's failover then switches to the mock); any other failed segment
 * is a non-fatal error and its words are lost. `flush()` ends the current segment and resolves once
 * every pending segment was transcribed.
 */
export class SegmentTranscriberAdapter implements StreamingTranscriber {
  readonly provider: string;
  readonly mock = false;
  private readonly listeners = new TranscriberListeners();
  private readonly vad: EnergyVad;
  private readonly sampleRate: number;
  private readonly padding: number;
  private readonly maxSegment: number;
  private readonly minSegment: number;
  private readonly maxFailures: number;
  private readonly buffer = new SampleBuffer();
  private readonly vadEvents: VadEvent[] = [];
  /** Absolute sample where the current segment's speech started; null outside speech. */
  private segmentStart: number | null = null;
  /** Samples received. */
  private position = 0;
  /** Segments are transcribed one after the other, in order. */
  private queue: Promise<void> = Promise.resolve();
  private failures = 0;
  private state: 'open' | 'failed' | 'closed' = 'open';
  private readonly abort = new AbortController();

  constructor(
    private readonly transcriber: SegmentTranscriber,
    options: SegmentAdapterOptions = {},
  ) {
    this.provider = transcriber.provider;
    this.sampleRate = options.sampleRate ?? 16_000;
    this.vad = new EnergyVad({ ...options.vad, sampleRate: this.sampleRate });
    this.padding = this.samples(options.paddingMs ?? 200);
    this.maxSegment = this.samples(options.maxSegmentMs ?? 30_000);
    this.minSegment = this.samples(options.minSegmentMs ?? 150);
    this.maxFailures = options.maxConsecutiveFailures ?? 3;
  }

  start(): Promise<void> {
    this.listeners.emit({ type: 'ready' });
    return Promise.resolve();
  }

  sendAudio(samples: Int16Array): void {
    if (this.state !== 'open') return;
    this.buffer.append(samples, this.position);
    this.position += samples.length;
    this.vadEvents.length = 0;
    this.vad.process(samples, this.vadEvents);
    this.onVadEvents();
    if (this.segmentStart !== null && this.position - this.segmentStart >= this.maxSegment) {
      // Long speech without a pause: send what there is, go on with a new segment.
      this.cut(this.segmentStart, this.position, false);
      this.segmentStart = this.position;
    }
    // Only the current segment and the padding before it (or before the next onset) are needed.
    this.buffer.dropBefore((this.segmentStart ?? this.position) - this.padding);
  }

  async flush(): Promise<void> {
    if (this.state === 'open') {
      this.vadEvents.length = 0;
      this.vad.flush(this.vadEvents);
      this.onVadEvents();
      if (this.segmentStart !== null) {
        this.cut(this.segmentStart, this.position, true);
        this.segmentStart = null;
      }
    }
    await this.queue;
  }

  async close(): Promise<void> {
    if (this.state === 'closed') return;
    await this.flush();
    const wasFailed = this.state === 'failed';
    this.state = 'closed';
    this.abort.abort();
    if (!wasFailed) this.listeners.emit({ type: 'close', code: 1000, reason: 'closed' });
  }

  onEvent(listener: TranscriberListener): () => void {
    return this.listeners.add(listener);
  }

  private samples(ms: number): number {
    return Math.round((ms * this.sampleRate) / 1000);
  }

  private ms(samples: number): number {
    return (samples * 1000) / this.sampleRate;
  }

  private onVadEvents(): void {
    for (const event of this.vadEvents) {
      const at = Math.round((event.ms * this.sampleRate) / 1000);
      if (event.type === 'speech_start') this.segmentStart ??= at;
      else if (this.segmentStart !== null) {
        this.cut(this.segmentStart, at, true);
        this.segmentStart = null;
      }
    }
  }

  /** Queues the transcription of speech [from, to) (absolute samples), with padding where the audio has it. */
  private cut(from: number, to: number, pad: boolean): void {
    if (to - from < this.minSegment) return;
    const start = Math.max(this.buffer.start, from - this.padding);
    const end = Math.min(this.position, pad ? to + this.padding : to);
    const audio = this.buffer.slice(start, end);
    const speech = { startMs: this.ms(from), endMs: this.ms(to), audioStartMs: this.ms(start) };
    this.queue = this.queue.then(() => this.transcribe(audio, speech));
  }

  private async transcribe(audio: Int16Array, speech: { startMs: number; endMs: number; audioStartMs: number }): Promise<void> {
    if (this.state !== 'open') return;
    let result: SegmentTranscript;
    try {
      result = await this.transcriber.transcribe({ audio, sampleRate: this.sampleRate, abortSignal: this.abort.signal });
    } catch (cause) {
      if (this.state !== 'open') return;
      const error = InterviewKitError.isInstance(cause) ? cause : new InterviewKitError('PROVIDER_ERROR', `${this.provider} transcription failed`, { cause });
      this.failures += 1;
      const fatal = !error.retryable || this.failures >= this.maxFailures;
      this.listeners.emit({ type: 'error', error, fatal });
      if (fatal) {
        this.state = 'failed';
        this.listeners.emit({ type: 'close', reason: error.message });
      }
      return;
    }
    this.failures = 0;
    const text = result.text.trim();
    if (text === '' || this.state !== 'open') return;
    const words =
      result.words && result.words.length > 0 && this.transcriber.capabilities.wordTimestamps
        ? placed(result.words, speech.audioStartMs)
        : spread(text, speech.startMs, speech.endMs);
    this.listeners.emit({ type: 'final', text, words, endOfTurn: true });
  }
}

/** The provider's word timings (ms from the segment audio's start) on the stream clock. */
function placed(words: TranscriptWord[], offsetMs: number): TranscriptWord[] {
  return words.map((w) => ({ ...w, start: Math.round(offsetMs + w.start), end: Math.round(offsetMs + Math.max(w.start, w.end)) }));
}

/** Words without timings spread evenly over the speech segment: each gets an equal slot. */
function spread(text: string, startMs: number, endMs: number): TranscriptWord[] {
  const tokens = text.split(/\s+/).filter(Boolean);
  const slot = Math.max(0, endMs - startMs) / Math.max(1, tokens.length);
  return tokens.map((token, i) => ({ text: token, start: Math.round(startMs + i * slot), end: Math.round(startMs + i * slot + slot * 0.9) }));
}

/** Recent audio by absolute sample index: appended in order, sliced by range, dropped from the front. */
class SampleBuffer {
  private chunks: Array<{ at: number; samples: Int16Array }> = [];

  /** Absolute index of the oldest sample held. */
  get start(): number {
    return this.chunks[0]?.at ?? 0;
  }

  append(samples: Int16Array, at: number): void {
    this.chunks.push({ at, samples: samples.slice() });
  }

  dropBefore(sample: number): void {
    while (this.chunks.length > 0 && this.chunks[0]!.at + this.chunks[0]!.samples.length <= sample) this.chunks.shift();
  }

  slice(from: number, to: number): Int16Array {
    const out = new Int16Array(Math.max(0, to - from));
    for (const { at, samples } of this.chunks) {
      const a = Math.max(from, at);
      const b = Math.min(to, at + samples.length);
      if (b > a) out.set(samples.subarray(a - at, b - at), a - from);
    }
    return out;
  }
}
