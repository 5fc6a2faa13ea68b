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
  toJSON(): { error: ErrorBodyFields } {
    return { error: errorBody(this) };
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

/** A validation issue as zod reports it (structural: works with any zod 4 error object, no zod import). */
export interface ValidationIssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
}

/** One formatted validation issue: a dotted path (`(root)` for the value itself) and its message. */
export interface FormattedIssue {
  path: string;
  message: string;
}

/**
 * The one formatter of validation issues: the first ten issues as `{ path, message }` with dotted
 * paths. Every error that reports a zod failure — `VALIDATION_FAILED` for input, `INVALID_ARGUMENT`
 * for options — is built from it, so messages and `details.issues` look the same everywhere.
 */
export function formatIssues(issues: ReadonlyArray<ValidationIssueLike>): FormattedIssue[] {
  return issues.slice(0, 10).map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? p.toString() : String(p))).join('.') || '(root)',
    message: issue.message,
  }));
}

/** `path: message; path: message` of {@link formatIssues}. */
export function issueSummary(issues: ReadonlyArray<ValidationIssueLike>): string {
  return formatIssues(issues)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
}

/**
 * Turns a zod error into a `VALIDATION_FAILED` error whose message names each failing path
 * (`Invalid <what>: path: message; …`) and whose `details.issues` lists them.
 */
export function validationError(what: string, issues: ReadonlyArray<ValidationIssueLike>, cause?: unknown): InterviewKitError {
  return issueError('VALIDATION_FAILED', what, issues, cause);
}

/**
 * The same as {@link validationError} with code `INVALID_ARGUMENT`: for options and arguments
 * given to an SDK function in code (a programming error), rather than input from a user.
 */
export function invalidArgumentError(what: string, issues: ReadonlyArray<ValidationIssueLike>, cause?: unknown): InterviewKitError {
  return issueError('INVALID_ARGUMENT', what, issues, cause);
}

function issueError(
  code: 'VALIDATION_FAILED' | 'INVALID_ARGUMENT',
  what: string,
  issues: ReadonlyArray<ValidationIssueLike>,
  cause: unknown,
): InterviewKitError {
  const list = formatIssues(issues);
  const summary = list.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new InterviewKitError(code, `Invalid ${what}: ${summary}`, { cause, details: { issues: list } });
}

/** The wire body of an error (`error` in `{ error: { code, message, details? } }`). */
export interface ErrorBodyFields {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * The one mapping of any thrown value to what may be sent to a client: an `InterviewKitError`
 * keeps its code, message and details; anything else becomes `INTERNAL` with a generic message
 * (its text may hold internals — it belongs in the log, never on the wire).
 */
export function errorBody(error: unknown): ErrorBodyFields {
  if (InterviewKitError.isInstance(error)) return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  return { code: 'INTERNAL', message: 'Internal error' };
}
