import * as z from 'zod';

/**
 * The seven session types of the seed document (the `session_type` field).
 *
 * | type | what it practises |
 * |---|---|
 * | `mock` | behavioural and situational questions |
 * | `mock_resume` | questions derived from the candidate's resume |
 * | `technical` | technical concepts of one topic |
 * | `coding` | data-science coding (SQL) challenges |
 * | `hr` | culture fit and soft skills |
 * | `agentic` | adaptive questions chosen from the candidate's mastery |
 * | `debugging` | finding and explaining a bug in a code snippet |
 */
export const SESSION_TYPES = ['mock', 'mock_resume', 'technical', 'coding', 'hr', 'agentic', 'debugging'] as const;

/** One of {@link SESSION_TYPES}. */
export type SessionType = (typeof SESSION_TYPES)[number];

/** zod schema of a {@link SessionType}. */
export const SessionTypeSchema = z.enum(SESSION_TYPES);

/** Lifecycle of an interview session record. */
export const SESSION_STATUSES = ['live', 'completed', 'stopped', 'abandoned'] as const;
/** `live` while running; `completed` when every question was answered; `stopped` when ended early; `abandoned` when recovered after a crash or disconnect grace period. */
export type SessionStatus = (typeof SESSION_STATUSES)[number];
/** zod schema of a {@link SessionStatus}. */
export const SessionStatusSchema = z.enum(SESSION_STATUSES);

/** Difficulty of a question. */
export const DIFFICULTIES = ['easy', 'medium', 'hard'] as const;
/** One of {@link DIFFICULTIES}. */
export type Difficulty = (typeof DIFFICULTIES)[number];
/** zod schema of a {@link Difficulty}. */
export const DifficultySchema = z.enum(DIFFICULTIES);
