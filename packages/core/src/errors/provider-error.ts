import { InterviewKitError } from './interviewkit-error';

/** A failed call to an external provider (LLM, text-to-speech, speech-to-text), described without its SDK's types. */
export interface ProviderFailure {
  /** The provider's name for `details.provider`, e.g. `openai`. */
  provider: string;
  /** What was attempted, for the message, e.g. `OpenAI text-to-speech`. */
  what: string;
  /** How it failed: cancelled, timed out, no connection, an HTTP error status, or anything else. */
  kind: 'aborted' | 'timeout' | 'connection' | 'http' | 'other';
  /** The HTTP status (kind `http`). */
  status?: number;
  /** The provider's own error code (e.g. `insufficient_quota`). */
  providerCode?: string;
  /** The response headers (for `retry-after-ms` / `retry-after`). */
  headers?: { get(name: string): string | null };
  message?: string;
  cause: unknown;
}

/** Milliseconds to wait from `retry-after-ms` or `retry-after` (seconds), when present. */
export function retryAfterFromHeaders(headers: ProviderFailure['headers']): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const seconds = headers?.get('retry-after');
  if (seconds && Number.isFinite(Number(seconds))) return Number(seconds) * 1000;
  return undefined;
}

/**
 * The one mapping of provider failures to error codes, shared by every adapter: 401/403 →
 * `PROVIDER_AUTH`; 429 with `insufficient_quota` → `PROVIDER_QUOTA`, other 429 → `RATE_LIMITED`
 * (with `details.retryAfterMs` when the provider said); 408 and timeouts → `TIMEOUT`; 5xx and
 * connection failures → `PROVIDER_UNAVAILABLE`; cancellation → `ABORTED`; anything else →
 * `PROVIDER_ERROR` (not retryable).
 */
export function providerError(f: ProviderFailure): InterviewKitError {
  const { what, cause } = f;
  if (f.kind === 'aborted') return new InterviewKitError('ABORTED', `${what} was cancelled`, { cause });
  if (f.kind === 'timeout') return new InterviewKitError('TIMEOUT', `${what} timed out`, { cause });
  if (f.kind === 'connection') return new InterviewKitError('PROVIDER_UNAVAILABLE', `${what} failed: could not reach the provider`, { cause });
  if (f.kind === 'other') return new InterviewKitError('PROVIDER_ERROR', `${what} failed${f.message ? `: ${f.message}` : ''}`, { cause, retryable: false });
  const status = f.status;
  const details: Record<string, unknown> = { provider: f.provider, ...(f.providerCode ? { providerCode: f.providerCode } : {}) };
  if (status === 401 || status === 403)
    return new InterviewKitError('PROVIDER_AUTH', `${what} was rejected: check the API key`, { cause, statusCode: status, details });
  if (status === 429) {
    if (f.providerCode === 'insufficient_quota')
      return new InterviewKitError('PROVIDER_QUOTA', `${what} failed: the account is out of quota`, { cause, statusCode: status, details, retryable: false });
    const after = retryAfterFromHeaders(f.headers);
    return new InterviewKitError('RATE_LIMITED', `${what} was rate limited`, {
      cause,
      statusCode: status,
      details: { ...details, ...(after === undefined ? {} : { retryAfterMs: after }) },
    });
  }
  if (status === 408) return new InterviewKitError('TIMEOUT', `${what} timed out`, { cause, statusCode: status, details });
  if (typeof status === 'number' && status >= 500)
    return new InterviewKitError('PROVIDER_UNAVAILABLE', `${what} failed with HTTP ${status}`, { cause, statusCode: status, details });
  return new InterviewKitError('PROVIDER_ERROR', `${what} failed${status ? ` with HTTP ${status}` : ''}${f.message ? `: ${f.message}` : ''}`, {
    cause,
    ...(status ? { statusCode: status } : {}),
    details,
    retryable: false,
  });
}
