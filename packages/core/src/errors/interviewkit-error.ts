import { type ErrorCode, httpStatusForCode, isRetryableCode } from './codes';

const MARKER = Symbol.for('interviewkit.error');

/** Options of {@link InterviewKitError}. */
export interface InterviewKitErrorOptions {
  /** The underlying error, kept for logs; never sent over the wire. */
  cause?: unknown;
  /** Machine-readable details that are safe to show to the caller (e.g. validation issue paths). */
  details?: Record<string, unknown>;
  /** Overrides the retryability derived from the code (e.g. a provider's HTTP status says otherwise). */
  retryable?: boolean;
  /** The HTTP status of a provider's failed call, when there was one. */
  statusCode?: number;
}

/**
 * The one error class of InterviewKit. Every error carries a `code` from the catalogue
 * ({@link ERROR_CODES}); servers map it to an HTTP status and clients rebuild it from the body.
 *
 * Use {@link InterviewKitError.isInstance} rather than `instanceof`: bundlers and duplicated
 * installs can load this class more than once, and `instanceof` fails across copies.
 */
export class InterviewKitError extends Error {
  private readonly [MARKER] = true;
  override readonly name: string = 'InterviewKitError';
  /** The catalogue code. */
  readonly code: ErrorCode;
  /** Details safe to expose to callers. */
  readonly details: Record<string, unknown> | undefined;
  /** Whether retrying the same call may succeed. */
  readonly retryable: boolean;
  /** HTTP status of a failed provider call, if any. */
  readonly statusCode: number | undefined;

  constructor(code: ErrorCode, message: string, options: InterviewKitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.retryable = options.retryable ?? isRetryableCode(code);
    this.statusCode = options.statusCode;
  }

  /** The HTTP status a server answers with for this error. */
  get httpStatus(): number {
    return httpStatusForCode(this.code);
  }

  /** The wire shape `{ error: { code, message, details? } }`. */
  toJSON(): { error: { code: ErrorCode; message: string; details?: Record<string, unknown> } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }

  /** Whether `error` is an InterviewKitError from any copy of this package. */
  static isInstance(error: unknown): error is InterviewKitError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Whether `error` is an {@link InterviewKitError} with the given code. */
export function hasErrorCode(error: unknown, code: ErrorCode): error is InterviewKitError {
  return InterviewKitError.isInstance(error) && error.code === code;
}

/**
 * Turns a zod error into a `VALIDATION_FAILED` error whose message names each failing path.
 * Kept structural (no zod import) so it works with any zod 4 error object.
 */
export function validationError(
  what: string,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  cause?: unknown,
): InterviewKitError {
  const list = issues.slice(0, 10).map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : p)).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = list.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new InterviewKitError('VALIDATION_FAILED', `Invalid ${what}: ${summary}`, { cause, details: { issues: list } });
}
