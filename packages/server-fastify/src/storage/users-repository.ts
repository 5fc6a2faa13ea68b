import { InterviewKitError } from '@interviewkit/core';
import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { User, UsersRepository } from './storage-types';

/** The users table. */
export function createUsersRepository(db: Kysely<Database>): UsersRepository {
  return {
    async create({ email, passwordHash, name }) {
      const created_at = new Date().toISOString();
      try {
        const row = await db.insertInto('users').values({ email, password_hash: passwordHash, name, created_at }).returning(['id']).executeTakeFirstOrThrow();
        return { id: Number(row.id), email, name, created_at };
      } catch (error) {
        if (isUniqueViolation(error))
          throw new InterviewKitError('CONFLICT', 'Registration failed: choose another e-mail address, or log in if the account is yours');
        throw error;
      }
    },
    async findByEmail(email) {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      if (!row) return null;
      return { user: toUser(row), passwordHash: row.password_hash };
    },
    async findById(id) {
      const row = await db.selectFrom('users').select(['id', 'email', 'name', 'created_at']).where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : null;
    },
  };
}

function toUser(row: { id: number; email: string; name: string | null; created_at: string }): User {
  return { id: Number(row.id), email: row.email, name: row.name, created_at: row.created_at };
}

/** PostgreSQL's unique_violation, or SQLite's UNIQUE constraint message. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e?.code === '23505' || (typeof e?.message === 'string' && e.message.includes('UNIQUE constraint failed'));
}
