import { InterviewKitError, type IngestableEvent } from '@interviewkit/core';

/**
 * Pitch statistics of a stretch of speech (one answer), in Hz. The fields `count`, `mean`, `m2`,
 * `min`, `max`, `p10` and `p90` are exactly core's `pitch_summary` event; `std`, `range` and
 * `stability` are derived with core's definitions so that one answer reads the same here and in
 * the session metrics:
 *
 * - `std`: sample standard deviation of f0, `sqrt(m2 / (count − 1))` (0 for one frame);
 * - `range`: `p90 − p10`, the spread of the middle 80 % of voiced frames — robust to the odd
 *   octave error or glottal fry frame that would dominate `max − min` (both are given too);
 * - `stability`: `100 · e^(−3 · CV)` with `CV = std / mean`, clamped to 0–100: 100 is a perfectly
 *   flat voice, ≈ 74 a CV of 10 % (lively, typical speech), ≈ 41 a CV of 30 % (erratic).
 */
export interface PitchSummary {
  /** Voiced frames summarised. */
  count: number;
  /** Mean f0 (Hz). */
  mean: number;
  /** Sum of squared deviations from the mean (Welford's M2), Hz². */
  m2: number;
  /** Sample standard deviation of f0 (Hz). */
  std: number;
  min: number;
  max: number;
  /** 10th percentile f0 (Hz). */
  p10: number;
  /** 90th percentile f0 (Hz). */
  p90: number;
  /** `p90 − p10` (Hz). */
  range: number;
  /** `100 · e^(−3 · std / mean)`, 0–100. */
  stability: number;
}

/**
 * Accumulates f0 values with Welford's algorithm and a 1 Hz histogram (for the percentiles), in
 * constant memory and without allocating per value. Percentiles are interpolated inside their
 * 1 Hz bin, so they are accurate to well under 1 Hz.
 */
export class PitchStatistics {
  private readonly histogram: Uint32Array;
  private n = 0;
  private mu = 0;
  private sq = 0;
  private lo = Infinity;
  private hi = -Infinity;

  /** @param maxHz the largest value that will be added (values above are clamped into the last bin). */
  constructor(readonly maxHz: number = 1000) {
    if (!(maxHz > 0 && maxHz <= 10_000)) throw new InterviewKitError('INVALID_ARGUMENT', `maxHz must be in (0, 10000], got ${maxHz}`);
    this.histogram = new Uint32Array(Math.ceil(maxHz) + 1);
  }

  /** Voiced frames added since the last reset. */
  get count(): number {
    return this.n;
  }

  /** Adds one f0 value (Hz, > 0; other values are ignored). */
  add(hz: number): void {
    if (!(hz > 0) || !Number.isFinite(hz)) return;
    this.n++;
    const delta = hz - this.mu;
    this.mu += delta / this.n;
    this.sq += delta * (hz - this.mu);
    if (hz < this.lo) this.lo = hz;
    if (hz > this.hi) this.hi = hz;
    const bin = Math.min(this.histogram.length - 1, Math.floor(hz));
    this.histogram[bin]!++;
  }

  /** Forgets everything (e.g. at the start of an answer). */
  reset(): void {
    this.n = 0;
    this.mu = 0;
    this.sq = 0;
    this.lo = Infinity;
    this.hi = -Infinity;
    this.histogram.fill(0);
  }

  /** The summary so far, or null without any voiced frame. */
  summary(): PitchSummary | null {
    if (this.n === 0) return null;
    const std = this.n > 1 ? Math.sqrt(this.sq / (this.n - 1)) : 0;
    const p10 = this.percentile(0.1);
    const p90 = Math.max(p10, this.percentile(0.9));
    const stability = Math.max(0, Math.min(100, 100 * Math.exp((-3 * std) / this.mu)));
    return { count: this.n, mean: this.mu, m2: Math.max(0, this.sq), std, min: this.lo, max: this.hi, p10, p90, range: p90 - p10, stability };
  }

  /** The `q` quantile (0–1) from the histogram, linearly interpolated inside its bin and clamped to [min, max]. */
  private percentile(q: number): number {
    const target = q * this.n;
    let cumulative = 0;
    for (let bin = 0; bin < this.histogram.length; bin++) {
      const c = this.histogram[bin]!;
      if (c === 0) continue;
      if (cumulative + c >= target) {
        const value = bin + (target - cumulative) / c;
        return Math.min(this.hi, Math.max(this.lo, value));
      }
      cumulative += c;
    }
    return this.hi;
  }
}

/** Core's `pitch_summary` event for `summary`, at session time `t`. */
export function pitchSummaryEvent(summary: PitchSummary, t: number): Extract<IngestableEvent, { type: 'pitch_summary' }> {
  return {
    type: 'pitch_summary',
    t,
    count: summary.count,
    mean: summary.mean,
    m2: summary.m2,
    min: summary.min,
    max: summary.max,
    p10: summary.p10,
    p90: summary.p90,
  };
}
