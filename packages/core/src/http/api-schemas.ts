import * as z from 'zod';
import { AnswerEvaluationSchema, GRADES } from '../evaluation/evaluator';
import { SessionEventSchema } from '../events/session-event';
import { ResearchMetricsSchema } from '../metrics/research-metrics-schema';
import { MasteryUpdateSchema, ServerEventSchemas } from '../protocol/ws-protocol';
import { SessionAnswerSchema } from '../session/interview-session';
import { QuestionSchema } from '../session/question';
import { DifficultySchema, SessionStatusSchema, SessionTypeSchema } from '../session/session-types';
import { SessionSummarySchema } from '../summary/session-summary-schema';

// The HTTP API's request and response schemas, shared by the reference server (which validates
// with them and generates its OpenAPI document from them) and the client (which validates
// responses with them): one definition, no hand-copied types.

const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('Invalid e-mail address'))
  .transform((e) => e.toLowerCase());

/** `POST /api/auth/register` body. */
export const RegisterBodySchema = z.object({
  email: EmailSchema,
  password: z.string().min(8, 'Password must be at least 8 characters').max(256),
  name: z.string().trim().min(1).max(100).optional(),
});

/** `POST /api/auth/login` body. */
export const LoginBodySchema = z.object({ email: EmailSchema, password: z.string().min(1).max(256) });

/** A user as returned by the API. */
export const UserSchema = z.object({ id: z.number().int(), email: z.string(), name: z.string().nullable(), created_at: z.string() });

/** `{ token, user }`. */
export const AuthResponseSchema = z.object({ token: z.string(), user: UserSchema });

/** `POST /api/stop_interview` body (the seed's `{user_id}`, plus an optional session). */
export const StopInterviewBodySchema = z.object({
  /** Must be the caller's own id when given. */
  user_id: z.union([z.string().min(1).max(200), z.number().int()]).optional(),
  session_id: z.number().int().positive().optional(),
  session_type: SessionTypeSchema.optional(),
});

/**
 * A question request's difficulty. Omitted: the difficulty the caller has reached on the session's
 * topic (mastery's progression), or `medium` without any record.
 */
const Difficulty = DifficultySchema.optional();

/** `POST /api/mock_interview/questions` (resume required). */
export const MockQuestionsBodySchema = z.object({
  question_count: z.number().int().min(1).max(15).default(5),
  difficulty: Difficulty,
  /** Optional job description to focus the questions. */
  job_description: z.string().max(10_000).optional(),
});

/** `POST /api/technical/questions`. */
export const TechnicalQuestionsBodySchema = z.object({
  topic: z.string().trim().min(1).max(100),
  count: z.number().int().min(1).max(20).default(8),
  difficulty: Difficulty,
});

/** `POST /api/coding/questions` and `POST /api/debugging/questions`. */
export const CodingQuestionsBodySchema = z.object({ count: z.number().int().min(1).max(10).default(3), difficulty: Difficulty });

/** `POST /api/hr/questions`. */
export const HrQuestionsBodySchema = z.object({ count: z.number().int().min(1).max(15).default(5), difficulty: Difficulty });

/** A question list response. */
export const QuestionsResponseSchema = z.object({ questions: z.array(QuestionSchema), question_count: z.number().int() });

/** `POST /api/evaluate-answer`: one question and the typed answer. */
export const EvaluateAnswerBodySchema = z.object({
  question: QuestionSchema.partial({ id: true }),
  answer: z.string().max(20_000),
});

/** `POST /api/mock_interview/session_summary`. */
export const SessionSummaryBodySchema = z.object({
  answers: z
    .array(
      z.object({
        question: z.union([z.string().min(1).max(4000), QuestionSchema.partial({ id: true })]),
        answer: z.string().max(20_000),
        evaluation: AnswerEvaluationSchema.nullable().optional(),
      }),
    )
    .min(1)
    .max(50),
  /** The session the summary belongs to; a new `mock_resume` session is saved when omitted. */
  session_id: z.number().int().positive().optional(),
  duration_seconds: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .optional(),
});

/** `GET /api/sessions` query. */
export const ListSessionsQuerySchema = z.object({
  type: SessionTypeSchema.optional(),
  /** The `next_cursor` of the previous page. */
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** One row of the session history (the seed's fields). */
export const SessionListItemSchema = z.object({
  id: z.number().int(),
  session_type: SessionTypeSchema,
  status: z.string(),
  topic: z.string().nullable(),
  score: z.number().nullable(),
  duration: z.number().int(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  questions_count: z.number().int(),
});

/** `GET /api/sessions` response. */
export const ListSessionsResponseSchema = z.object({ sessions: z.array(SessionListItemSchema), next_cursor: z.string().nullable() });

/** The error body of every failed request: `{ error: { code, message, details? } }`. */
export const ErrorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});

// ---------------------------------------------------------------- responses
// Response objects are loose: a newer server may add fields without breaking older clients.

/** `GET /api/auth/me` response. */
export const MeResponseSchema = z.looseObject({ user: UserSchema });

/** `GET /api/health` response (liveness). */
export const HealthResponseSchema = z.looseObject({ status: z.literal('ok') });

/** `GET /api/ready` response (the database answers). */
export const ReadyResponseSchema = z.looseObject({ status: z.literal('ready'), database: z.string() });

/** `POST /api/evaluate-answer` response: the evaluation and the caller's mastery changes. */
export const EvaluateAnswerResponseSchema = z.looseObject({
  evaluation: AnswerEvaluationSchema,
  mastery_updates: z.array(MasteryUpdateSchema),
});

/** `POST /api/mock_interview/session_summary` response; the summary is saved to the session's feedback. */
export const SessionSummaryResponseSchema = z.looseObject({
  summary: SessionSummarySchema,
  session_id: z.number().int().positive(),
  score: z.number().min(0).max(100).nullable(),
  grade: z.enum(GRADES).nullable(),
});

/** `POST /api/stop_interview` response: the `interview_complete` data of the stopped session. */
export const StopInterviewResponseSchema = ServerEventSchemas.interview_complete.loose();

/** A stored resume as returned by the API (`text` only from `GET /api/resume`). */
export const ResumeRecordSchema = z.looseObject({
  id: z.number().int(),
  filename: z.string(),
  content_type: z.string(),
  size: z.number().int().nonnegative(),
  parsed: z.unknown(),
  text: z.string().optional(),
  created_at: z.string(),
});

/** `POST /api/upload_resume` and `GET /api/resume` response. */
export const ResumeResponseSchema = z.looseObject({ resume: ResumeRecordSchema });

/** One session with everything recorded about it (`GET /api/sessions/:id`). */
export const SessionDetailSchema = z.looseObject({
  id: z.number().int(),
  user_id: z.string(),
  session_type: SessionTypeSchema,
  status: SessionStatusSchema,
  topic: z.string().nullable(),
  difficulty: z.string().nullable(),
  /** While the session is live, reference answers and expected keywords are left out. */
  questions: z.array(QuestionSchema.partial({ referenceAnswer: true, expectedKeywords: true })),
  answers: z.array(SessionAnswerSchema),
  questions_count: z.number().int(),
  score: z.number().min(0).max(100).nullable(),
  feedback: SessionSummarySchema.nullable(),
  duration: z.number().int().nonnegative(),
  created_at: z.string(),
  completed_at: z.string().nullable(),
  speech_metrics: ResearchMetricsSchema.nullable(),
  analysis_valid: z.boolean().nullable(),
  use_mock: z.boolean(),
  event_count: z.number().int().nonnegative(),
  mastery_updates: z.array(z.unknown()),
});

/** `GET /api/sessions/:id` response. */
export const SessionDetailResponseSchema = z.looseObject({ session: SessionDetailSchema });

/** `GET /api/sessions/:id/events` query. */
export const SessionEventsQuerySchema = z.object({ after: z.coerce.number().int().min(0).default(0) });

/** `GET /api/sessions/:id/events` response: the log, and the metrics recomputed from it (`after` = 0). */
export const SessionEventsResponseSchema = z.looseObject({
  session_id: z.number().int(),
  status: SessionStatusSchema,
  events: z.array(z.intersection(SessionEventSchema, z.object({ seq: z.number().int().positive() }))),
  metrics: ResearchMetricsSchema.nullable(),
  metrics_error: z.object({ code: z.string(), message: z.string() }).optional(),
});

/** One topic of `GET /api/mastery`. */
export const TopicMasteryViewSchema = z.looseObject({
  topic: z.string(),
  mastery_level: z.number().min(0).max(1),
  attempts: z.number().int().nonnegative(),
  difficulty: z.string(),
  /** Least-squares slope of the recent scores, points per answer; null with fewer than 3 answers. */
  learning_velocity: z.number().nullable(),
  recent_scores: z.array(z.number()),
  weak_concepts: z.array(z.string()),
  strong_concepts: z.array(z.string()),
  concepts: z.array(z.looseObject({ concept: z.string(), mastery: z.number(), attempts: z.number().int(), misses: z.number().int() })),
  updated_at: z.string(),
});

/** `GET /api/mastery` response. */
export const MasteryResponseSchema = z.looseObject({
  topics: z.array(TopicMasteryViewSchema),
  overall: z.looseObject({
    avg_mastery: z.number(),
    weakest_topics: z.array(z.string()),
    strongest_topics: z.array(z.string()),
    total_questions: z.number().int(),
  }),
});
