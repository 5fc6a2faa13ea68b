import { z } from 'zod';
import { AnswerEvaluationSchema } from '../evaluation/evaluator';
import { QuestionSchema } from '../session/question';
import { DifficultySchema, SessionTypeSchema } from '../session/session-types';

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

const Difficulty = DifficultySchema.default('medium');

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
  duration_seconds: z.number().int().min(0).max(24 * 3600).optional(),
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
