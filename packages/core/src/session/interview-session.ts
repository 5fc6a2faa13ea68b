import * as z from 'zod';
import { AnswerEvaluationSchema } from '../evaluation/evaluator';
import { ResearchMetricsSchema } from '../metrics/research-metrics-schema';
import { SessionSummarySchema } from '../summary/session-summary-schema';
import { QuestionSchema } from './question';
import { DifficultySchema, SessionStatusSchema, SessionTypeSchema } from './session-types';

/** One answered (or skipped) question of a stored session. */
export const SessionAnswerSchema = z.object({
  /** Position of the question in the session, from 0. */
  index: z.number().int().min(0),
  questionId: z.string(),
  question: z.string(),
  /** The final answer text (transcript or typed); empty when skipped. */
  answer: z.string(),
  /** How the answer ended. */
  reason: z.enum(['manual', 'silence_timeout', 'text', 'stopped']),
  /** `null` when the answer could not be evaluated (kept, marked unevaluated). */
  evaluation: AnswerEvaluationSchema.nullable(),
});
/** One answered question of a stored session. */
export type SessionAnswer = z.infer<typeof SessionAnswerSchema>;

/**
 * The stored interview session: the seed document's fields (`id`, `user_id`, `session_type`,
 * `questions`, `score` 0–100, `feedback`, `duration` in seconds, `created_at`, `completed_at`,
 * `speech_metrics`) plus `status`, `topic`, `difficulty` and `answers`. Timestamps are ISO-8601
 * strings; `score`, `feedback`, `completed_at` and `speech_metrics` are `null` until the session
 * is finalised (and `score` stays `null` when no answer was evaluated).
 */
export const InterviewSessionSchema = z.object({
  id: z.string().min(1),
  user_id: z.string().min(1),
  session_type: SessionTypeSchema,
  status: SessionStatusSchema,
  topic: z.string().nullable(),
  difficulty: DifficultySchema.nullable(),
  questions: z.array(QuestionSchema),
  answers: z.array(SessionAnswerSchema),
  score: z.number().min(0).max(100).nullable(),
  /** Structured end-of-session feedback (summary), when produced. */
  feedback: SessionSummarySchema.nullable(),
  duration: z.number().int().min(0),
  created_at: z.iso.datetime({ offset: true }),
  completed_at: z.iso.datetime({ offset: true }).nullable(),
  speech_metrics: ResearchMetricsSchema.nullable(),
});
/** The stored interview session. */
export type InterviewSession = z.infer<typeof InterviewSessionSchema>;
