import { InterviewKitError, isErrorCode, type ErrorCode } from '@interviewkit/core';

/** The code a failed response maps to when its body carries no known code. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 412) return 'PRECONDITION_FAILED';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 422) return 'UNPROCESSABLE_DOCUMENT';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'PROVIDER_UNAVAILABLE';
  if (status === 504) return 'TIMEOUT';
  if (status >= 400 && status < 500) return 'VALIDATION_FAILED';
  return 'INTERNAL';
}

/**
 * Rebuilds the server's error from a failed response: `{error:{code,message,details}}` becomes an
 * {@link InterviewKitError} with the same code (the HTTP status when the body has none).
 */
export function errorFromResponse(status: number, body: unknown, retryAfterMs?: number): InterviewKitError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const fields = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown; details?: unknown }) : {};
  const code = isErrorCode(fields.code) ? fields.code : codeForStatus(status);
  const message = typeof fields.message === 'string' && fields.message ? fields.message : `Request failed with HTTP ${status}`;
  const details = typeof fields.details === 'object' && fields.details !== null ? (fields.details as Record<string, unknown>) : undefined;
  return new InterviewKitError(code, message, {
    statusCode: status,
    ...(details || retryAfterMs !== undefined ? { details: { ...details, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) } } : {}),
  });
}

/** Whether an HTTP status is worth retrying for an idempotent request. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

