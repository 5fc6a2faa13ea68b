import { SandboxPool, type SandboxPoolOptions } from '../sandbox';

/** One query for the SQL sandbox. */
export interface SqlJob {
  /** Builds the sample tables (trusted: the challenge's own SQL). */
  setupSql: string;
  /** The one statement to run (already checked by `rejectReason`). */
  sql: string;
  /** Most rows returned. */
  maxRows: number;
  /** Most bytes of result values returned (strings by length, numbers 8 bytes each). */
  maxResultBytes: number;
  /** SQLite limits applied before the statement runs (`SQL_SANDBOX_LIMITS`). */
  limits: Readonly<Record<string, number>>;
}

/** What the sandbox answers for a query that ran. */
export interface SqlJobResult {
  columns: string[];
  rows: unknown[][];
}

/**
 * SQLite limits applied to candidate SQL (`sqlite3_limit`, through `node:sqlite`'s
 * `database.limits` where the runtime has it — Node 24). `length` is the largest string or blob a
 * query may build (`SQLITE_LIMIT_LENGTH`: `randomblob(400000000)` fails with "string or blob too
 * big" instead of allocating 800 MB). SQLite's own `hard_heap_limit` pragma does nothing in
 * Node's build (memory statistics are compiled out), so memory is bounded by the child's
 * watchdog as well.
 */
export const SQL_SANDBOX_LIMITS = Object.freeze({
  length: 1_000_000,
  sqlLength: 100_000,
  column: 100,
  exprDepth: 100,
  compoundSelect: 50,
  vdbeOp: 1_000_000,
  functionArg: 32,
  attach: 0,
  likePatternLength: 1_000,
  variableNumber: 100,
  triggerDepth: 10,
});

/**
 * The job handler of the SQL sandbox child (shipped as source: self-contained). A fresh in-memory
 * database per query: the sample tables are built, the limits applied, the database switched to
 * `query_only`, then the candidate's statement runs and its rows are collected up to the row and
 * byte limits.
 */
export function sqlSandboxHandler(): (job: SqlJob) => SqlJobResult {
  const { DatabaseSync } = process.getBuiltinModule('node:sqlite');
  const sizeOf = (v: unknown): number => (typeof v === 'string' ? v.length : 8);
  return (job) => {
    const db = new DatabaseSync(':memory:');
    try {
      db.exec(job.setupSql);
      const own = (db as unknown as { limits?: Record<string, number> }).limits;
      if (own) for (const [name, value] of Object.entries(job.limits)) if (name in own) own[name] = value;
      db.exec('PRAGMA query_only = ON');
      const stmt = db.prepare(job.sql);
      const columns = stmt.columns().map((c) => c.name);
      const rows: unknown[][] = [];
      let bytes = 0;
      for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) {
        if (rows.length >= job.maxRows) break;
        const values = columns.map((c) => {
          const v = row[c];
          return typeof v === 'bigint' ? Number(v) : v instanceof Uint8Array ? '<blob>' : v;
        });
        for (const v of values) bytes += sizeOf(v);
        if (bytes > job.maxResultBytes) throw new Error(`the result is larger than ${job.maxResultBytes} bytes`);
        rows.push(values);
      }
      return { columns, rows };
    } finally {
      db.close();
    }
  };
}

/** Options of {@link createSqlSandbox}: the pool's size, queue and memory limits. */
export type SqlSandboxOptions = Omit<SandboxPoolOptions, 'name' | 'handler'>;

/** A pool of SQL sandbox processes (see `SandboxPool`). Defaults: 2 processes, 16 queued, 128 MiB each. */
export function createSqlSandbox(options: SqlSandboxOptions = {}): SandboxPool {
  return new SandboxPool({ name: 'SQL', handler: sqlSandboxHandler as never, maxQueue: 16, memoryLimitMb: 128, heapLimitMb: 64, ...options });
}

let shared: SandboxPool | null = null;

/** The process-wide SQL sandbox used when `SqlRunOptions.sandbox` is not given. */
export function defaultSqlSandbox(): SandboxPool {
  shared ??= createSqlSandbox();
  return shared;
}
