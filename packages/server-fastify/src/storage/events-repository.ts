import type { SessionEvent } from '@interviewkit/core';
import type { Kysely } from 'kysely';
import { readJsonColumn } from './corrupt-rows';
import type { Database } from './schema';
import type { EventsRepository } from './storage-types';

/** Rows per INSERT: keeps a large batch under SQLite's bound-parameter limit. */
const INSERT_CHUNK = 150;

/** The session_events table: each session's append-only log, keyed by (session_id, seq). */
export function createEventsRepository(db: Kysely<Database>): EventsRepository {
  const repository: EventsRepository = {
    append: (sessionId, events) => repository.appendMany([{ sessionId, events }]),
    async appendMany(batches) {
      const rows = batches.flatMap(({ sessionId, events }) =>
        events.map(({ seq, event }) => ({ session_id: sessionId, seq, t: event.t, type: event.type, data: JSON.stringify(event) })),
      );
      if (rows.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          await trx
            .insertInto('session_events')
            .values(rows.slice(i, i + INSERT_CHUNK))
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
    async list(sessionId, afterSeq = 0) {
      const rows = await db
        .selectFrom('session_events')
        .select(['seq', 'data'])
        .where('session_id', '=', sessionId)
        .where('seq', '>', afterSeq)
        .orderBy('seq', 'asc')
        .execute();
      return rows.map((r) => {
        const seq = Number(r.seq);
        // A log with a hole would replay into a different interview: raise, never skip.
        const event = readJsonColumn<SessionEvent | null>(r.data, null, 'object', { table: 'session_events', row: `${sessionId}/${seq}`, column: 'data' });
        return { seq, event: event! };
      });
    },
  };
  return repository;
}
