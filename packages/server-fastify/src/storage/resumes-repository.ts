import type { Kysely } from 'kysely';
import { readJsonColumn } from './corrupt-rows';
import type { Database } from './schema';
import type { ResumesRepository } from './storage-types';

/** The resumes table; `parsed` is stored as JSON text. */
export function createResumesRepository(db: Kysely<Database>): ResumesRepository {
  return {
    async save(input) {
      const created_at = new Date().toISOString();
      const row = await db
        .insertInto('resumes')
        .values({ ...input, parsed: JSON.stringify(input.parsed ?? null), created_at })
        .returning(['id'])
        .executeTakeFirstOrThrow();
      return { ...input, id: Number(row.id), created_at };
    },
    async latest(userId) {
      const row = await db.selectFrom('resumes').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (!row) return null;
      const id = Number(row.id);
      const parsed = readJsonColumn<unknown>(row.parsed, null, 'any', { table: 'resumes', row: String(id), column: 'parsed' });
      return { ...row, id, size: Number(row.size), parsed };
    },
  };
}
