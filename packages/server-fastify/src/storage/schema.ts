import type { Generated } from 'kysely';

/**
 * The database tables. JSON columns are stored as text (portable across SQLite and PostgreSQL)
 * and timestamps as ISO-8601 text; booleans as 0/1 integers.
 */
export interface UsersTable {
  id: Generated<number>;
  /** Lower-cased and trimmed, unique. */
  email: string;
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  password_hash: string;
  name: string | null;
  created_at: string;
}

export interface ResumesTable {
  id: Generated<number>;
  /** The user's id as a string (embedding apps bring their own user ids). */
  user_id: string;
  filename: string;
  content_type: string;
  size: number;
  /** Extracted plain text. */
  text: string;
  /** JSON of the parsed resume. */
  parsed: string;
  created_at: string;
}

export interface InterviewSessionsTable {
  id: Generated<number>;
  /** The user's id as a string (embedding apps bring their own user ids). */
  user_id: string;
  session_type: string;
  /** `live`, `completed`, `stopped`, `abandoned`. */
  status: string;
  topic: string | null;
  difficulty: string | null;
  /** JSON array of questions. */
  questions: string;
  /** JSON array of answers. */
  answers: string;
  /** Number of questions asked (the seed's `questions_count`). */
  questions_count: number;
  score: number | null;
  /** JSON of the session summary, or null. */
  feedback: string | null;
  /** Whole seconds. */
  duration: number;
  created_at: string;
  completed_at: string | null;
  /** JSON of the research metrics, or null. */
  speech_metrics: string | null;
  /** 1 / 0, or null while live. */
  analysis_valid: number | null;
  use_mock: number;
  /** Id of the server instance holding the live session. */
  owner_instance: string | null;
  /** Number of events in the session's log. */
  event_count: number;
  /** JSON of the mastery updates the session caused. */
  mastery_updates: string;
}

export interface SessionEventsTable {
  session_id: number;
  /** 1-based position in the log. */
  seq: number;
  /** Session time in ms. */
  t: number;
  type: string;
  /** The whole event as JSON. */
  data: string;
}

export interface UserMasteryTable {
  /** The user's id as a string (embedding apps bring their own user ids). */
  user_id: string;
  topic: string;
  /** 0–1. */
  mastery_level: number;
  attempts: number;
  /** JSON object concept -> { mastery, attempts, misses }. */
  concepts: string;
  /** JSON array of recent answer scores (0–100), oldest first (learning velocity). */
  history: string;
  /** Current difficulty of the topic (difficulty progression). */
  difficulty: string;
  updated_at: string;
}

export interface Database {
  users: UsersTable;
  resumes: ResumesTable;
  interview_sessions: InterviewSessionsTable;
  session_events: SessionEventsTable;
  user_mastery: UserMasteryTable;
}
