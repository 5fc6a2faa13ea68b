import { type ErrorCode, InterviewKitError, isErrorCode } from '@interviewkit/core';

/**
 * An error as plain data, for a message to another thread or process (structured clone and
 * cluster IPC keep neither the class nor properties such as `code`).
 */
export interface TransferableError {
  message: string;
  name: string;
  /** The InterviewKitError code, or a driver's code (`ERR_SQLITE_ERROR`, a PostgreSQL SQLSTATE, `ECONNREFUSED`). */
  code?: string;
  /** node:sqlite's SQLite error text. */
  errstr?: string;
  /** Set when the error was an InterviewKitError. */
  interviewKit?: { details?: Record<string, unknown> };
  cause?: TransferableError;
}

/** The plain data of an error (its cause chain kept to a few links). */
export function toTransferableError(error: unknown, depth = 0): TransferableError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as Record<string, unknown>;
  const out: TransferableError = { message: typeof e.message === 'string' ? e.message : String(error), name: typeof e.name === 'string' ? e.name : 'Error' };
  if (typeof e.code === 'string') out.code = e.code;
  if (typeof e.errstr === 'string') out.errstr = e.errstr;
  if (InterviewKitError.isInstance(error)) out.interviewKit = error.details ? { details: error.details } : {};
  if (e.cause !== undefined && depth < 4) out.cause = toTransferableError(e.cause, depth + 1);
  return out;
}

/**
 * Rebuilds an error sent by {@link toTransferableError}: an InterviewKitError with its code and
 * details, or an Error carrying the driver's `code` and `errstr` (so `isStorageUnavailableError`
 * reads it as it would the original).
 */
export function fromTransferableError(t: TransferableError): Error {
  const cause = t.cause ? fromTransferableError(t.cause) : undefined;
  if (t.interviewKit && isErrorCode(t.code)) {
    return new InterviewKitError(t.code as ErrorCode, t.message, {
      ...(t.interviewKit.details ? { details: t.interviewKit.details } : {}),
      ...(cause ? { cause } : {}),
    });
  }
  const error = new Error(t.message, cause ? { cause } : undefined) as Error & { code?: string; errstr?: string };
  error.name = t.name;
  if (t.code !== undefined) error.code = t.code;
  if (t.errstr !== undefined) error.errstr = t.errstr;
  return error;
}
