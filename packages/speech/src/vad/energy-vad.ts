import { invalidArgumentError } from '@interviewkit/core';
import * as z from 'zod';
import { Biquad } from '../audio/biquad';
import { SAMPLE_RATE } from '../audio/pcm';
import { BandEnergyMeter, type BandEnergySource } from './band-energy';

/** Options of the default `noise-floor` mode of {@link EnergyVad} (all have defaults). */
export const NoiseFloorOptionsSchema = z.object({
  /** Speech band (Hz) the level is measured in: removes DC, mains hum and its low harmonics, and hiss above the voice. */
  bandHz: z.tuple([z.number().min(20).max(1000), z.number().min(1000).max(8000)]).default([250, 3000]),
  /** Minimum-statistics window (ms): the quietest frame of this long is the lowest the room can be. */
  floorWindowMs: z.number().int().min(500).max(20_000).default(3000),
  /** Time constant (ms) of the room's level and spread, learnt from frames outside speech. */
  noiseTimeConstantMs: z.number().int().min(100).max(20_000).default(2000),
  /** A frame this far (dB) above the room's level — and `onSigmas` of its spread — can open a segment. */
  onMarginDb: z.number().min(1).max(40).default(4),
  onSigmas: z.number().min(0).max(10).default(2.5),
  /** Frames this far above the room (dB, and `offSigmas` of its spread) continue and extend a segment (hysteresis). */
  offMarginDb: z.number().min(0.5).max(40).default(1.5),
  offSigmas: z.number().min(0).max(10).default(1.5),
  /** How far (ms) a segment's start may be extended back over the quiet frames that led into it. */
  maxLeadMs: z.number().int().min(0).max(1000).default(300),
  /**
   * Bridging: once `hangoverMs` has passed without a strong frame, the segment ends only if the
   * mean level of the frames since is within this many dB (and `bridgeSigmas` of the room's
   * spread) of the room's level — a dip that never falls to the room is still speech.
   */
  bridgeMarginDb: z.number().min(0).max(20).default(0.5),
  bridgeSigmas: z.number().min(0).max(10).default(0.5),
  /** A dip is bridged for at most this long (ms) without a strong frame; then the segment ends anyway. */
  maxBridgeMs: z.number().int().min(0).max(5000).default(800),
  /** The room is never taken to be quieter than this (dBFS): digital silence does not make hiss speech. */
  minNoiseDbfs: z.number().min(-120).max(-20).default(-70),
  /**
   * Cold start (a stream that opens mid-speech): for up to this long (ms) from the stream's first
   * sample the frames are kept and the segments decided on them are held back. When the quietest
   * 160 ms stretch so far turns out at least `coldStartRiseDb` below the level the room was first
   * taken to be (the stream opened on a sound, not on the room), the room is relearnt from that
   * stretch and the kept frames are decided again: their segments are emitted, the first starting
   * at the stream's first sound. Otherwise the held segments are emitted as decided — at once when
   * the first one opens over a room that has not fallen since the stream began (the usual case:
   * the room first), else after this long. 0 turns it off.
   */
  coldStartMs: z.number().int().min(0).max(10_000).default(3000),
  /** See `coldStartMs`. Measured: 4-talker babble alone dips at most 9.7 dB; read speech over 20 dB SNR noise 10.9–15 dB within 3 s. */
  coldStartRiseDb: z.number().min(1).max(60).default(12),
});

/** Options of {@link EnergyVad}. */
export const VadOptionsSchema = z.object({
  sampleRate: z.number().int().min(8000).max(48_000).default(SAMPLE_RATE),
  /** Analysis frame length (ms). */
  frameMs: z.number().int().min(5).max(100).default(20),
  /**
   * `noise-floor` (default): thresholds relative to the tracked level of the room, measured in the
   * speech band — nothing depends on an absolute level. `fixed`: the pre-0.2 detector, a fixed
   * `thresholdDbfs` on the raw signal (optionally `adaptive`), kept for compatibility.
   */
  mode: z.enum(['noise-floor', 'fixed']).default('noise-floor'),
  /** Tuning of the `noise-floor` mode. */
  noiseFloor: NoiseFloorOptionsSchema.default(NoiseFloorOptionsSchema.parse({})),
  /** `fixed` mode: frames at or above this level (dBFS) are voiced. */
  thresholdDbfs: z.number().min(-90).max(0).default(-40),
  /** Unvoiced time (ms) after which a speech segment ends; shorter gaps are bridged. */
  hangoverMs: z.number().int().min(0).max(2000).default(200),
  /** Voiced time (ms) needed to start a segment (rejects clicks and bumps). */
  minSpeechMs: z.number().int().min(0).max(1000).default(60),
  /**
   * `fixed` mode only: the threshold becomes max(`thresholdDbfs`, floor + `marginDb`), where the
   * floor is the quietest frame level of the last `windowMs` (minimum statistics).
   */
  adaptive: z.object({ marginDb: z.number().min(3).max(40).default(12), windowMs: z.number().int().min(200).max(10_000).default(2000) }).optional(),
});
/** Options of {@link EnergyVad} (all optional). */
export type VadOptions = z.input<typeof VadOptionsSchema>;

/** A voice-activity boundary, at `ms` of audio time (from the count of samples received). */
export type VadEvent = { type: 'speech_start'; ms: number } | { type: 'speech_end'; ms: number };

const FULL_SCALE_ENERGY = 32768 * 32768;
const LEVEL_MIN_DB = -120;
const MIN_SIGMA_DB = 0.5;
const MAX_SIGMA_DB = 5;
/** The room's level is held within this many dB above its minimum statistics (no lock-out by missed speech). */
const MAX_NOISE_ABOVE_FLOOR_DB = 15;
/** The room's spread is assumed this large (dB) until this many frames have been learnt: cautious at first. */
const PRIOR_SIGMA_DB = 3;
const PRIOR_FRAMES = 25;
const FLOOR_BLOCKS = 6;
/** Cold start: a segment that opens while the room has fallen less than this (dB) since the stream began is emitted at once. */
const COLD_START_CLEAR_DB = 2;
/** Cold start: the room is the quietest stretch of this many frames (a pause, not a dip between two babbling voices). */
const COLD_DIP_FRAMES = 8;
/** Frames in the moving average the decisions use. */
const SMOOTH_FRAMES = 3;

/**
 * A voice-activity detector whose timestamps come from the number of samples received, not from
 * when they arrived: a burst of delayed network frames yields the same segments as the same audio
 * arriving smoothly. Feed it chunks of any size; the result does not depend on them.
 *
 * **Default (`noise-floor`).** Each sample goes through a speech-band filter (two high-pass
 * sections at 250 Hz — DC, the 50/60 Hz mains hum and its low harmonics, rumble — and a low-pass
 * at 3 kHz); each 20 ms frame's level is compared with the room's: its minimum over the last 3 s
 * (minimum statistics: speech has dips between words) bounds a slowly learnt mean and spread of
 * the frames outside speech. Decisions use a 60 ms moving average of the frame energies. Two
 * thresholds follow the room (hysteresis): a frame at least 4 dB (and 2.5 standard deviations)
 * above it is *strong* and can open a segment; frames at least 1.5 dB (1.5 deviations) above it
 * are *voiced* and continue one. Fluctuating noise (babble) gets
 * proportionally higher thresholds; steady noise (a fan, hiss) lower ones. Weak frames that did
 * not open a segment are learnt as the room only up to the continue threshold (winsorized).
 *
 * **Bridging.** Once the hangover has passed without a strong frame, the segment ends only if the
 * mean level of those frames has fallen to within `bridgeMarginDb` of the room: a dip that stays
 * above the room (quiet syllables under the noise) is bridged, for at most `maxBridgeMs`.
 *
 * **Boundaries.** A segment opens once a run of voiced frames holds `minSpeechMs` of strong
 * frames, and starts at the first frame of that run (at most `maxLeadMs` back: soft onsets); it
 * ends at the end of the last voiced frame contiguous with a strong one, once `hangoverMs` has
 * passed without another strong frame — the hangover decides when the end is reported, not where
 * it is. Boundaries are accurate to one frame.
 *
 * **Cold start.** The room is first taken from the stream's first frames. When those are already
 * speech (the candidate talks as the microphone opens), the decisions of the first seconds are
 * held until a pause shows the room far quieter; the opening is then decided again against that
 * room and its first segment starts at the first sound (see `coldStartMs`). Steady or babbling
 * noise at the start stays the room. {@link EnergyVad.pendingBoundaryFloorMs} tells a caller
 * ordering a log how far back a boundary still to come can lie.
 */
export class EnergyVad {
  readonly options: z.output<typeof VadOptionsSchema>;
  private readonly frameSamples: number;
  private readonly robust: boolean;
  private readonly frame: Int16Array;
  private fill = 0;
  private frameIndex = 0;
  private state: 'silence' | 'onset' | 'speech' = 'silence';
  private onsetStartFrame = 0;
  private voicedRun = 0;
  private unvoicedRun = 0;
  private lastVoicedEndFrame = 0;
  private floorDb: number;
  // Minimum statistics in blocks: minima of the last few blocks plus the current one.
  private blockMinima: number[] = [];
  private blockMin = Infinity;
  private blockFrames = 0;
  private readonly framesPerBlock: number;
  private readonly blocks: number;
  private readonly hangoverFrames: number;
  private readonly minSpeechFrames: number;
  // Fixed mode: threshold as a sum of squares per frame, so the hot loop needs no log or sqrt.
  private thresholdEnergy: number;
  // noise-floor mode: the speech-band energy of each frame (its own filter, or another VAD's: see sharingBandEnergy)
  private readonly meter: BandEnergyMeter | null = null;
  private energySource: BandEnergySource | null = null;
  private readonly energies: number[] = [];
  private noiseMean = 0;
  private noiseVar = 1;
  private noiseFrames = 0;
  private readonly noiseAlpha: number;
  private readonly maxLeadFrames: number;
  private runStart = -1;
  private strongInRun = 0;
  private tailOpen = false;
  private readonly energyHistory = new Float64Array(SMOOTH_FRAMES);
  // Bridging: the decision levels of the last hangover's frames.
  private readonly gapLevels: Float64Array;
  private readonly maxBridgeFrames: number;
  // Cold start: the opening frames' decision levels and own levels, kept until the first segment or `coldStartMs`.
  private cold: boolean;
  private readonly coldLevels: Float64Array;
  private readonly coldRaw: Float64Array;
  private openingDb = LEVEL_MIN_DB;
  private dipDb = Infinity;
  private dipVar = 0;
  private readonly held: VadEvent[] = [];

  constructor(options: VadOptions = {}) {
    const parsed = VadOptionsSchema.safeParse(options);
    if (!parsed.success) throw invalidArgumentError('VAD options', parsed.error.issues, parsed.error);
    this.options = parsed.data;
    const { sampleRate, frameMs, noiseFloor } = this.options;
    this.robust = this.options.mode === 'noise-floor';
    this.frameSamples = Math.round((sampleRate * frameMs) / 1000);
    this.frame = new Int16Array(this.frameSamples);
    // The moving average holds a segment's last loud frames for SMOOTH_FRAMES − 1 more frames: the hangover counts from the frame itself.
    this.hangoverFrames = Math.max(1, Math.ceil(this.options.hangoverMs / frameMs) - (this.robust ? SMOOTH_FRAMES - 1 : 0));
    this.minSpeechFrames = Math.max(1, Math.ceil(this.options.minSpeechMs / frameMs));
    this.floorDb = this.robust ? noiseFloor.minNoiseDbfs : this.options.thresholdDbfs - (this.options.adaptive?.marginDb ?? 12);
    const windowMs = this.robust ? noiseFloor.floorWindowMs : (this.options.adaptive?.windowMs ?? 2000);
    const windowFrames = Math.max(4, Math.round(windowMs / frameMs));
    this.blocks = this.robust ? FLOOR_BLOCKS : 4;
    this.framesPerBlock = Math.max(1, Math.round(windowFrames / this.blocks));
    this.thresholdEnergy = this.energyFor(this.options.thresholdDbfs);
    this.noiseAlpha = Math.min(1, frameMs / noiseFloor.noiseTimeConstantMs);
    this.maxLeadFrames = Math.floor(noiseFloor.maxLeadMs / frameMs);
    this.gapLevels = new Float64Array(this.hangoverFrames);
    this.maxBridgeFrames = Math.max(this.hangoverFrames, Math.ceil(noiseFloor.maxBridgeMs / frameMs));
    const coldFrames = this.robust ? Math.floor(noiseFloor.coldStartMs / frameMs) : 0;
    this.cold = coldFrames > 0;
    this.coldLevels = new Float64Array(coldFrames);
    this.coldRaw = new Float64Array(coldFrames);
    if (this.robust) {
      const [low, high] = noiseFloor.bandHz;
      const nyquist = sampleRate / 2;
      const lowPass = high < nyquist * 0.95;
      this.meter = new BandEnergyMeter({
        makeSections: () => [Biquad.highPass(low, sampleRate), Biquad.highPass(low, sampleRate), ...(lowPass ? [Biquad.lowPass(high, sampleRate)] : [])],
        frameSamples: this.frameSamples,
        key: `${sampleRate}:${this.frameSamples}:${low}:${lowPass ? high : '-'}`,
      });
      this.energySource = this.meter;
    }
  }

  /**
   * A VAD with `options` that is fed the same chunks as `leader`, each right after it — the live
   * pipeline's mock transcriber beside the pipeline's own VAD: it reads `leader`'s speech-band
   * frame energies instead of filtering the same audio a second time (the filter is most of a
   * VAD's cost). Its decisions stay its own (own options, own flushes), and its results are always
   * those of `new EnergyVad(options)`: from the first chunk that is not the leader's last one it
   * filters on its own. A plain VAD when the two do not measure alike (mode, band, sample rate or
   * frame length), when `leader` already has audio or already has a follower.
   */
  static sharingBandEnergy(leader: EnergyVad, options: VadOptions = {}): EnergyVad {
    const vad = new EnergyVad(options);
    if (vad.meter && leader.meter && vad.meter.settings.key === leader.meter.settings.key) {
      const follower = leader.meter.follower();
      if (follower) vad.energySource = follower;
    }
    return vad;
  }

  /** Whether a speech segment is open. */
  get speaking(): boolean {
    return this.state === 'speech';
  }

  /** Milliseconds of audio fully analysed so far. */
  get processedMs(): number {
    return this.frameToMs(this.frameIndex);
  }

  /**
   * The earliest audio time (ms) a boundary not yet emitted can have — what a caller ordering a
   * log (the live pipeline's watermark) may wait for. While the cold start keeps the opening
   * frames: 0 (their segments may yet start at the stream's first sound). In a segment: the end
   * of its last voiced frame (where its end will be placed, however long a bridged dip delays
   * the decision). Outside one: the first frame of a voiced run that may still open a segment,
   * else the next frame to be analysed.
   */
  get pendingBoundaryFloorMs(): number {
    if (this.cold) return 0;
    let frame = this.frameIndex;
    if (this.state === 'speech') frame = this.lastVoicedEndFrame;
    else if (this.robust && this.runStart >= 0) frame = this.runStart;
    else if (!this.robust && this.state === 'onset') frame = this.onsetStartFrame;
    return this.frameToMs(Math.min(frame, this.frameIndex));
  }

  /**
   * The room's level (dBFS, in the speech band) in `noise-floor` mode; in `fixed` mode the
   * minimum-statistics floor when adaptive, else the configured floor.
   */
  get noiseFloorDbfs(): number {
    return this.robust ? this.noiseLevel() : this.floorDb;
  }

  /** Analyses `samples` and returns the boundaries they complete, in order. */
  process(samples: Int16Array, out: VadEvent[] = []): VadEvent[] {
    if (this.robust) return this.processFiltered(samples, out);
    let i = 0;
    while (i < samples.length) {
      const take = Math.min(this.frameSamples - this.fill, samples.length - i);
      this.frame.set(samples.subarray(i, i + take), this.fill);
      this.fill += take;
      i += take;
      if (this.fill === this.frameSamples) {
        this.analyseFrame(out);
        this.fill = 0;
      }
    }
    return out;
  }

  /** Ends an open segment at its last voiced frame (end of stream or of an answer). */
  flush(out: VadEvent[] = []): VadEvent[] {
    if (this.cold) this.releaseHeld(out);
    if (this.state === 'speech') out.push({ type: 'speech_end', ms: this.frameToMs(this.lastVoicedEndFrame) });
    this.state = 'silence';
    this.voicedRun = 0;
    this.unvoicedRun = 0;
    this.runStart = -1;
    this.strongInRun = 0;
    this.tailOpen = false;
    return out;
  }

  // --- noise-floor mode ----------------------------------------------------------------------

  private processFiltered(samples: Int16Array, out: VadEvent[]): VadEvent[] {
    const energies = this.energies;
    energies.length = 0;
    this.energySource!.measure(samples, energies);
    for (let k = 0; k < energies.length; k++) this.analyseEnergy(energies[k]!, out);
    return out;
  }

  /** The room's level (dBFS): the learnt mean, held within the minimum statistics' reach. */
  private noiseLevel(): number {
    const floor = Math.max(this.floorDb, this.options.noiseFloor.minNoiseDbfs);
    return Math.min(Math.max(this.noiseMean, floor), floor + MAX_NOISE_ABOVE_FLOOR_DB);
  }

  private analyseEnergy(energy: number, out: VadEvent[]): void {
    // The decisions use a 60 ms moving average of the frame energies (fluctuating noise and dips
    // inside words average out); where a segment ends uses the frame's own level.
    const history = this.energyHistory;
    history[this.frameIndex % SMOOTH_FRAMES] = energy;
    let sum = 0;
    for (let k = 0; k < SMOOTH_FRAMES; k++) sum += history[k]!;
    const n = Math.min(SMOOTH_FRAMES, this.frameIndex + 1);
    const scale = this.frameSamples * FULL_SCALE_ENERGY;
    const level = sum > 0 ? Math.max(LEVEL_MIN_DB, 10 * Math.log10(sum / n / scale)) : LEVEL_MIN_DB;
    const raw = energy > 0 ? Math.max(LEVEL_MIN_DB, 10 * Math.log10(energy / scale)) : LEVEL_MIN_DB;
    this.analyseLevel(level, raw, out);
  }

  private analyseLevel(level: number, raw: number, out: VadEvent[]): void {
    this.trackFloor(level);
    if (this.noiseFrames === 0) this.learnNoise(level);
    const index = this.frameIndex++;
    if (!this.cold) {
      this.step(index, level, raw, out);
      return;
    }
    const options = this.options.noiseFloor;
    const levels = this.coldLevels;
    levels[index] = level;
    this.coldRaw[index] = raw;
    const taken = this.noiseLevel();
    if (taken > this.openingDb) this.openingDb = taken;
    if (index + 1 >= COLD_DIP_FRAMES) {
      let sum = 0;
      let sum2 = 0;
      for (let k = index + 1 - COLD_DIP_FRAMES; k <= index; k++) {
        sum += levels[k]!;
        sum2 += levels[k]! * levels[k]!;
      }
      const mean = sum / COLD_DIP_FRAMES;
      if (mean < this.dipDb) {
        this.dipDb = mean;
        this.dipVar = Math.max(0, sum2 / COLD_DIP_FRAMES - mean * mean);
      }
    }
    const room = Math.max(this.dipDb, options.minNoiseDbfs);
    const rise = this.openingDb - room;
    if (rise >= options.coldStartRiseDb) {
      // The stream opened on a sound, taken for the room until a pause showed the room far
      // quieter: the room is relearnt from that pause, and the kept frames are decided again.
      this.cold = false;
      this.held.length = 0;
      this.noiseMean = room;
      this.noiseVar = Math.min(this.dipVar, PRIOR_SIGMA_DB * PRIOR_SIGMA_DB);
      this.noiseFrames = COLD_DIP_FRAMES;
      this.replayOpening(index, this.noiseLevel(), this.noiseSigma(), out);
      this.step(index, level, raw, out);
      return;
    }
    this.step(index, level, raw, this.held);
    // Held until it is clear whether the stream opened on the room: at once when a segment opens
    // over a room that has not fallen since the stream began, else after `coldStartMs`.
    if ((this.state === 'speech' && rise < COLD_START_CLEAR_DB) || index + 1 >= levels.length) {
      this.releaseHeld(out);
    }
  }

  /** Ends the cold start: the events held are emitted as decided. */
  private releaseHeld(out: VadEvent[]): void {
    this.cold = false;
    for (const event of this.held) out.push(event);
    this.held.length = 0;
  }

  /** One frame's decision against the room as learnt, and the learning. */
  private step(index: number, level: number, raw: number, out: VadEvent[]): void {
    const learn = this.decide(index, level, raw, this.noiseLevel(), this.noiseSigma(), out);
    if (learn !== null) this.learnNoise(learn);
  }

  private noiseSigma(): number {
    return Math.min(MAX_SIGMA_DB, Math.max(MIN_SIGMA_DB, Math.sqrt(this.noiseVar)));
  }

  /**
   * Decides the stream's frames [0, `end`) again against the room's level and spread as now
   * learnt (nothing has been emitted yet, so events stay in time order), leaving the decision
   * state as those frames leave it.
   */
  private replayOpening(end: number, noise: number, sigma: number, out: VadEvent[]): void {
    this.state = 'silence';
    this.runStart = -1;
    this.strongInRun = 0;
    this.unvoicedRun = 0;
    this.tailOpen = false;
    for (let k = 0; k < end; k++) this.decide(k, this.coldLevels[k]!, this.coldRaw[k]!, noise, sigma, out);
  }

  /**
   * One frame's decision against the room (`noise`, `sigma`); returns the level to learn as the
   * room, or null.
   */
  private decide(index: number, level: number, raw: number, noise: number, sigma: number, out: VadEvent[]): number | null {
    const options = this.options.noiseFloor;
    const onThreshold = noise + Math.max(options.onMarginDb, options.onSigmas * sigma);
    const strong = level >= onThreshold;
    const offThreshold = noise + Math.max(options.offMarginDb, options.offSigmas * sigma);
    const voiced = level >= offThreshold;
    if (voiced) {
      if (this.runStart < 0) {
        this.runStart = index;
        this.strongInRun = 0;
      }
      // A segment needs minSpeechMs of frames loud on their own, not only in the average (clicks).
      if (strong && raw >= onThreshold) this.strongInRun++;
    } else {
      this.runStart = -1;
      this.strongInRun = 0;
    }
    if (this.state !== 'speech') {
      if (voiced && this.strongInRun >= this.minSpeechFrames) {
        this.state = 'speech';
        this.unvoicedRun = 0;
        this.tailOpen = true;
        this.lastVoicedEndFrame = index + 1;
        out.push({ type: 'speech_start', ms: this.frameToMs(Math.max(this.runStart, index - this.maxLeadFrames)) });
        return null;
      }
      // Frames above the continue threshold (weak speech that did not open a segment) count only as
      // reaching it (winsorized): missed speech cannot lift the room's level and lock out more speech.
      return strong ? null : Math.min(level, offThreshold);
    }
    if (strong || (voiced && this.tailOpen)) {
      if (raw >= offThreshold) this.lastVoicedEndFrame = index + 1;
      this.unvoicedRun = 0;
      this.tailOpen = true;
    } else {
      this.tailOpen = false;
      const gap = this.gapLevels;
      gap[this.unvoicedRun % gap.length] = level;
      if (++this.unvoicedRun >= this.hangoverFrames && (this.unvoicedRun >= this.maxBridgeFrames || this.dipReachedRoom(noise, sigma))) {
        out.push({ type: 'speech_end', ms: this.frameToMs(this.lastVoicedEndFrame) });
        this.state = 'silence';
        this.unvoicedRun = 0;
      }
    }
    return null;
  }

  /** Whether the frames of the last hangover are, on average, at the room's level (a pause, not a dip inside speech). */
  private dipReachedRoom(noise: number, sigma: number): boolean {
    const gap = this.gapLevels;
    let sum = 0;
    for (let k = 0; k < gap.length; k++) sum += gap[k]!;
    const options = this.options.noiseFloor;
    return sum / gap.length < noise + Math.max(options.bridgeMarginDb, options.bridgeSigmas * sigma);
  }

  /** Exponential mean and variance of the level of frames outside speech (fast at first). */
  private learnNoise(level: number): void {
    const n = ++this.noiseFrames;
    const d = level - this.noiseMean;
    this.noiseMean = n === 1 ? level : this.noiseMean + Math.max(this.noiseAlpha, 1 / n) * d;
    if (n === 1) this.noiseVar = PRIOR_SIGMA_DB * PRIOR_SIGMA_DB;
    else {
      const alpha = Math.max(this.noiseAlpha, 1 / (n + PRIOR_FRAMES));
      this.noiseVar = (1 - alpha) * (this.noiseVar + alpha * d * d);
    }
  }

  private trackFloor(level: number): void {
    if (level < this.blockMin) this.blockMin = level;
    if (++this.blockFrames >= this.framesPerBlock) {
      this.blockMinima.push(this.blockMin);
      if (this.blockMinima.length > this.blocks) this.blockMinima.shift();
      this.blockMin = Infinity;
      this.blockFrames = 0;
    }
    let floor = this.blockMin;
    for (const m of this.blockMinima) if (m < floor) floor = m;
    this.floorDb = floor;
  }

  // --- fixed mode (the pre-0.2 detector) -------------------------------------------------------

  private analyseFrame(out: VadEvent[]): void {
    const frame = this.frame;
    let energy = 0;
    for (let k = 0; k < frame.length; k++) {
      const v = frame[k]!;
      energy += v * v;
    }
    if (this.options.adaptive) this.adaptFloor(energy);
    const voiced = energy >= this.thresholdEnergy;
    const index = this.frameIndex++;
    switch (this.state) {
      case 'silence':
        if (voiced) {
          this.state = 'onset';
          this.onsetStartFrame = index;
          this.voicedRun = 1;
          if (this.voicedRun >= this.minSpeechFrames) this.beginSpeech(index, out);
        }
        break;
      case 'onset':
        if (voiced) {
          this.voicedRun++;
          if (this.voicedRun >= this.minSpeechFrames) this.beginSpeech(index, out);
        } else {
          this.state = 'silence';
          this.voicedRun = 0;
        }
        break;
      case 'speech':
        if (voiced) {
          this.unvoicedRun = 0;
          this.lastVoicedEndFrame = index + 1;
        } else if (++this.unvoicedRun >= this.hangoverFrames) {
          out.push({ type: 'speech_end', ms: this.frameToMs(this.lastVoicedEndFrame) });
          this.state = 'silence';
          this.unvoicedRun = 0;
          this.voicedRun = 0;
        }
        break;
    }
  }

  private beginSpeech(index: number, out: VadEvent[]): void {
    this.state = 'speech';
    this.unvoicedRun = 0;
    this.lastVoicedEndFrame = index + 1;
    out.push({ type: 'speech_start', ms: this.frameToMs(this.onsetStartFrame) });
  }

  private adaptFloor(energy: number): void {
    const adaptive = this.options.adaptive!;
    const level = energy > 0 ? Math.max(LEVEL_MIN_DB, 10 * Math.log10(energy / (this.frameSamples * FULL_SCALE_ENERGY))) : LEVEL_MIN_DB;
    this.trackFloor(level);
    const threshold = Math.max(this.options.thresholdDbfs, this.floorDb + adaptive.marginDb);
    this.thresholdEnergy = this.energyFor(Math.min(threshold, -3));
  }

  private energyFor(dbfs: number): number {
    const amplitude = 32768 * 10 ** (dbfs / 20);
    return amplitude * amplitude * this.frameSamples;
  }

  private frameToMs(frame: number): number {
    return (frame * this.frameSamples * 1000) / this.options.sampleRate;
  }
}
