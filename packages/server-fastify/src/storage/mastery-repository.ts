import { DifficultySchema, type MasteryRecord } from '@interviewkit/core';
import type { Kysely, Selectable } from 'kysely';
import { mapReadableRows, readJsonColumn } from './corrupt-rows';
import type { Database } from './schema';
import type { CorruptRowWarning, MasteryRepository } from './storage-types';

/**
 * The user_mastery table, keyed by (user_id, topic). One topic raises on a corrupt row; the list
 * of a user's topics leaves a corrupt one out with a warning (the others still show).
 */
export function createMasteryRepository(db: Kysely<Database>, warn: (warning: CorruptRowWarning) => void): MasteryRepository {
  return {
    async list(userId) {
      const rows = await db.selectFrom('user_mastery').selectAll().where('user_id', '=', userId).orderBy('topic').execute();
      return mapReadableRows(rows, toMastery, warn);
    },
    async get(userId, topic) {
      const row = await db.selectFrom('user_mastery').selectAll().where('user_id', '=', userId).where('topic', '=', topic).executeTakeFirst();
      return row ? toMastery(row) : null;
    },
    async upsert(record) {
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
      const { user_id: _user, topic: _topic, ...changed } = values;
      await db
        .insertInto('user_mastery')
        .values(values)
        .onConflict((oc) => oc.columns(['user_id', 'topic']).doUpdateSet(changed))
        .execute();
    },
  };
}

function toMastery(r: Selectable<Database['user_mastery']>): MasteryRecord {
  const ref = (column: string) => ({ table: 'user_mastery', row: `${r.user_id}/${r.topic}`, column });
  return {
    user_id: r.user_id,
    topic: r.topic,
    mastery_level: Number(r.mastery_level),
    attempts: Number(r.attempts),
    concepts: readJsonColumn<MasteryRecord['concepts']>(r.concepts, {}, 'object', ref('concepts')),
    history: readJsonColumn<number[]>(r.history, [], 'array', ref('history')),
    // A difficulty the database holds but this version does not know reads as the default.
    difficulty: DifficultySchema.catch('medium').parse(r.difficulty),
    updated_at: r.updated_at,
  };
}
