import type { MasteryRecord, Question, ResearchMetrics, SessionAnswer, SessionEvent, SessionStatus, SessionSummary, SessionType } from '@interviewkit/core';
import type { DialectName } from './migrations';

/** A user as exposed by the API (never the password hash). */
export interface User {
  id: number;
  email: string;
  name: string | null;
  created_at: string;
}

/** A stored resume. */
export interface ResumeRecord {
  id: number;
  user_id: string;
  filename: string;
  content_type: string;
  size: number;
  text: string;
  parsed: unknown;
  created_at: string;
}

/** A stored interview session (the seed's fields plus status, topic, answers and use_mock). */
export interface SessionRecord {
  id: number;
  user_id: string;
  session_type: SessionType;
  status: SessionStatus;
  topic: string | null;
  difficulty: string | null;
  questions: Question[];
  answers: SessionAnswer[];
  questions_count: number;
  score: number | null;
  feedback: SessionSummary | null;
  duration: number;
  created_at: string;
  completed_at: string | null;
  speech_metrics: ResearchMetrics | null;
  analysis_valid: boolean | null;
  use_mock: boolean;
  owner_instance: string | null;
  event_count: number;
  mastery_updates: unknown[];
}

/** One row of the session list (the seed's fields). */
export interface SessionListItem {
  id: number;
  session_type: SessionType;
  status: SessionStatus;
  topic: string | null;
  score: number | null;
  duration: number;
  created_at: string;
  completed_at: string | null;
  questions_count: number;
}

/** A user's mastery of one topic as stored: core's mastery record contract. */
export type { MasteryRecord } from '@interviewkit/core';

/** Fields of a new session. */
export interface NewSession {
  userId: string;
  sessionType: SessionType;
  status?: SessionStatus;
  topic?: string | null;
  difficulty?: string | null;
  questions?: Question[];
  useMock?: boolean;
  ownerInstance?: string | null;
}

/** Fields that can change on a session. */
export interface SessionPatch {
  status?: SessionStatus;
  questions?: Question[];
  answers?: SessionAnswer[];
  questions_count?: number;
  score?: number | null;
  feedback?: SessionSummary | null;
  duration?: number;
  completed_at?: string | null;
  speech_metrics?: ResearchMetrics | null;
  analysis_valid?: boolean | null;
  owner_instance?: string | null;
  mastery_updates?: unknown[];
  use_mock?: boolean;
}

/** A logged event with its position. */
export interface StoredEvent {
  seq: number;
  event: SessionEvent;
}

/** Users: registration and login lookups. */
export interface UsersRepository {
  /** Raises `CONFLICT` when the e-mail address is taken. */
  create(input: { email: string; passwordHash: string; name: string | null }): Promise<User>;
  findByEmail(email: string): Promise<{ user: User; passwordHash: string } | null>;
  findById(id: number): Promise<User | null>;
}

/** Uploaded résumés, newest last. */
export interface ResumesRepository {
  save(input: Omit<ResumeRecord, 'id' | 'created_at'>): Promise<ResumeRecord>;
  /** The user's newest résumé; raises `INTERNAL` (`details.reason: 'corrupt_row'`) when its stored JSON is unreadable. */
  latest(userId: string): Promise<ResumeRecord | null>;
}

/** Interview sessions. Reads of one session raise `INTERNAL` (`details.reason: 'corrupt_row'`) on unreadable JSON. */
export interface SessionsRepository {
  create(input: NewSession): Promise<SessionRecord>;
  /** The session, or null when it does not exist or (with `userId`) belongs to someone else. */
  get(id: number, userId?: string): Promise<SessionRecord | null>;
  list(userId: string, options: { type?: SessionType; beforeId?: number; limit: number }): Promise<SessionListItem[]>;
  update(id: number, patch: SessionPatch): Promise<void>;
  /**
   * Live sessions, optionally only those held by one instance (or by none). A row whose JSON is
   * unreadable is reported through {@link CreateStorageOptions.onWarning} and left out, so one
   * corrupt session cannot stop the recovery of the others.
   */
  listLive(ownerInstance?: string | null): Promise<SessionRecord[]>;
  /** The most recent live session of a user (optionally of one type). */
  findLive(userId: string, type?: SessionType): Promise<SessionRecord | null>;
}

/** The append-only event log of each session. */
export interface EventsRepository {
  /** Appends events (seq must continue the log); idempotent on (session, seq). */
  append(sessionId: number, events: readonly StoredEvent[]): Promise<void>;
  /** Appends the events of several sessions in one transaction (idempotent per `seq`). */
  appendMany(batches: ReadonlyArray<{ sessionId: number; events: readonly StoredEvent[] }>): Promise<void>;
  /**
   * The events after `afterSeq` (default 0), in order. A log with a hole cannot be replayed: an
   * unreadable event raises `INTERNAL` (`details.reason: 'corrupt_row'`) instead of being skipped.
   */
  list(sessionId: number, afterSeq?: number): Promise<StoredEvent[]>;
}

/** Per-user, per-topic mastery. */
export interface MasteryRepository {
  /** Every topic of a user; an unreadable row is reported through {@link CreateStorageOptions.onWarning} and left out. */
  list(userId: string): Promise<MasteryRecord[]>;
  /** One topic; raises `INTERNAL` (`details.reason: 'corrupt_row'`) when its JSON is unreadable. */
  get(userId: string, topic: string): Promise<MasteryRecord | null>;
  upsert(record: MasteryRecord): Promise<void>;
}

/**
 * Everything the server persists. Implemented over Kysely for SQLite and PostgreSQL
 * ({@link createStorage}); embedding apps may supply their own.
 */
export interface Storage {
  readonly dialect: DialectName | 'custom';
  users: UsersRepository;
  resumes: ResumesRepository;
  sessions: SessionsRepository;
  events: EventsRepository;
  mastery: MasteryRepository;
  /** Whether the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A stored row the storage could not read (its JSON is malformed or has the wrong shape). */
export interface CorruptRowWarning {
  message: string;
  /** The table, e.g. `interview_sessions`. */
  table: string;
  /** The row's key: the id, or `user_id/topic`, or `session_id/seq`. */
  row: string;
  /** The unreadable column. */
  column: string;
}

/** Options of {@link createStorage}. */
export interface CreateStorageOptions {
  /** For PostgreSQL: a schema to create and use (tests isolate runs with it). */
  pgSchema?: string;
  /** For PostgreSQL: connections of this process's pool (default 10). */
  poolSize?: number;
  /** Run migrations (default true). */
  migrate?: boolean;
  /**
   * SQLite only: run the database in a worker thread, so its synchronous statements, commits,
   * WAL writes and checkpoints never block the event loop. Default: true for a file, false for
   * `:memory:` (a private in-memory database has no file I/O to move, and tests open many).
   * The storage thread itself opens its database with `false`.
   */
  thread?: boolean;
  /**
   * Called when a list read leaves out a row it cannot read (default: `console.warn`). The server
   * passes its logger. Reads of a single row raise instead.
   */
  onWarning?: (warning: CorruptRowWarning) => void;
}
