import { InterviewKitError, SESSION_TYPES, validationError, type SessionType } from '@interviewkit/core';
import { z } from 'zod';
import type { GenerateQuestionsRequest } from './question-generator';

const Difficulty = z.enum(['easy', 'medium', 'hard']).default('medium');
const Count = z.coerce.number().int().min(1).max(20);

/** The seed's request bodies, by session type (`POST /api/<type>/questions`). */
export const SeedQuestionRequestSchemas = {
  /** `POST /api/mock_interview/questions {question_count, difficulty}` (mock_resume requires a resume). */
  mock: z.object({ question_count: Count.default(5), difficulty: Difficulty }),
  /** `POST /api/technical/questions {topic, count}`. */
  technical: z.object({ topic: z.string().trim().min(1).max(80), count: Count.default(5), difficulty: Difficulty }),
  /** `POST /api/coding/questions {count, difficulty}`. */
  coding: z.object({ count: Count.default(3), difficulty: Difficulty }),
  /** hr, debugging and agentic follow the coding shape. */
  other: z.object({ count: Count.default(5), difficulty: Difficulty }),
} as const;

/**
 * Validates a seed-shaped request body and normalizes it to a {@link GenerateQuestionsRequest}
 * (`question_count` → `count`; difficulty defaults to `medium`). `extra` carries what the body
 * does not (the parsed resume, recent questions). Throws `VALIDATION_FAILED` naming bad fields.
 */
export function questionRequestFromSeed(
  sessionType: SessionType,
  body: unknown,
  extra: Omit<GenerateQuestionsRequest, 'sessionType' | 'count' | 'difficulty' | 'topic'> = {},
): GenerateQuestionsRequest {
  if (!(SESSION_TYPES as readonly string[]).includes(sessionType)) throw new InterviewKitError('INVALID_ARGUMENT', `Unknown session type ${String(sessionType)}`);
  const input = body ?? {};
  if (sessionType === 'mock' || sessionType === 'mock_resume') {
    const parsed = SeedQuestionRequestSchemas.mock.safeParse(input);
    if (!parsed.success) throw validationError(`${sessionType} question request`, parsed.error.issues);
    return { ...extra, sessionType, count: parsed.data.question_count, difficulty: parsed.data.difficulty };
  }
  if (sessionType === 'technical') {
    const parsed = SeedQuestionRequestSchemas.technical.safeParse(input);
    if (!parsed.success) throw validationError('technical question request', parsed.error.issues);
    return { ...extra, sessionType, count: parsed.data.count, difficulty: parsed.data.difficulty, topic: parsed.data.topic };
  }
  const schema = sessionType === 'coding' ? SeedQuestionRequestSchemas.coding : SeedQuestionRequestSchemas.other;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(`${sessionType} question request`, parsed.error.issues);
  return { ...extra, sessionType, count: parsed.data.count, difficulty: parsed.data.difficulty };
}
