import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

/**
 * Adapts Node's built-in `node:sqlite` (DatabaseSync) to the better-sqlite3-like interface that
 * Kysely's SqliteDialect expects: parameters arrive as one array and are spread, and a statement
 * is a reader when it returns columns (SELECT, or INSERT … RETURNING).
 */
export function nodeSqliteDatabase(db: DatabaseSync): SqliteDatabase {
  // Prepared statements are reused by SQL text (Kysely prepares on every query); the set of
  // distinct statements is small and fixed, the bound only guards against unbounded growth.
  const cache = new Map<string, { statement: StatementSync; reader: boolean }>();
  return {
    close: () => {
      cache.clear();
      db.close();
    },
    prepare(sql: string): SqliteStatement {
      let entry = cache.get(sql);
      if (!entry) {
        const prepared = db.prepare(sql);
        entry = { statement: prepared, reader: prepared.columns().length > 0 };
        if (cache.size >= 500) cache.delete(cache.keys().next().value!);
        cache.set(sql, entry);
      }
      const statement = entry.statement;
      const bind = (parameters: ReadonlyArray<unknown>): SQLInputValue[] => parameters.map(toSqlValue);
      return {
        reader: entry.reader,
        all: (parameters) => statement.all(...bind(parameters)),
        run: (parameters) => {
          const result = statement.run(...bind(parameters));
          return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
        },
        iterate: (parameters) => statement.iterate(...bind(parameters)) as IterableIterator<unknown>,
      };
    },
  };
}

function toSqlValue(value: unknown): SQLInputValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'bigint') return value;
  if (value instanceof Uint8Array) return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

/** A Kysely dialect over a `node:sqlite` database file (`:memory:` for an in-memory one). */
export function createNodeSqliteDialect(filename: string): SqliteDialect {
  return new SqliteDialect({
    database: async () => {
      const db = new DatabaseSync(filename);
      // WAL lets readers run while the event log is appended; a busy timeout avoids spurious
      // SQLITE_BUSY when two processes share the file. synchronous = NORMAL (no fsync per commit)
      // is what WAL is designed for: a committed transaction survives a crash of the process
      // (kill -9); only a power loss or OS crash can undo the last commits before a checkpoint.
      if (filename !== ':memory:') db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL');
      db.exec('PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
      return nodeSqliteDatabase(db);
    },
  });
}
