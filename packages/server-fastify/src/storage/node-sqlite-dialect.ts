import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';

/**
 * Adapts Node's built-in `node:sqlite` (DatabaseSync) to the better-sqlite3-like interface that
 * Kysely's SqliteDialect expects: parameters arrive as one array and are spread, and a statement
 * is a reader when it returns columns (SELECT, or INSERT … RETURNING).
 */
export function nodeSqliteDatabase(db: DatabaseSync): SqliteDatabase {
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const statement = db.prepare(sql);
      const bind = (parameters: ReadonlyArray<unknown>): SQLInputValue[] => parameters.map(toSqlValue);
      return {
        reader: statement.columns().length > 0,
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
      // SQLITE_BUSY when two processes share the file.
      if (filename !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;');
      return nodeSqliteDatabase(db);
    },
  });
}
