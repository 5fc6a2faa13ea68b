import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createStorage, type CreateStorageOptions, type Storage } from '../storage/storage';

/** The databases every storage and integration test runs against. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

if (!TEST_REDIS_URL) {
  console.warn('[server-fastify] TEST_REDIS_URL is not set: multi-instance (Redis) tests are SKIPPED.');
}
if (!TEST_DATABASE_URL) {
  console.warn('[server-fastify] TEST_DATABASE_URL is not set: PostgreSQL tests are SKIPPED (only SQLite runs).');
}

export interface TestDb {
  name: 'sqlite' | 'postgres' | 'sqlite file';
  /** Whether this backend is available. */
  enabled: boolean;
  /** A DATABASE_URL and options giving an isolated, empty database (`options` go to createStorage). */
  create(options?: CreateStorageOptions): Promise<{ url: string; pgSchema?: string; storage: Storage; cleanup(): Promise<void> }>;
}

/** A fresh, unique PostgreSQL schema name for this run. */
export function uniquePgSchema(): string {
  return `ik_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function dropPgSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

export const TEST_DBS: TestDb[] = [
  {
    name: 'sqlite',
    enabled: true,
    async create(options) {
      const storage = await createStorage(':memory:', options);
      return { url: ':memory:', storage, cleanup: () => storage.close() };
    },
  },
  {
    name: 'postgres',
    enabled: Boolean(TEST_DATABASE_URL),
    async create(options) {
      const url = TEST_DATABASE_URL!;
      const pgSchema = uniquePgSchema();
      const storage = await createStorage(url, { ...options, pgSchema });
      return {
        url,
        pgSchema,
        storage,
        async cleanup() {
          await storage.close();
          await dropPgSchema(url, pgSchema);
        },
      };
    },
  },
];

/** An SQLite file in a temporary directory, opened as the server opens it by default (in its storage thread). */
export const SQLITE_FILE_DB: TestDb = {
  name: 'sqlite file',
  enabled: true,
  async create(options) {
    const dir = mkdtempSync(join(tmpdir(), 'ik-test-'));
    const url = `sqlite:${join(dir, 'ik.db')}`;
    const storage = await createStorage(url, options);
    return {
      url,
      storage,
      async cleanup() {
        await storage.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};
