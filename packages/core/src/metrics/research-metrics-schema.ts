import * as z from 'zod';
import { AnswerCompleteReasonSchema } from '../events/session-event';

const seconds = z.number().finite().nonnegative();
const ratio = z.number().finite().min(0).max(1);
const count = z.number().int().nonnegative();

/** Metrics of one question (one candidate turn). Times in seconds. */
export const QuestionMetricsSchema = z.object({
  index: count,
  /** Whether the answer had any text (spoken or typed). */
  answered: z.boolean(),
  /** How the answer ended, or null if it never did. */
  reason: AnswerCompleteReasonSchema.nullable(),
  words: count,
  /** Seconds of speech in this answer, 1 dp. */
  speaking_time: seconds,
  /** Words per minute of speaking time, 1 dp. */
  wpm: seconds,
  /** False when the answer had fewer words than the configured minimum (default 20). */
  wpm_reliable: z.boolean(),
  /** Seconds from question end to first speech, 2 dp; null without speech. */
  response_latency: seconds.nullable(),
  pause_count: count,
  long_pause_count: count,
  /** 0–1, 3 dp; null when not evaluated. */
  semantic_similarity: ratio.nullable(),
  /** 0–1, 3 dp; null when not evaluated. */
  keyword_coverage: ratio.nullable(),
  evaluation_failed: z.boolean(),
});
/** Metrics of one question. */
export type QuestionMetrics = z.infer<typeof QuestionMetricsSchema>;

/**
 * The research metrics of a session (the metric contract of DESIGN.md). Keys and units follow
 * the seed document: times in seconds (1 dp), ratios 3 dp, wpm 1 dp, latencies and rates 2 dp.
 * See the README's metrics table for every definition.
 */
export const ResearchMetricsSchema = z.object({
  /** Version of the metric definitions that produced these numbers. */
  metrics_version: z.number().int().positive(),
  session_duration: seconds,
  effective_duration: seconds,
  speaking_time: seconds,
  silence_time: seconds,
  forced_silence_time: seconds,
  candidate_turn_time: seconds,
  speaking_ratio: ratio,
  total_words: count,
  wpm: seconds,
  wpm_reliable: z.boolean(),
  articulation_rate: seconds,
  pause_count: count,
  avg_pause_duration: seconds,
  long_pause_count: count,
  pauses_over_250ms: count,
  pauses_over_1s: count,
  pauses_over_3s: count,
  hesitation_rate: seconds,
  mean_length_of_run: seconds,
  phonation_ratio: ratio,
  avg_response_latency: seconds,
  fluency_score: ratio,
  filler_count: count,
  filler_rate: seconds,
  repetition_count: count,
  questions_asked: count,
  questions_answered: count,
  avg_semantic_similarity: ratio,
  avg_keyword_coverage: ratio,
  evaluation_failures: count,
  pitch_mean: seconds.nullable(),
  pitch_std: seconds.nullable(),
  pitch_range: seconds.nullable(),
  pitch_stability: z.number().finite().min(0).max(100).nullable(),
  per_question: z.array(QuestionMetricsSchema),
  analysis_valid: z.boolean(),
});
/** The research metrics of a session. */
export type ResearchMetrics = z.infer<typeof ResearchMetricsSchema>;

/** The cheap live view sent after events during an interview. */
export const LiveMetricsSchema = z.object({
  session_duration: seconds,
  speaking_time: seconds,
  speaking_ratio: ratio,
  wpm: seconds,
  wpm_reliable: z.boolean(),
  long_pause_count: count,
  pause_count: count,
  fluency_score: ratio,
  avg_response_latency: seconds,
  questions_answered: count,
  total_words: count,
  filler_count: count,
  /** Whether the candidate is speaking right now (VAD). */
  speaking: z.boolean(),
  /** Seconds since the candidate's last speech in the current turn (0 outside a turn or while speaking), 1 dp. */
  current_silence: seconds,
});
/** The live metrics snapshot. */
export type LiveMetrics = z.infer<typeof LiveMetricsSchema>;
