import { InterviewKitError, type AudioPipelineTarget, type TimedWord } from '@interviewkit/core';
import { samplesToMs, validatePcmFrame } from '../audio/pcm';
import { pitchSummaryEvent } from '../pitch/pitch-statistics';
import { YinPitchTracker, type PitchOptions } from '../pitch/yin';
import { MockTranscriber } from '../transcription/mock-transcriber';
import type { StreamingTranscriber, TranscriberEvent, TranscriptWord } from '../transcription/streaming-transcriber';
import { EnergyVad, type VadEvent, type VadOptions } from '../vad/energy-vad';

// Where a pipeline sends what it hears: core's contract (one declaration for speech and server).
export type { AudioPipelineTarget } from '@interviewkit/core';

/** Options of {@link LiveAudioPipeline}. */
export interface LiveAudioPipelineOptions {
  target: AudioPipelineTarget;
  /** Default: a {@link MockTranscriber} paced by this pipeline's audio. */
  transcriber?: StreamingTranscriber;
  vad?: VadOptions;
  /**
   * Pitch tracking (YIN) over the same audio; each {@link LiveAudioPipeline.flush} (end of an
   * answer) and `close` emits a `pitch_summary` of the voiced frames since the previous one.
   * `false` disables it. Default: on, with the default {@link PitchOptions}.
   */
  pitch?: PitchOptions | false;
  /** Largest binary frame accepted (bytes). Default 64 000. */
  maxFrameBytes?: number;
  /** Audio that lags real time by more than this (ms) re-anchors the audio clock (the client paused sending). Default 1 000. */
  reanchorAfterMs?: number;
  /** Longest `flush` waits for the transcriber's final (ms). Default 1 500. */
  flushTimeoutMs?: number;
}

/**
 * One live session's audio path: PCM16 16 kHz mono frames → energy VAD → `speech_start` /
 * `speech_end` events, and → the streaming transcriber → `transcript_partial` /
 * `transcript_final` events with word timings, all in session time.
 *
 * **Timing.** Audio time comes from the count of samples received; the pipeline anchors it to
 * session time at the first frame (and again only when the client paused sending for longer than
 * `reanchorAfterMs`), so network jitter — frames arriving in bursts — changes no timestamp.
 *
 * **Which source wins.** Speaking time and pauses come from the VAD, not from word timings:
 * the VAD sees every sound the candidate makes (including hesitations a recognizer drops), its
 * boundaries are exact to one 20 ms frame and available immediately, and they do not depend on
 * which provider (or the mock) is transcribing. Word timings are kept on the transcript events
 * (in session ms) for display and research, not used for the speaking-time metrics.
 */
export class LiveAudioPipeline {
  readonly transcriber: StreamingTranscriber;
  private readonly target: AudioPipelineTarget;
  private readonly vad: EnergyVad;
  private readonly pitch: YinPitchTracker | null;
  private readonly maxFrameBytes: number;
  private readonly reanchorAfterMs: number;
  private readonly flushTimeoutMs: number;
  private readonly sampleRate: number;
  private samples = 0;
  /** Session time of audio sample 0; null until the first frame. */
  private anchor: number | null = null;
  private readonly vadEvents: VadEvent[] = [];
  private readonly unsubscribe: () => void;
  private started: Promise<void>;
  /** Latest timestamp emitted: events leave the pipeline in time order. */
  private lastT = -Infinity;
  private closed = false;

  constructor(options: LiveAudioPipelineOptions) {
    this.target = options.target;
    this.vad = new EnergyVad(options.vad);
    this.sampleRate = this.vad.options.sampleRate;
    // Live default: analysed at 4 kHz every 20 ms — about 30× cheaper than 16 kHz / 10 ms, with
    // speech f0 (≤ 400 Hz) still well below the 2 kHz Nyquist frequency and tones within 2%;
    // answer-level statistics need no finer resolution. Options override it.
    this.pitch = options.pitch === false ? null : new YinPitchTracker({ sampleRate: this.sampleRate, downsample: 4, hopMs: 20, ...options.pitch });
    this.transcriber = options.transcriber ?? new MockTranscriber(options.vad ? { vad: options.vad } : {});
    this.maxFrameBytes = options.maxFrameBytes ?? 64_000;
    this.reanchorAfterMs = options.reanchorAfterMs ?? 1000;
    this.flushTimeoutMs = options.flushTimeoutMs ?? 1500;
    this.unsubscribe = this.transcriber.onEvent((event) => this.onTranscriberEvent(event));
    this.started = this.transcriber.start().catch((error: unknown) => this.target.onError(error));
  }

  /** Whether transcripts are mock. */
  get mock(): boolean {
    return this.transcriber.mock;
  }

  /** Milliseconds of audio received. */
  get audioMs(): number {
    return samplesToMs(this.samples, this.sampleRate);
  }

  /** Tells the mock transcriber what the candidate is saying (ignored by real recognizers). */
  script(text: string): void {
    this.transcriber.say?.(text);
  }

  /** Accepts one binary frame; invalid frames raise typed errors and change nothing. */
  push(frame: Uint8Array): void {
    if (this.closed) throw new InterviewKitError('INVALID_STATE', 'The audio pipeline is closed');
    const samples = validatePcmFrame(frame, { maxBytes: this.maxFrameBytes });
    const frameMs = samplesToMs(samples.length, this.sampleRate);
    const now = this.target.now();
    // Clamped at 0: audio that starts within the first frame of the session must not get negative times.
    if (this.anchor === null) this.anchor = Math.max(0, now - frameMs);
    else {
      const lag = now - (this.anchor + this.audioMs + frameMs);
      if (lag > this.reanchorAfterMs) this.anchor += lag;
    }
    this.samples += samples.length;
    this.vadEvents.length = 0;
    this.vad.process(samples, this.vadEvents);
    this.emitVad();
    this.pitch?.process(samples);
    this.transcriber.sendAudio(samples);
  }

  /** Ends the current speech segment and waits (bounded) for the transcriber's final transcript. */
  async flush(): Promise<void> {
    this.vadEvents.length = 0;
    this.vad.flush(this.vadEvents);
    this.emitVad();
    this.emitPitch();
    await this.started;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.transcriber.flush().catch((error: unknown) => this.target.onError(error)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.flushTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Closes the transcriber. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.vadEvents.length = 0;
    this.vad.flush(this.vadEvents);
    this.emitVad();
    this.emitPitch();
    await this.transcriber.close().catch((error: unknown) => this.target.onError(error));
    this.unsubscribe();
  }

  /** Session time of audio time `ms`. */
  toSessionMs(ms: number): number {
    return Math.round((this.anchor ?? this.target.now()) + ms);
  }

  private emitVad(): void {
    for (const event of this.vadEvents) {
      const t = Math.max(this.lastT, this.toSessionMs(event.ms));
      this.lastT = t;
      this.target.ingest({ type: event.type, t });
    }
  }

  /** Emits the pitch summary of the audio since the last one (if any frame was voiced), at the end of that audio. */
  private emitPitch(): void {
    const summary = this.pitch?.summary();
    if (!summary) return;
    this.pitch!.resetStatistics();
    // Never after the session clock (rounding of the anchor could put it a fraction of a ms ahead).
    const t = Math.max(this.lastT, Math.floor(Math.min(this.target.now(), this.toSessionMs(this.audioMs))));
    this.lastT = t;
    try {
      this.target.ingest(pitchSummaryEvent(summary, t));
    } catch (error) {
      this.target.onError(error);
    }
  }

  /**
   * Transcripts are stamped with the latest voice-activity time rather than their arrival: they
   * describe audio already heard, and this keeps the log in order (a final that arrives during
   * the VAD's hangover must not land after the speech_end that the hangover later emits).
   */
  private transcriptT(): number {
    if (this.lastT === -Infinity) this.lastT = this.anchor ?? this.target.now();
    return this.lastT;
  }

  private onTranscriberEvent(event: TranscriberEvent): void {
    try {
      switch (event.type) {
        case 'partial':
          if (event.text) this.target.ingest({ type: 'transcript_partial', t: this.transcriptT(), text: event.text, ...this.sessionWords(event.words) });
          break;
        case 'final':
          if (event.text) this.target.ingest({ type: 'transcript_final', t: this.transcriptT(), text: event.text, ...this.sessionWords(event.words) });
          break;
        case 'error':
          this.target.onError(event.error);
          break;
        default:
          break;
      }
    } catch (error) {
      this.target.onError(error);
    }
  }

  private sessionWords(words: TranscriptWord[]): { words?: TimedWord[] } {
    if (words.length === 0) return {};
    return { words: words.slice(0, 500).map((w) => ({ text: w.text.slice(0, 200), start: this.toSessionMs(w.start), end: this.toSessionMs(Math.max(w.start, w.end)), ...(w.confidence !== undefined ? { confidence: w.confidence } : {}) })) };
  }
}

