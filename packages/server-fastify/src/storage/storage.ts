import {
  DifficultySchema,
  InterviewKitError,
  type MasteryRecord,
  type Question,
  type ResearchMetrics,
  type SessionAnswer,
  type SessionEvent,
  type SessionStatus,
  type SessionSummary,
  type SessionType,
} from '@interviewkit/core';
import { Kysely, PostgresDialect, type Selectable } from 'kysely';
import pg from 'pg';
import { type DialectName, migrateToLatest } from './migrations';
import { createNodeSqliteDialect } from './node-sqlite-dialect';
import type { Database, InterviewSessionsTable } from './schema';
import { ThreadedStorage } from './threaded-storage';

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

/**
 * Everything the server persists. Implemented over Kysely for SQLite and PostgreSQL
 * ({@link createStorage}); embedding apps may supply their own.
 */
export interface Storage {
  readonly dialect: DialectName | 'custom';
  users: {
    create(input: { email: string; passwordHash: string; name: string | null }): Promise<User>;
    findByEmail(email: string): Promise<{ user: User; passwordHash: string } | null>;
    findById(id: number): Promise<User | null>;
  };
  resumes: {
    save(input: Omit<ResumeRecord, 'id' | 'created_at'>): Promise<ResumeRecord>;
    latest(userId: string): Promise<ResumeRecord | null>;
  };
  sessions: {
    create(input: NewSession): Promise<SessionRecord>;
    /** The session, or null when it does not exist or (with `userId`) belongs to someone else. */
    get(id: number, userId?: string): Promise<SessionRecord | null>;
    list(userId: string, options: { type?: SessionType; beforeId?: number; limit: number }): Promise<SessionListItem[]>;
    update(id: number, patch: SessionPatch): Promise<void>;
    /** Live sessions, optionally only those held by one instance (or by none). */
    listLive(ownerInstance?: string | null): Promise<SessionRecord[]>;
    /** The most recent live session of a user (optionally of one type). */
    findLive(userId: string, type?: SessionType): Promise<SessionRecord | null>;
  };
  events: {
    /** Appends events (seq must continue the log); idempotent on (session, seq). */
    append(sessionId: number, events: readonly StoredEvent[]): Promise<void>;
    /** Appends the events of several sessions in one transaction (idempotent per `seq`). */
    appendMany(batches: ReadonlyArray<{ sessionId: number; events: readonly StoredEvent[] }>): Promise<void>;
    list(sessionId: number, afterSeq?: number): Promise<StoredEvent[]>;
  };
  mastery: {
    list(userId: string): Promise<MasteryRecord[]>;
    get(userId: string, topic: string): Promise<MasteryRecord | null>;
    upsert(record: MasteryRecord): Promise<void>;
  };
  /** Whether the database answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
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
}

/** Parses a DATABASE_URL into a dialect and target. */
export function parseDatabaseUrl(url: string): { dialect: DialectName; target: string } {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', target: url };
  if (url === ':memory:' || url === 'sqlite::memory:' || url === 'sqlite://:memory:') return { dialect: 'sqlite', target: ':memory:' };
  if (url.startsWith('sqlite://')) return { dialect: 'sqlite', target: url.slice('sqlite://'.length) };
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', target: url.slice('sqlite:'.length) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new InterviewKitError('VALIDATION_FAILED', `DATABASE_URL must be a SQLite file (sqlite:<file>) or postgres://…; got scheme ${url.split(':')[0]}`);
  }
  return { dialect: 'sqlite', target: url };
}

/**
 * Opens (and migrates) the database at `url`. An SQLite file runs in a worker thread of its own
 * ({@link ThreadedStorage}); PostgreSQL's driver is asynchronous already (the database works in
 * its own process, the event loop only encodes queries and decodes rows) and runs on the calling
 * thread.
 */
export async function createStorage(url: string, options: CreateStorageOptions = {}): Promise<Storage> {
  const { dialect, target } = parseDatabaseUrl(url);
  if (dialect === 'sqlite' && (options.thread ?? target !== ':memory:')) {
    const { thread: _thread, ...rest } = options;
    return ThreadedStorage.open(url, rest);
  }
  let db: Kysely<Database>;
  if (dialect === 'postgres') {
    const schema = options.pgSchema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new InterviewKitError('INVALID_ARGUMENT', 'Invalid PostgreSQL schema name');
    if (schema !== undefined) {
      const admin = new pg.Client({ connectionString: target });
      await admin.connect();
      try {
        await admin.query(`create schema if not exists ${schema}`);
      } finally {
        await admin.end();
      }
    }
    // A connection attempt gives up after 5 s and a query after 30 s (the defaults wait forever),
    // so an unreachable database fails requests with STORAGE_UNAVAILABLE instead of hanging them.
    const pool = new pg.Pool({ connectionString: target, max: options.poolSize ?? 10, connectionTimeoutMillis: 5000, query_timeout: 30_000, keepAlive: true, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
    // An idle client whose connection drops (database restart, network cut) emits 'error' on the
    // pool; unhandled, that would crash the process. The pool discards the client and the next
    // query opens a new connection, so there is nothing else to do.
    pool.on('error', () => undefined);
    // The same for a client that is checked out when its connection drops: its query rejects
    // (and the error reaches the caller), but the client also emits 'error', fatal unhandled.
    pool.on('connect', (client) => client.on('error', () => undefined));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    db = new Kysely<Database>({ dialect: createNodeSqliteDialect(target) });
  }
  try {
    if (options.migrate !== false) await migrateToLatest(db, dialect, dialect === 'postgres' ? options.pgSchema : undefined);
  } catch (error) {
    await db.destroy();
    throw new InterviewKitError('STORAGE_UNAVAILABLE', `Could not prepare the ${dialect} database: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return new KyselyStorage(db, dialect);
}

const nowIso = (): string => new Date().toISOString();

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e?.code === '23505' || (typeof e?.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}

function toSession(row: Selectable<InterviewSessionsTable>): SessionRecord {
  return {
    id: Number(row.id),
    user_id: row.user_id,
    session_type: row.session_type as SessionType,
    status: row.status as SessionStatus,
    topic: row.topic,
    difficulty: row.difficulty,
    questions: parseJson<Question[]>(row.questions, []),
    answers: parseJson<SessionAnswer[]>(row.answers, []),
    questions_count: Number(row.questions_count),
    score: row.score === null ? null : Number(row.score),
    feedback: parseJson<SessionSummary | null>(row.feedback, null),
    duration: Number(row.duration),
    created_at: row.created_at,
    completed_at: row.completed_at,
    speech_metrics: parseJson<ResearchMetrics | null>(row.speech_metrics, null),
    analysis_valid: row.analysis_valid === null ? null : Number(row.analysis_valid) === 1,
    use_mock: Number(row.use_mock) === 1,
    owner_instance: row.owner_instance,
    event_count: Number(row.event_count),
    mastery_updates: parseJson<unknown[]>(row.mastery_updates, []),
  };
}

class KyselyStorage implements Storage {
  readonly dialect: DialectName;
  private readonly db: Kysely<Database>;

  constructor(db: Kysely<Database>, dialect: DialectName) {
    this.db = db;
    this.dialect = dialect;
  }

  users: Storage['users'] = {
    create: async ({ email, passwordHash, name }) => {
      const created_at = nowIso();
      try {
        const row = await this.db
          .insertInto('users')
          .values({ email, password_hash: passwordHash, name, created_at })
          .returning(['id'])
          .executeTakeFirstOrThrow();
        return { id: Number(row.id), email, name, created_at };
      } catch (error) {
        if (isUniqueViolation(error)) throw new InterviewKitError('CONFLICT', 'Registration failed: choose another e-mail address, or log in if the account is yours');
        throw error;
      }
    },
    findByEmail: async (email) => {
      const row = await this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      if (!row) return null;
      return { user: { id: Number(row.id), email: row.email, name: row.name, created_at: row.created_at }, passwordHash: row.password_hash };
    },
    findById: async (id) => {
      const row = await this.db.selectFrom('users').select(['id', 'email', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
      return row ? { id: Number(row.id), email: row.email, name: row.name, created_at: row.created_at } : null;
    },
  };

  resumes: Storage['resumes'] = {
    save: async (input) => {
      const created_at = nowIso();
      const row = await this.db
        .insertInto('resumes')
        .values({ ...input, parsed: JSON.stringify(input.parsed ?? null), created_at })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      return { ...input, id: Number(row.id), created_at };
    },
    latest: async (userId) => {
      const row = await this.db.selectFrom('resumes').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (!row) return null;
      return { ...row, id: Number(row.id), user_id: row.user_id, size: Number(row.size), parsed: parseJson<unknown>(row.parsed, null) };
    },
  };

  sessions: Storage['sessions'] = {
    create: async (input) => {
      const questions = input.questions ?? [];
      const row = await this.db
        .insertInto('interview_sessions')
        .values({
          user_id: input.userId,
          session_type: input.sessionType,
          status: input.status ?? 'live',
          topic: input.topic ?? null,
          difficulty: input.difficulty ?? null,
          questions: JSON.stringify(questions),
          answers: '[]',
          questions_count: questions.length,
          duration: 0,
          created_at: nowIso(),
          use_mock: input.useMock ? 1 : 0,
          owner_instance: input.ownerInstance ?? null,
          event_count: 0,
          mastery_updates: '[]',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSession(row);
    },
    get: async (id, userId) => {
      let query = this.db.selectFrom('interview_sessions').selectAll().where('id', '=', id);
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      const row = await query.executeTakeFirst();
      return row ? toSession(row) : null;
    },
    list: async (userId, { type, beforeId, limit }) => {
      let query = this.db
        .selectFrom('interview_sessions')
        .select(['id', 'session_type', 'status', 'topic', 'score', 'duration', 'created_at', 'completed_at', 'questions_count'])
        .where('user_id', '=', userId);
      if (type !== undefined) query = query.where('session_type', '=', type);
      if (beforeId !== undefined) query = query.where('id', '<', beforeId);
      const rows = await query.orderBy('id', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        id: Number(r.id),
        session_type: r.session_type as SessionType,
        status: r.status as SessionStatus,
        topic: r.topic,
        score: r.score === null ? null : Number(r.score),
        duration: Number(r.duration),
        created_at: r.created_at,
        completed_at: r.completed_at,
        questions_count: Number(r.questions_count),
      }));
    },
    update: async (id, patch) => {
      const values: Partial<Record<keyof InterviewSessionsTable, unknown>> = {};
      if (patch.status !== undefined) values.status = patch.status;
      if (patch.questions !== undefined) values.questions = JSON.stringify(patch.questions);
      if (patch.answers !== undefined) values.answers = JSON.stringify(patch.answers);
      if (patch.questions_count !== undefined) values.questions_count = patch.questions_count;
      if (patch.score !== undefined) values.score = patch.score;
      if (patch.feedback !== undefined) values.feedback = patch.feedback === null ? null : JSON.stringify(patch.feedback);
      if (patch.duration !== undefined) values.duration = patch.duration;
      if (patch.completed_at !== undefined) values.completed_at = patch.completed_at;
      if (patch.speech_metrics !== undefined) values.speech_metrics = patch.speech_metrics === null ? null : JSON.stringify(patch.speech_metrics);
      if (patch.analysis_valid !== undefined) values.analysis_valid = patch.analysis_valid === null ? null : patch.analysis_valid ? 1 : 0;
      if (patch.owner_instance !== undefined) values.owner_instance = patch.owner_instance;
      if (patch.mastery_updates !== undefined) values.mastery_updates = JSON.stringify(patch.mastery_updates);
      if (patch.use_mock !== undefined) values.use_mock = patch.use_mock ? 1 : 0;
      if (Object.keys(values).length === 0) return;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await this.db.updateTable('interview_sessions').set(values as any).where('id', '=', id).execute();
    },
    listLive: async (ownerInstance) => {
      let query = this.db.selectFrom('interview_sessions').selectAll().where('status', '=', 'live');
      if (ownerInstance === null) query = query.where('owner_instance', 'is', null);
      else if (ownerInstance !== undefined) query = query.where('owner_instance', '=', ownerInstance);
      const rows = await query.orderBy('id', 'asc').execute();
      return rows.map(toSession);
    },
    findLive: async (userId, type) => {
      let query = this.db.selectFrom('interview_sessions').selectAll().where('user_id', '=', userId).where('status', '=', 'live');
      if (type !== undefined) query = query.where('session_type', '=', type);
      const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? toSession(row) : null;
    },
  };

  events: Storage['events'] = {
    append: (sessionId, events) => this.events.appendMany([{ sessionId, events }]),
    appendMany: async (batches) => {
      const rows = batches.flatMap(({ sessionId, events }) => events.map(({ seq, event }) => ({ session_id: sessionId, seq, t: event.t, type: event.type, data: JSON.stringify(event) })));
      if (rows.length === 0) return;
      await this.db.transaction().execute(async (trx) => {
        // Chunked so that a large batch stays under SQLite's bound-parameter limit.
        for (let i = 0; i < rows.length; i += 150) {
          await trx
            .insertInto('session_events')
            .values(rows.slice(i, i + 150))
            .onConflict((oc) => oc.columns(['session_id', 'seq']).doNothing())
            .execute();
        }
        for (const { sessionId, events } of batches) {
          if (events.length === 0) continue;
          const last = events[events.length - 1]!.seq;
          await trx.updateTable('interview_sessions').set({ event_count: last }).where('id', '=', sessionId).where('event_count', '<', last).execute();
        }
      });
    },
    list: async (sessionId, afterSeq = 0) => {
      const rows = await this.db
        .selectFrom('session_events')
        .select(['seq', 'data'])
        .where('session_id', '=', sessionId)
        .where('seq', '>', afterSeq)
        .orderBy('seq', 'asc')
        .execute();
      return rows.map((r) => ({ seq: Number(r.seq), event: JSON.parse(r.data) as SessionEvent }));
    },
  };

  mastery: Storage['mastery'] = {
    list: async (userId) => {
      const rows = await this.db.selectFrom('user_mastery').selectAll().where('user_id', '=', userId).orderBy('topic').execute();
      return rows.map((r) => this.toMastery(r));
    },
    get: async (userId, topic) => {
      const row = await this.db.selectFrom('user_mastery').selectAll().where('user_id', '=', userId).where('topic', '=', topic).executeTakeFirst();
      return row ? this.toMastery(row) : null;
    },
    upsert: async (record) => {
      const values = {
        user_id: record.user_id,
        topic: record.topic,
        mastery_level: record.mastery_level,
        attempts: record.attempts,
        concepts: JSON.stringify(record.concepts),
        history: JSON.stringify(record.history),
        difficulty: record.difficulty,
        updated_at: record.updated_at,
      };
      await this.db
        .insertInto('user_mastery')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['user_id', 'topic']).doUpdateSet({
            mastery_level: values.mastery_level,
            attempts: values.attempts,
            concepts: values.concepts,
            history: values.history,
            difficulty: values.difficulty,
            updated_at: values.updated_at,
          }),
        )
        .execute();
    },
  };

  private toMastery(r: Selectable<Database['user_mastery']>): MasteryRecord {
    return {
      user_id: r.user_id,
      topic: r.topic,
      mastery_level: Number(r.mastery_level),
      attempts: Number(r.attempts),
      concepts: parseJson(r.concepts, {}),
      history: parseJson(r.history, []),
      // A difficulty the database holds but this version does not know reads as the default.
      difficulty: DifficultySchema.catch('medium').parse(r.difficulty),
      updated_at: r.updated_at,
    };
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.selectFrom('users').select('id').limit(1).execute();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
