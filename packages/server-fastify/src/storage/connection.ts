import { InterviewKitError } from '@interviewkit/core';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DialectName } from './migrations';
import { createNodeSqliteDialect } from './node-sqlite-dialect';
import type { Database } from './schema';

/** Connection settings of {@link openDatabase}. */
export interface ConnectionOptions {
  /** PostgreSQL: a schema to create (if missing) and put first on the search path. */
  pgSchema?: string;
  /** PostgreSQL: connections of this process's pool (default 10). */
  poolSize?: number;
}

/**
 * Opens a Kysely instance on the calling thread: a PostgreSQL pool (creating `pgSchema` first) or
 * node:sqlite on `target` (a file or `:memory:`). Migrations are not run here.
 */
export async function openDatabase(dialect: DialectName, target: string, options: ConnectionOptions = {}): Promise<Kysely<Database>> {
  if (dialect === 'sqlite') return new Kysely<Database>({ dialect: createNodeSqliteDialect(target) });
  const schema = options.pgSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new InterviewKitError('INVALID_ARGUMENT', 'Invalid PostgreSQL schema name');
  if (schema !== undefined) await createPgSchema(target, schema);
  // A connection attempt gives up after 5 s and a query after 30 s (the defaults wait forever),
  // so an unreachable database fails requests with STORAGE_UNAVAILABLE instead of hanging them.
  const pool = new pg.Pool({
    connectionString: target,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    query_timeout: 30_000,
    keepAlive: true,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client whose connection drops (database restart, network cut) emits 'error' on the
  // pool; unhandled, that would crash the process. The pool discards the client and the next
  // query opens a new connection, so there is nothing else to do.
  pool.on('error', () => undefined);
  // The same for a client that is checked out when its connection drops: its query rejects
  // (and the error reaches the caller), but the client also emits 'error', fatal unhandled.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function createPgSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create schema if not exists ${schema}`);
  } finally {
    await admin.end();
  }
}
