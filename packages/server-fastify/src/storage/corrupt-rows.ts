import { InterviewKitError } from '@interviewkit/core';
import type { CorruptRowWarning } from './storage-types';

/** Where a stored JSON value lives. */
export interface ColumnRef {
  table: string;
  /** The row's key as text (`42`, `user/topic`, `session/seq`). */
  row: string;
  column: string;
}

/** The shape a JSON column must have once parsed. */
export type JsonShape = 'array' | 'object' | 'any';

/**
 * Parses a JSON text column. `null` (SQL NULL) gives `fallback`; malformed JSON, or JSON of the
 * wrong shape, raises the typed error of {@link corruptRowError} — never a silent default, which
 * would show an empty session or replay a log with a hole as if nothing were wrong.
 */
export function readJsonColumn<T>(text: string | null, fallback: T, shape: JsonShape, ref: ColumnRef): T {
  if (text === null) return fallback;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw corruptRowError(ref, 'is not valid JSON', error);
  }
  if (shape === 'array' && !Array.isArray(value)) throw corruptRowError(ref, 'is not a JSON array');
  if (shape === 'object' && (typeof value !== 'object' || value === null || Array.isArray(value))) throw corruptRowError(ref, 'is not a JSON object');
  return value as T;
}

/**
 * `INTERNAL` (HTTP 500): a stored row cannot be read. `details` name the table, row and column
 * (`reason: 'corrupt_row'`); the row's content stays out of the message.
 */
export function corruptRowError(ref: ColumnRef, problem: string, cause?: unknown): InterviewKitError {
  return new InterviewKitError('INTERNAL', `Stored data is corrupt: ${ref.table}.${ref.column} of row ${ref.row} ${problem}`, {
    ...(cause === undefined ? {} : { cause }),
    details: { reason: 'corrupt_row', table: ref.table, row: ref.row, column: ref.column },
  });
}

/** Whether `error` is a {@link corruptRowError}. */
export function isCorruptRowError(error: unknown): error is InterviewKitError {
  return InterviewKitError.isInstance(error) && error.code === 'INTERNAL' && error.details?.reason === 'corrupt_row';
}

/**
 * Maps the rows of a list read where each row stands alone: a corrupt row is reported to `warn`
 * (with its table, key and column) and left out, so the other rows are still served.
 */
export function mapReadableRows<R, T>(rows: readonly R[], map: (row: R) => T, warn: (warning: CorruptRowWarning) => void): T[] {
  const out: T[] = [];
  for (const row of rows) {
    try {
      out.push(map(row));
    } catch (error) {
      if (!isCorruptRowError(error)) throw error;
      const d = error.details as { table: string; row: string; column: string };
      warn({ message: `${error.message}; the row is left out`, table: d.table, row: d.row, column: d.column });
    }
  }
  return out;
}

/** The default warning sink: the process's stderr. */
export function warnOnConsole(warning: CorruptRowWarning): void {
  console.warn(`[interviewkit storage] ${warning.message}`);
}
