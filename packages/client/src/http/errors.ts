import { codeForHttpStatus, InterviewKitError, isErrorCode } from '@interviewkit/core';

/**
 * Rebuilds the server's error from a failed response: `{error:{code,message,details}}` becomes an
 * {@link InterviewKitError} with the same code (the HTTP status when the body has none).
 */
export function errorFromResponse(status: number, body: unknown, retryAfterMs?: number): InterviewKitError {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const fields = typeof error === 'object' && error !== null ? (error as { code?: unknown; message?: unknown; details?: unknown }) : {};
  const code = isErrorCode(fields.code) ? fields.code : codeForHttpStatus(status);
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
