import { invalidArgumentError } from '@interviewkit/core';
import * as z from 'zod';
import { SAMPLE_RATE } from '../audio/pcm';
import { PitchStatistics, type PitchSummary } from './pitch-statistics';

/** Options of {@link YinPitchTracker}. */
export const PitchOptionsSchema = z
  .object({
    sampleRate: z.number().int().min(8000).max(48_000).default(SAMPLE_RATE),
    /**
     * Analysis frame (ms). YIN compares a window of `frame − 1/minF0` with itself shifted by up
     * to one longest period, so the frame must hold at least two longest periods.
     */
    frameMs: z.number().min(10).max(100).default(40),
    /** Step between frames (ms); one f0 estimate per hop. */
    hopMs: z.number().min(2).max(100).default(10),
    /**
     * YIN's absolute threshold on the cumulative mean normalised difference: the first dip below
     * it is the period. A frame with no dip below it is unvoiced. Lower is stricter.
     */
    threshold: z.number().gt(0).max(1).default(0.15),
    /** Lowest f0 reported (Hz). */
    minF0: z.number().min(40).max(500).default(65),
    /** Highest f0 reported (Hz). */
    maxF0: z.number().min(80).max(1000).default(400),
    /** Frames quieter than this (RMS, dBFS) are not analysed (unvoiced): silence and room noise. */
    minLevelDbfs: z.number().min(-90).max(0).default(-45),
    /**
     * Analyse at `sampleRate / downsample` (each group of input samples is averaged): 2 makes
     * voiced frames about 4× cheaper at 16 kHz with speech f0 (≤ 400 Hz) still far below the
     * new Nyquist frequency; parabolic interpolation keeps sub-sample period precision.
     */
    downsample: z.union([z.literal(1), z.literal(2), z.literal(4)]).default(1),
  })
  .refine((o) => o.maxF0 > o.minF0 * 1.5, { message: 'maxF0 must be at least 1.5 × minF0', path: ['maxF0'] })
  .refine((o) => o.hopMs <= o.frameMs, { message: 'hopMs must not exceed frameMs', path: ['hopMs'] })
  .refine((o) => (o.frameMs / 1000) * o.minF0 >= 2, { message: 'frameMs must hold two periods of minF0 (frameMs ≥ 2000 / minF0)', path: ['frameMs'] })
  .refine((o) => o.sampleRate / o.downsample >= 4 * o.maxF0, { message: 'sampleRate / downsample must be at least 4 × maxF0', path: ['downsample'] });
/** Options of {@link YinPitchTracker} (all optional). */
export type PitchOptions = z.input<typeof PitchOptionsSchema>;

/** Lags of the difference function computed per pass over the frame (see `differences`). */
const LAGS_PER_PASS = 4;

/** One analysed frame: its centre in ms of audio time (from the sample count) and f0, or 0 when unvoiced. */
export interface PitchFrame {
  ms: number;
  hz: number;
}

/** Parses pitch options, raising `INVALID_ARGUMENT` with every problem listed. */
export function parsePitchOptions(options: PitchOptions = {}): z.output<typeof PitchOptionsSchema> {
  const parsed = PitchOptionsSchema.safeParse(options);
  if (!parsed.success) throw invalidArgumentError('pitch options', parsed.error.issues, parsed.error);
  return parsed.data;
}

/**
 * A streaming YIN pitch tracker (de Cheveigné & Kawahara, 2002) for PCM16 mono audio. Feed it
 * chunks of any size; every `hopMs` it analyses the last `frameMs` of audio:
 *
 * 1. frames below `minLevelDbfs` are unvoiced (no analysis);
 * 2. the difference function `d(τ) = Σ (x[j] − x[j+τ])²` over a window of `frame − τmax`
 *    samples, normalised by its cumulative mean (`d'(τ) = d(τ) · τ / Σ_{k≤τ} d(k)`);
 * 3. the first lag where `d'` dips below `threshold`, followed to its local minimum and refined
 *    by parabolic interpolation, is the period. With no such dip up to `sr/minF0`, or when the
 *    period is outside `[sr/maxF0, sr/minF0]`, the frame is unvoiced (a pitch above `maxF0` is
 *    not reported as its subharmonic).
 *
 * Voiced f0 values go into {@link PitchStatistics} (read them with {@link summary}, clear them
 * per answer with {@link resetStatistics}). Frame times come from the count of samples received.
 * The hot path allocates nothing (unless an `out` array is passed to {@link process}); the
 * difference function stops as soon as the period is found, so voiced frames cost about
 * `window × period` multiply-adds.
 */
export class YinPitchTracker {
  readonly options: z.output<typeof PitchOptionsSchema>;
  private readonly frameSamples: number;
  private readonly hopSamples: number;
  private readonly tauMax: number;
  private readonly window: number;
  private readonly frame: Float64Array;
  /** Cumulative mean normalised difference, by lag. */
  private readonly cmnd: Float64Array;
  /** The difference function of the lags of one pass ({@link differences}). */
  private readonly lagSums = new Float64Array(LAGS_PER_PASS);
  private readonly minEnergy: number;
  private readonly stats: PitchStatistics;
  private fill = 0;
  private frameIndex = 0;
  private voiced = 0;
  /** The analysis rate: sampleRate / downsample. */
  private readonly rate: number;
  private groupSum = 0;
  private groupCount = 0;

  constructor(options: PitchOptions = {}) {
    this.options = parsePitchOptions(options);
    const { frameMs, hopMs, minF0, maxF0, minLevelDbfs, downsample } = this.options;
    const sampleRate = this.options.sampleRate / downsample;
    this.rate = sampleRate;
    this.frameSamples = Math.round((sampleRate * frameMs) / 1000);
    this.hopSamples = Math.max(1, Math.round((sampleRate * hopMs) / 1000));
    this.tauMax = Math.ceil(sampleRate / minF0);
    this.window = this.frameSamples - this.tauMax - 1;
    this.frame = new Float64Array(this.frameSamples);
    this.cmnd = new Float64Array(this.tauMax + 2);
    const amplitude = 32768 * 10 ** (minLevelDbfs / 20);
    this.minEnergy = amplitude * amplitude * this.frameSamples;
    this.stats = new PitchStatistics(Math.ceil(maxF0) + 1);
  }

  /** Frames analysed so far (voiced or not). */
  get frames(): number {
    return this.frameIndex;
  }

  /** Voiced frames since construction. */
  get voicedFrames(): number {
    return this.voiced;
  }

  /**
   * Analyses `samples`; pushes every completed frame to `out` when given (f0 0 = unvoiced).
   * Voiced frames are added to the statistics.
   */
  process(samples: Int16Array, out?: PitchFrame[]): void {
    const step = this.options.downsample;
    const n = samples.length;
    let i = 0;
    // Complete a group of input samples left over from the previous chunk.
    while (this.groupCount > 0 && i < n) {
      this.groupSum += samples[i++]!;
      if (++this.groupCount === step) {
        this.frame[this.fill++] = this.groupSum / step;
        this.groupSum = 0;
        this.groupCount = 0;
        if (this.fill === this.frameSamples) this.completeFrame(out);
      }
    }
    // Whole groups, straight into the frame (the hot loop: no per-sample branching).
    const end = n - ((n - i) % step);
    const frame = this.frame;
    const scale = 1 / step;
    while (i < end) {
      const groups = Math.min(this.frameSamples - this.fill, (end - i) / step);
      let f = this.fill;
      if (step === 1) {
        for (let g = 0; g < groups; g++) frame[f++] = samples[i++]!;
      } else if (step === 4) {
        // The live default, unrolled (sums of integers are exact in any order: the same values).
        for (let g = 0; g < groups; g++, i += 4) frame[f++] = (samples[i]! + samples[i + 1]! + samples[i + 2]! + samples[i + 3]!) * scale;
      } else {
        for (let g = 0; g < groups; g++) {
          let sum = 0;
          for (let k = 0; k < step; k++) sum += samples[i++]!;
          frame[f++] = sum * scale;
        }
      }
      this.fill = f;
      if (this.fill === this.frameSamples) this.completeFrame(out);
    }
    // A partial group waits for the next chunk.
    while (i < n) {
      this.groupSum += samples[i++]!;
      this.groupCount++;
    }
  }

  /** Analyses the full frame, records it, and slides the frame by one hop. */
  private completeFrame(out: PitchFrame[] | undefined): void {
    const hz = this.analyseFrame();
    if (hz > 0) {
      this.voiced++;
      this.stats.add(hz);
    }
    if (out) out.push({ ms: ((this.frameIndex * this.hopSamples + this.frameSamples / 2) * 1000) / this.rate, hz });
    this.frameIndex++;
    this.frame.copyWithin(0, this.hopSamples, this.frameSamples);
    this.fill = this.frameSamples - this.hopSamples;
  }

  /** Pitch statistics of the voiced frames since the last {@link resetStatistics}, or null if none. */
  summary(): PitchSummary | null {
    return this.stats.summary();
  }

  /** Voiced frames in the current statistics. */
  get statisticsCount(): number {
    return this.stats.count;
  }

  /** Starts new statistics (e.g. for the next answer); the audio stream itself continues. */
  resetStatistics(): void {
    this.stats.reset();
  }

  /** f0 of the current frame in Hz, or 0 when unvoiced. */
  private analyseFrame(): number {
    const x = this.frame;
    let energy = 0;
    for (let k = 0; k < x.length; k++) energy += x[k]! * x[k]!;
    if (energy < this.minEnergy) return 0;

    const w = this.window;
    const cmnd = this.cmnd;
    const { threshold } = this.options;
    const lastTau = this.tauMax + 1;
    const d = this.lagSums;
    cmnd[0] = 1;
    let running = 0;
    let found = -1;
    for (let first = 1; first <= lastTau; first += LAGS_PER_PASS) {
      const lags = Math.min(LAGS_PER_PASS, lastTau - first + 1);
      this.differences(first, lags, w);
      // The lags in order, exactly as one at a time: the pass only computed their sums ahead.
      for (let k = 0; k < lags; k++) {
        const tau = first + k;
        running += d[k]!;
        const value = running > 0 ? (d[k]! * tau) / running : 1;
        cmnd[tau] = value;
        if (found < 0) {
          if (tau >= 2 && value < threshold) found = tau;
        } else if (value >= cmnd[tau - 1]!) {
          // cmnd[tau − 1] is the local minimum after the first dip; cmnd[tau] is its right neighbour.
          return this.refine(tau - 1);
        } else if (tau > this.tauMax) {
          break;
        }
      }
    }
    if (found < 0) return 0;
    // Still descending at the end of the range: the minimum is at tauMax (edge, no interpolation).
    return this.toHz(this.tauMax);
  }

  /**
   * `d(τ) = Σ (x[j] − x[j+τ])²` for the `lags` lags from `first` into `lagSums`. Four lags share
   * one pass over the window: four independent sums, each added up in the same order as alone
   * (so bit-for-bit the same values), whose additions overlap instead of each waiting for the
   * previous one. At most three lags past the period are computed for nothing.
   */
  private differences(first: number, lags: number, w: number): void {
    const x = this.frame;
    const out = this.lagSums;
    if (lags === LAGS_PER_PASS) {
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let j = 0; j < w; j++) {
        const xj = x[j]!;
        const e0 = xj - x[j + first]!;
        const e1 = xj - x[j + first + 1]!;
        const e2 = xj - x[j + first + 2]!;
        const e3 = xj - x[j + first + 3]!;
        d0 += e0 * e0;
        d1 += e1 * e1;
        d2 += e2 * e2;
        d3 += e3 * e3;
      }
      out[0] = d0;
      out[1] = d1;
      out[2] = d2;
      out[3] = d3;
      return;
    }
    for (let k = 0; k < lags; k++) {
      const tau = first + k;
      let d = 0;
      for (let j = 0; j < w; j++) {
        const delta = x[j]! - x[j + tau]!;
        d += delta * delta;
      }
      out[k] = d;
    }
  }

  /** Parabolic interpolation of the minimum at `tau` (neighbours in cmnd), as f0 in range or 0. */
  private refine(tau: number): number {
    const cmnd = this.cmnd;
    const a = cmnd[tau - 1]!;
    const b = cmnd[tau]!;
    const c = cmnd[tau + 1]!;
    const denominator = a - 2 * b + c;
    const shift = denominator > 0 ? (0.5 * (a - c)) / denominator : 0;
    return this.toHz(tau + Math.max(-1, Math.min(1, shift)));
  }

  private toHz(period: number): number {
    const hz = this.rate / period;
    return hz >= this.options.minF0 && hz <= this.options.maxF0 ? hz : 0;
  }
}

/**
 * Pitch statistics of a whole recording (PCM16 mono), e.g. one answer: mean, std, range
 * (`p90 − p10`) and stability, or null when fewer than `minVoicedFrames` frames are voiced.
 */
export function analyzePitch(samples: Int16Array, options: PitchOptions = {}, minVoicedFrames = 1): PitchSummary | null {
  const tracker = new YinPitchTracker(options);
  tracker.process(samples);
  return tracker.statisticsCount >= Math.max(1, minVoicedFrames) ? tracker.summary() : null;
}
