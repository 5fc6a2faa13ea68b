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
  /**
   * Frames without a capture time: a frame arriving more than this (ms) later than the audio
   * clock expects means the client paused sending, and the pause counts as silence of its
   * length. Shorter lags are network jitter and change nothing. Default 250.
   */
  gapThresholdMs?: number;
  /** @deprecated The former name of `gapThresholdMs`. */
  reanchorAfterMs?: number;
  /** Longest `flush` waits for the transcriber's final (ms). Default 1 500. */
  flushTimeoutMs?: number;
}

/**
 * One live session's audio path: PCM16 16 kHz mono frames → energy VAD → `speech_start` /
 * `speech_end` events, and → the streaming transcriber → `transcript_partial` /
 * `transcript_final` events with word timings, all in session time.
 *
 * **Timing (the audio clock).** Within a stretch of contiguous audio, time comes from the count
 * of samples received, so network jitter — frames arriving in bursts — changes no timestamp. Each
 * stretch is anchored to session time:
 * - a frame with a capture time (`push(frame, capturedAt)`, the client stamps its frames) starts
 *   exactly there: a capture time later than the end of the audio so far is a gap in capturing;
 * - a frame without one starts where the audio so far ends, unless it arrives more than
 *   `gapThresholdMs` late. Then the pipeline holds the audio that follows until twice the lag of
 *   it has arrived (at most 2 s): network jitter is followed by a burst that catches up, a
 *   pause in sending by audio in real time; the gap is the least lag seen over that audio
 *   (audio cannot arrive before it was captured). The first frame ends when it arrives.
 * A gap is silence: a speech segment open across a gap at least the VAD's hangover long ends at
 * its last voiced frame (shorter gaps are bridged, as the same silence would be). The clock never
 * goes back: a capture time inside audio already received is ignored (contiguous).
 * After each frame the pipeline reports its watermark (`target.advance`): the earliest time a
 * speech boundary still to come could have (the VAD's `pendingBoundaryFloorMs`, and never less
 * than its hangover or minimum speech plus two frames behind the audio end), so the host can
 * order its log.
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
  private readonly gapThresholdMs: number;
  /** How far behind the audio end a boundary the VAD has not emitted yet can lie (ms). */
  private readonly lookbackMs: number;
  private readonly flushTimeoutMs: number;
  private readonly sampleRate: number;
  private samples = 0;
  /**
   * The audio clock: stretches of contiguous audio, each mapping audio ms ≥ `fromMs` to session
   * time `anchor + ms`. Empty until the first frame.
   */
  private readonly stretches: Array<{ fromMs: number; anchor: number }> = [];
  /** Latest VAD boundary emitted (boundaries leave in time order). */
  private lastVadT = -Infinity;
  /** Latest watermark reported. */
  private watermark = -Infinity;
  /** Frames held after a late arrival until it is clear whether it was a pause or jitter. */
  private pending: { fromMs: number; frames: Int16Array[]; ms: number; minAnchor: number; settleMs: number } | null = null;
  private readonly vadEvents: VadEvent[] = [];
  private readonly unsubscribe: () => void;
  private started: Promise<void>;
  /** Latest transcript or pitch time emitted (they leave in time order). */
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
    // The default mock gets every chunk right after this pipeline's VAD (process()), so it reads
    // that VAD's band energies instead of filtering the audio a second time.
    this.transcriber = options.transcriber ?? new MockTranscriber({ ...(options.vad ? { vad: options.vad } : {}), bandEnergyFrom: this.vad });
    this.maxFrameBytes = options.maxFrameBytes ?? 64_000;
    this.gapThresholdMs = options.gapThresholdMs ?? options.reanchorAfterMs ?? 250;
    const vad = this.vad.options;
    this.lookbackMs = Math.max(vad.hangoverMs, vad.minSpeechMs) + 2 * vad.frameMs;
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

  /**
   * Accepts one binary frame; invalid frames raise typed errors and change nothing.
   * `capturedAt`: the session time of the frame's first sample, when the client stamps its
   * frames (the host maps the client's clock onto the session's); otherwise the audio clock
   * follows arrival (see the class notes).
   */
  push(frame: Uint8Array, capturedAt?: number): void {
    if (this.closed) throw new InterviewKitError('INVALID_STATE', 'The audio pipeline is closed');
    if (capturedAt !== undefined && !Number.isFinite(capturedAt)) throw new InterviewKitError('INVALID_ARGUMENT', 'capturedAt must be a finite number of ms');
    const samples = validatePcmFrame(frame, { maxBytes: this.maxFrameBytes });
    const frameMs = samplesToMs(samples.length, this.sampleRate);
    if (capturedAt !== undefined || this.stretches.length === 0) {
      this.settle();
      const at = Math.max(0, capturedAt ?? this.target.now() - frameMs);
      if (this.stretches.length === 0) this.stretches.push({ fromMs: 0, anchor: at });
      else this.openGap(at - (this.anchorAt(this.audioMs) + this.audioMs));
      this.process(samples);
      return;
    }
    const now = this.target.now();
    const pending = this.pending;
    if (pending !== null) {
      pending.frames.push(samples);
      pending.ms += frameMs;
      pending.minAnchor = Math.min(pending.minAnchor, now - (pending.fromMs + pending.ms));
      if (pending.ms >= pending.settleMs) this.settle();
      else this.advance(this.watermark);
      return;
    }
    const expectedEnd = this.anchorAt(this.audioMs) + this.audioMs + frameMs;
    const lag = now - expectedEnd;
    if (lag > this.gapThresholdMs) {
      // Late: a pause in sending, or network jitter? Jitter is followed by a burst that catches
      // up; a pause by audio in real time. Hold the audio until twice the lag of it (at most 2 s)
      // has arrived, then count as the gap the least lag seen (audio cannot arrive before it was captured).
      this.pending = { fromMs: this.audioMs, frames: [samples], ms: frameMs, minAnchor: now - (this.audioMs + frameMs), settleMs: Math.min(2 * lag, 2000) };
      if (frameMs >= this.pending.settleMs) this.settle();
      else this.advance(this.watermark);
      return;
    }
    this.process(samples);
  }

  /** Ends a pending decision about a late stretch: counts its gap and processes its audio. */
  private settle(): void {
    const pending = this.pending;
    if (pending === null) return;
    this.pending = null;
    this.openGap(pending.minAnchor - this.anchorAt(pending.fromMs));
    for (const samples of pending.frames) this.process(samples);
  }

  /** A gap of `gap` ms of silence before the next audio (nothing when under a millisecond: rounding, or a clock that would go back). */
  private openGap(gap: number): void {
    if (!(gap >= 1)) return;
    const startMs = this.audioMs;
    if (gap >= this.vad.options.hangoverMs) {
      // Silence at least the hangover long ends an open segment at its last voiced frame.
      this.vadEvents.length = 0;
      this.vad.flush(this.vadEvents);
      this.emitVad();
    }
    this.stretches.push({ fromMs: startMs, anchor: this.anchorAt(startMs) + gap });
    // Word timings may refer back a while; older stretches merge into the oldest kept.
    if (this.stretches.length > 512) this.stretches.splice(1, this.stretches.length - 512);
  }

  private process(samples: Int16Array): void {
    this.samples += samples.length;
    this.vadEvents.length = 0;
    this.vad.process(samples, this.vadEvents);
    this.emitVad();
    this.pitch?.process(samples);
    this.transcriber.sendAudio(samples);
    // The VAD says how far back a boundary still to come can lie: a start led back over a soft
    // onset, an end behind a bridged dip, the first sound of a stream kept by the cold start.
    this.advance(this.sessionFloor(Math.max(0, Math.min(this.audioMs - this.lookbackMs, this.vad.pendingBoundaryFloorMs))));
  }

  private anchorAt(ms: number): number {
    for (let i = this.stretches.length - 1; i >= 0; i--) {
      const s = this.stretches[i]!;
      if (s.fromMs <= ms) return s.anchor;
    }
    return this.stretches[0]!.anchor;
  }

  /** Reports the watermark after every frame — also without progress (audio is flowing, held or not). */
  private advance(t: number): void {
    if (t > this.watermark) this.watermark = t;
    if (this.watermark === -Infinity) return;
    try {
      this.target.advance?.(this.watermark);
    } catch (error) {
      this.target.onError(error);
    }
  }

  /** Ends the current speech segment and waits (bounded) for the transcriber's final transcript. */
  async flush(): Promise<void> {
    this.settle();
    this.vadEvents.length = 0;
    this.vad.flush(this.vadEvents);
    this.emitVad();
    // Nothing is pending in the VAD: no boundary can come before the end of the audio.
    if (this.stretches.length > 0) this.advance(this.sessionFloor(this.audioMs));
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
    this.settle();
    this.vadEvents.length = 0;
    this.vad.flush(this.vadEvents);
    this.emitVad();
    this.emitPitch();
    await this.transcriber.close().catch((error: unknown) => this.target.onError(error));
    this.unsubscribe();
  }

  /** Session time of audio time `ms` (ms of audio received), on the stretch of audio it belongs to. */
  toSessionMs(ms: number): number {
    if (this.stretches.length === 0) return Math.round(this.target.now());
    return Math.round(this.anchorAt(ms) + ms);
  }

  /** Session time of audio time `ms`, rounded down (a watermark must not run ahead of the audio). */
  private sessionFloor(ms: number): number {
    return Math.floor(this.anchorAt(ms) + ms);
  }

  private emitVad(): void {
    for (const event of this.vadEvents) {
      // Boundaries leave in order (they do already: audio time only grows and the clock never goes back).
      const t = Math.max(this.lastVadT, this.toSessionMs(event.ms));
      this.lastVadT = t;
      this.target.ingest({ type: event.type, t });
    }
  }

  /** Emits the pitch summary of the audio since the last one (if any frame was voiced), at the end of that audio. */
  private emitPitch(): void {
    const summary = this.pitch?.summary();
    if (!summary) return;
    this.pitch!.resetStatistics();
    // At the end of that audio (the host's log places it after anything logged since).
    const t = Math.max(this.lastT, this.sessionFloor(this.audioMs));
    this.lastT = t;
    try {
      this.target.ingest(pitchSummaryEvent(summary, t));
    } catch (error) {
      this.target.onError(error);
    }
  }

  /**
   * Transcripts are stamped with the watermark — audio time, not their arrival: they describe
   * audio already heard, so the host can log them at once, and they never make a speech boundary
   * move (a boundary the VAD emits later keeps its own time, before or after them).
   */
  private transcriptT(): number {
    const base = this.watermark === -Infinity ? (this.stretches.length > 0 ? this.sessionFloor(0) : this.target.now()) : this.watermark;
    const t = Math.max(this.lastT, Math.floor(base));
    this.lastT = t;
    return t;
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
    return {
      words: words.slice(0, 500).map((w) => ({
        text: w.text.slice(0, 200),
        start: this.toSessionMs(w.start),
        end: this.toSessionMs(Math.max(w.start, w.end)),
        ...(w.confidence !== undefined ? { confidence: w.confidence } : {}),
      })),
    };
  }
}
