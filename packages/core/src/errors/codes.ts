/**
 * The finite catalogue of InterviewKit error codes, each with the HTTP status a server answers
 * with. The server's error handler and the client's error parser both read this table, so the
 * two ends cannot drift. Every code is documented in `docs/errors.md` (a test checks both ways).
 */
export const ERROR_CODES = {
  /** Input failed schema validation (body, query, WebSocket message, event log line). */
  VALIDATION_FAILED: 400,
  /** A JSON document or JSON line could not be parsed at all. */
  MALFORMED_JSON: 400,
  /** An argument to an SDK function is out of its documented range. */
  INVALID_ARGUMENT: 400,
  /** An event log breaks an ordering rule (time going backwards, speech_end without speech_start, ...). */
  INVALID_EVENT_SEQUENCE: 400,
  /** An event type that this version does not know. */
  UNKNOWN_EVENT: 400,
  /** Audio that is not PCM16 mono at the expected rate, or a frame of the wrong size. */
  INVALID_AUDIO: 400,
  /** No credentials, or credentials that are expired, forged, or belong to a deleted user. */
  UNAUTHENTICATED: 401,
  /** Authenticated, but the resource or session belongs to someone else. */
  FORBIDDEN: 403,
  /** The requested resource does not exist (or is not visible to the caller). */
  NOT_FOUND: 404,
  /** The requested interview session does not exist (or is not visible to the caller). */
  SESSION_NOT_FOUND: 404,
  /** A live session of this user and type is already running. */
  SESSION_ALREADY_ACTIVE: 409,
  /** The session is finished; the operation needs a live one. */
  SESSION_FINISHED: 409,
  /** The operation is not valid in the session's current state (e.g. submitting before a question). */
  INVALID_STATE: 409,
  /** An account with this e-mail address already exists. */
  CONFLICT: 409,
  /** A prerequisite is missing, e.g. a resume for a resume-based interview. */
  PRECONDITION_FAILED: 412,
  /** A body, file or audio frame exceeds its size limit. */
  PAYLOAD_TOO_LARGE: 413,
  /** A file type that is not accepted (resumes: PDF, DOCX, TXT). */
  UNSUPPORTED_MEDIA_TYPE: 415,
  /** A document that cannot be processed: encrypted, empty, image-only or corrupt. */
  UNPROCESSABLE_DOCUMENT: 422,
  /** Too many requests or messages; retry later. */
  RATE_LIMITED: 429,
  /** Required configuration is missing (the message names the environment variable). */
  CONFIG_MISSING: 500,
  /** An unexpected internal error; details are only in the server log. */
  INTERNAL: 500,
  /** An external provider (speech-to-text, LLM, TTS) rejected the call or failed. */
  PROVIDER_ERROR: 502,
  /** A provider rejected our credentials. */
  PROVIDER_AUTH: 502,
  /** A provider's quota or balance is exhausted. */
  PROVIDER_QUOTA: 502,
  /** A provider or the database is unavailable; retry later. */
  PROVIDER_UNAVAILABLE: 503,
  /** The storage backend is unavailable; retry later. */
  STORAGE_UNAVAILABLE: 503,
  /** An operation did not finish in time. */
  TIMEOUT: 504,
  /** The operation was cancelled by its caller (AbortSignal). */
  ABORTED: 499,
} as const;

/** Every error code InterviewKit can raise or send over the wire. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The list of all error codes, in catalogue order. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

/** The HTTP status a server answers with for `code`. */
export function httpStatusForCode(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/** Whether `value` is a known error code. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/**
 * Whether an operation that failed with `code` may succeed when retried unchanged
 * (timeouts, rate limits, unavailable providers or storage).
 */
export function isRetryableCode(code: ErrorCode): boolean {
  return code === 'TIMEOUT' || code === 'RATE_LIMITED' || code === 'PROVIDER_UNAVAILABLE' || code === 'STORAGE_UNAVAILABLE';
}

/**
 * The code for an HTTP status when nothing more specific is known (a proxy's error page, a
 * framework's own 4xx): the inverse of {@link httpStatusForCode} where it is unambiguous; other
 * 4xx are `VALIDATION_FAILED`, other statuses `INTERNAL`.
 */
export function codeForHttpStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'VALIDATION_FAILED';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 406:
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 409:
      return 'CONFLICT';
    case 412:
      return 'PRECONDITION_FAILED';
    case 413:
      return 'PAYLOAD_TOO_LARGE';
    case 422:
      return 'UNPROCESSABLE_DOCUMENT';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'PROVIDER_UNAVAILABLE';
    case 504:
      return 'TIMEOUT';
    default:
      return status >= 400 && status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL';
  }
}
