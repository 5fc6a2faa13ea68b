import { InterviewKitError, SESSION_TYPES, validationError, type Difficulty, type SessionType } from '@interviewkit/core';
import * as z from 'zod';
import type { GenerateQuestionsRequest } from './question-generator';
import { storedDifficulty, type DifficultyRecord } from './stored-difficulty';

/** Omitted: the difficulty the user reached on the topic (see `storedDifficulty`), else medium. */
const Difficulty = z.enum(['easy', 'medium', 'hard']).optional();
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

/** What {@link questionRequestFromSeed} takes besides the body. */
export type SeedRequestExtra = Omit<GenerateQuestionsRequest, 'sessionType' | 'count' | 'difficulty' | 'topic'> & {
  /** The user's mastery records: a body without `difficulty` gets the difficulty reached on the topic. */
  mastery?: readonly DifficultyRecord[];
};

/**
 * Validates a seed-shaped request body and normalizes it to a {@link GenerateQuestionsRequest}
 * (`question_count` → `count`). A body without `difficulty` gets the difficulty the user has
 * reached on the session's topic (from `extra.mastery`, see `storedDifficulty`), else `medium`.
 * `extra` carries what the body does not (the parsed resume, recent questions, mastery). Throws
 * `VALIDATION_FAILED` naming bad fields.
 */
export function questionRequestFromSeed(sessionType: SessionType, body: unknown, seedExtra: SeedRequestExtra = {}): GenerateQuestionsRequest {
  if (!(SESSION_TYPES as readonly string[]).includes(sessionType))
    throw new InterviewKitError('INVALID_ARGUMENT', `Unknown session type ${String(sessionType)}`);
  const { mastery = [], ...extra } = seedExtra;
  const difficultyOf = (named: Difficulty | undefined, topic?: string): Difficulty => named ?? storedDifficulty(mastery, sessionType, topic) ?? 'medium';
  const input = body ?? {};
  if (sessionType === 'mock' || sessionType === 'mock_resume') {
    const parsed = SeedQuestionRequestSchemas.mock.safeParse(input);
    if (!parsed.success) throw validationError(`${sessionType} question request`, parsed.error.issues);
    return { ...extra, sessionType, count: parsed.data.question_count, difficulty: difficultyOf(parsed.data.difficulty) };
  }
  if (sessionType === 'technical') {
    const parsed = SeedQuestionRequestSchemas.technical.safeParse(input);
    if (!parsed.success) throw validationError('technical question request', parsed.error.issues);
    return { ...extra, sessionType, count: parsed.data.count, difficulty: difficultyOf(parsed.data.difficulty, parsed.data.topic), topic: parsed.data.topic };
  }
  const schema = sessionType === 'coding' ? SeedQuestionRequestSchemas.coding : SeedQuestionRequestSchemas.other;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(`${sessionType} question request`, parsed.error.issues);
  return { ...extra, sessionType, count: parsed.data.count, difficulty: difficultyOf(parsed.data.difficulty) };
}
