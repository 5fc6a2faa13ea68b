import { InterviewKitError } from '../errors/interviewkit-error';

/**
 * Thresholds of the research metrics. Defaults follow DESIGN.md: a gap between speech segments
 * inside a candidate turn longer than 300 ms is a pause, longer than 5 s a long pause (the
 * original platform's threshold, kept for comparability; fluency research puts "long" silences
 * near 1 s, so the ≥ 1 s and ≥ 3 s counts are reported too).
 */
export interface MetricsConfig {
  /** A gap longer than this (ms) is a pause. Default 300. */
  pauseThresholdMs: number;
  /** A gap longer than this (ms) is a long pause. Default 5000. */
  longPauseThresholdMs: number;
  /** Below this many words in the session, `wpm_reliable` is false. Default 50. */
  minWordsForWpm: number;
  /** Below this many words in one answer, that answer's `wpm_reliable` is false. Default 20. */
  minAnswerWordsForWpm: number;
}

/** The default {@link MetricsConfig}. */
export const DEFAULT_METRICS_CONFIG: Readonly<MetricsConfig> = Object.freeze({
  pauseThresholdMs: 300,
  longPauseThresholdMs: 5000,
  minWordsForWpm: 50,
  minAnswerWordsForWpm: 20,
});

/** Fixed pause-length cut-offs (ms) reported as `pauses_over_250ms`, `pauses_over_1s`, `pauses_over_3s`. */
export const PAUSE_BUCKETS_MS = [250, 1000, 3000] as const;

/** Merges `overrides` into the defaults and checks the ranges (`INVALID_ARGUMENT` on failure). */
export function resolveMetricsConfig(overrides: Partial<MetricsConfig> = {}): MetricsConfig {
  const config = { ...DEFAULT_METRICS_CONFIG, ...overrides };
  const positive = (name: keyof MetricsConfig): void => {
    const value = config[name];
    if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      throw new InterviewKitError('INVALID_ARGUMENT', `metrics config ${name} must be a finite number >= 0 (got ${String(value)})`);
    }
  };
  positive('pauseThresholdMs');
  positive('longPauseThresholdMs');
  positive('minWordsForWpm');
  positive('minAnswerWordsForWpm');
  if (config.longPauseThresholdMs < config.pauseThresholdMs) {
    throw new InterviewKitError('INVALID_ARGUMENT', 'metrics config longPauseThresholdMs must be >= pauseThresholdMs');
  }
  return config;
}
