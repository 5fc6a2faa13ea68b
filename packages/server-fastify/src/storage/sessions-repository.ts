import type { Question, ResearchMetrics, SessionAnswer, SessionStatus, SessionSummary, SessionType } from '@interviewkit/core';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { type JsonShape, mapReadableRows, readJsonColumn } from './corrupt-rows';
import type { Database, InterviewSessionsTable } from './schema';
import type { CorruptRowWarning, SessionRecord, SessionsRepository } from './storage-types';

/**
 * The interview_sessions table. Reads of one session raise on a corrupt JSON column; the list of
 * live sessions (recovery, coordination) leaves a corrupt one out with a warning.
 */
export function createSessionsRepository(db: Kysely<Database>, warn: (warning: CorruptRowWarning) => void): SessionsRepository {
  return {
    async create(input) {
      const questions = input.questions ?? [];
      const row = await db
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
          created_at: new Date().toISOString(),
          use_mock: input.useMock ? 1 : 0,
          owner_instance: input.ownerInstance ?? null,
          event_count: 0,
          mastery_updates: '[]',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toSession(row);
    },
    async get(id, userId) {
      let query = db.selectFrom('interview_sessions').selectAll().where('id', '=', id);
      if (userId !== undefined) query = query.where('user_id', '=', userId);
      const row = await query.executeTakeFirst();
      return row ? toSession(row) : null;
    },
    async list(userId, { type, beforeId, limit }) {
      let query = db
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
    async update(id, patch) {
      const values: Updateable<InterviewSessionsTable> = {};
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
      await db.updateTable('interview_sessions').set(values).where('id', '=', id).execute();
    },
    async listLive(ownerInstance) {
      let query = db.selectFrom('interview_sessions').selectAll().where('status', '=', 'live');
      if (ownerInstance === null) query = query.where('owner_instance', 'is', null);
      else if (ownerInstance !== undefined) query = query.where('owner_instance', '=', ownerInstance);
      const rows = await query.orderBy('id', 'asc').execute();
      return mapReadableRows(rows, toSession, warn);
    },
    async findLive(userId, type) {
      let query = db.selectFrom('interview_sessions').selectAll().where('user_id', '=', userId).where('status', '=', 'live');
      if (type !== undefined) query = query.where('session_type', '=', type);
      const row = await query.orderBy('id', 'desc').limit(1).executeTakeFirst();
      return row ? toSession(row) : null;
    },
  };
}

function toSession(row: Selectable<InterviewSessionsTable>): SessionRecord {
  const id = Number(row.id);
  const json = <T>(column: keyof InterviewSessionsTable & string, fallback: T, shape: JsonShape): T =>
    readJsonColumn<T>(row[column] as string | null, fallback, shape, { table: 'interview_sessions', row: String(id), column });
  return {
    id,
    user_id: row.user_id,
    session_type: row.session_type as SessionType,
    status: row.status as SessionStatus,
    topic: row.topic,
    difficulty: row.difficulty,
    questions: json<Question[]>('questions', [], 'array'),
    answers: json<SessionAnswer[]>('answers', [], 'array'),
    questions_count: Number(row.questions_count),
    score: row.score === null ? null : Number(row.score),
    feedback: json<SessionSummary | null>('feedback', null, 'object'),
    duration: Number(row.duration),
    created_at: row.created_at,
    completed_at: row.completed_at,
    speech_metrics: json<ResearchMetrics | null>('speech_metrics', null, 'object'),
    analysis_valid: row.analysis_valid === null ? null : Number(row.analysis_valid) === 1,
    use_mock: Number(row.use_mock) === 1,
    owner_instance: row.owner_instance,
    event_count: Number(row.event_count),
    mastery_updates: json<unknown[]>('mastery_updates', [], 'array'),
  };
}
