import { InterviewKitError } from '@interviewkit/core';
import type { SandboxPool } from '../sandbox';
import type { SqlChallenge } from './sql-challenges';
import { defaultSqlSandbox, SQL_SANDBOX_LIMITS, type SqlJob, type SqlJobResult } from './sql-sandbox';

/** A query result: column names and rows of values. */
export interface SqlResult {
  columns: string[];
  rows: unknown[][];
}

/** The verdict on a candidate's SQL. */
export interface SqlRunResult {
  status: 'correct' | 'incorrect' | 'error' | 'timeout' | 'rejected';
  /** A sentence for the candidate: what was wrong, or the database's error. */
  message: string;
  /** The candidate's result (first `maxRows` rows), when the query ran. */
  result: SqlResult | null;
  expected: SqlResult;
  durationMs: number;
}

/** Options of {@link runSqlChallenge}. */
export interface SqlRunOptions {
  /** Wall-clock limit for the candidate's query (ms); the sandbox process is killed past it. Default 2 000. */
  timeoutMs?: number;
  /** Most rows returned. Default 1 000. */
  maxRows?: number;
  /** Most bytes of result values returned (a bigger result is an error). Default 1 MiB. */
  maxResultBytes?: number;
  /** Longest accepted query (characters). Default 10 000. */
  maxQueryLength?: number;
  /** The sandbox pool to run in. Default: the process-wide one ({@link defaultSqlSandbox}). */
  sandbox?: SandboxPool;
  abortSignal?: AbortSignal;
}

/** What {@link runSql} answers: rows, or the database's error; `null` when the time limit passed. */
export interface SqlReply {
  ok: boolean;
  columns?: string[];
  rows?: unknown[][];
  message?: string;
}

/**
 * Runs one read-only SELECT in a fresh in-memory database built from `setupSql`, in a sandbox
 * process with a wall-clock limit (killed with SIGKILL past it), SQLite limits on value sizes and
 * a memory limit. Rejects with `RATE_LIMITED` when the sandbox's queue is full.
 */
export async function runSql(setupSql: string, sql: string, options: SqlRunOptions = {}): Promise<{ reply: SqlReply | null; durationMs: number }> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const sandbox = options.sandbox ?? defaultSqlSandbox();
  const job: SqlJob = { setupSql, sql, maxRows: options.maxRows ?? 1000, maxResultBytes: options.maxResultBytes ?? 1024 * 1024, limits: SQL_SANDBOX_LIMITS };
  const outcome = await sandbox.run<SqlJobResult>(job, { timeoutMs, ...(options.abortSignal ? { signal: options.abortSignal } : {}) });
  switch (outcome.kind) {
    case 'ok':
      return { reply: { ok: true, columns: outcome.value.columns, rows: outcome.value.rows }, durationMs: outcome.durationMs };
    case 'error':
      return { reply: { ok: false, message: outcome.message }, durationMs: outcome.durationMs };
    case 'timeout':
      return { reply: null, durationMs: outcome.durationMs };
    case 'memory':
      return { reply: { ok: false, message: 'the query used too much memory and was stopped' }, durationMs: outcome.durationMs };
    case 'crashed':
      throw new InterviewKitError('PROVIDER_UNAVAILABLE', `The query could not be run: ${outcome.message}`, { retryable: true });
  }
}

/** Why a query is refused before it runs, or null. Only one SELECT (or WITH … SELECT) statement is allowed. */
export function rejectReason(sql: string, maxLength = 10_000): string | null {
  if (sql.length > maxLength) return `The query is longer than ${maxLength} characters.`;
  const body = stripComments(sql).trim().replace(/;\s*$/, '');
  if (body.length === 0) return 'The query is empty.';
  if (!/^(select|with)\b/i.test(body)) return 'Only SELECT queries (optionally starting with WITH) can be run.';
  if (stripStrings(body).includes(';')) return 'Run one statement at a time.';
  return null;
}

const expectedCache = new Map<string, SqlResult>();

/** The expected output of a challenge: its reference solution run on the sample rows (computed once). */
export async function expectedResult(challenge: SqlChallenge, sandbox?: SandboxPool): Promise<SqlResult> {
  const cached = expectedCache.get(challenge.id);
  if (cached) return cached;
  const { reply } = await runSql(challenge.setupSql, challenge.solutionSql, { timeoutMs: 5000, ...(sandbox ? { sandbox } : {}) });
  if (!reply?.ok) throw new InterviewKitError('INTERNAL', `The reference solution of ${challenge.id} failed: ${reply?.message ?? 'timeout'}`);
  const result = { columns: reply.columns!, rows: reply.rows! };
  expectedCache.set(challenge.id, result);
  return result;
}

/**
 * Runs a candidate's SQL against the challenge's sample tables — for real, in an in-memory,
 * read-only (`PRAGMA query_only`), time- and memory-limited SQLite in a sandbox process — and compares the
 * result with the reference solution's: same number of columns, same values (numbers within
 * 1e-6), and the same row order when the task asks for one. Column names are not compared.
 */
export async function runSqlChallenge(challenge: SqlChallenge, sql: string, options: SqlRunOptions = {}): Promise<SqlRunResult> {
  const expected = await expectedResult(challenge, options.sandbox);
  const reason = rejectReason(sql, options.maxQueryLength);
  if (reason) return { status: 'rejected', message: reason, result: null, expected, durationMs: 0 };
  const { reply, durationMs } = await runSql(challenge.setupSql, stripComments(sql).trim().replace(/;\s*$/, ''), options);
  if (reply === null)
    return { status: 'timeout', message: `The query did not finish within ${options.timeoutMs ?? 2000} ms.`, result: null, expected, durationMs };
  if (!reply.ok) return { status: 'error', message: `SQLite error: ${reply.message ?? 'unknown'}`, result: null, expected, durationMs };
  const result = { columns: reply.columns!, rows: reply.rows! };
  const diff = compareResults(result, expected, challenge.orderMatters);
  return { status: diff === null ? 'correct' : 'incorrect', message: diff ?? 'Correct: the result matches the expected output.', result, expected, durationMs };
}

/** Null when `actual` matches `expected`, else a sentence saying how it differs. */
export function compareResults(actual: SqlResult, expected: SqlResult, orderMatters: boolean): string | null {
  if (actual.columns.length !== expected.columns.length)
    return `Expected ${expected.columns.length} column(s) (${expected.columns.join(', ')}), got ${actual.columns.length}.`;
  if (actual.rows.length !== expected.rows.length) return `Expected ${expected.rows.length} row(s), got ${actual.rows.length}.`;
  const a = orderMatters ? actual.rows : [...actual.rows].sort(compareRows);
  const e = orderMatters ? expected.rows : [...expected.rows].sort(compareRows);
  for (let i = 0; i < e.length; i++) {
    if (!rowsEqual(a[i]!, e[i]!)) {
      if (orderMatters && sameMultiset(actual.rows, expected.rows)) return 'The rows are right but in the wrong order: check the ORDER BY.';
      return `Row ${i + 1} differs: expected ${JSON.stringify(e[i])}, got ${JSON.stringify(a[i])}.`;
    }
  }
  return null;
}

function valuesEqual(x: unknown, y: unknown): boolean {
  if (typeof x === 'number' && typeof y === 'number') return Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x), Math.abs(y));
  return x === y || (x == null && y == null);
}

function rowsEqual(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => valuesEqual(v, b[i]));
}

function key(row: unknown[]): string {
  return JSON.stringify(row.map((v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)));
}

function compareRows(a: unknown[], b: unknown[]): number {
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function sameMultiset(a: unknown[][], b: unknown[][]): boolean {
  const sa = [...a].sort(compareRows);
  const sb = [...b].sort(compareRows);
  return sa.every((row, i) => rowsEqual(row, sb[i]!));
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

function stripStrings(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');
}
