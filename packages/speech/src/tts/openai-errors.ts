import { InterviewKitError } from '@interviewkit/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  const seconds = headers?.get('retry-after');
  if (seconds && Number.isFinite(Number(seconds))) return Number(seconds) * 1000;
  return undefined;
}

function providerCode(error: APIError): string | undefined {
  const body = error.error as { code?: unknown; type?: unknown } | undefined;
  const code = error.code ?? body?.code ?? body?.type;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps an error of the `openai` SDK's speech call to an `InterviewKitError`: 401/403 →
 * `PROVIDER_AUTH`; 429 with `insufficient_quota` → `PROVIDER_QUOTA`, other 429 → `RATE_LIMITED`
 * (with `details.retryAfterMs` when the provider said); 408 and client timeouts → `TIMEOUT`; 5xx
 * and connection failures → `PROVIDER_UNAVAILABLE`; cancellation → `ABORTED`; other statuses →
 * `PROVIDER_ERROR`. `InterviewKitError`s pass through.
 */
export function mapSpeechProviderError(error: unknown, what = 'OpenAI text-to-speech'): InterviewKitError {
  if (InterviewKitError.isInstance(error)) return error;
  if (error instanceof APIUserAbortError) return new InterviewKitError('ABORTED', `${what} was cancelled`, { cause: error });
  if (error instanceof APIConnectionTimeoutError) return new InterviewKitError('TIMEOUT', `${what} timed out`, { cause: error });
  if (error instanceof APIConnectionError) return new InterviewKitError('PROVIDER_UNAVAILABLE', `${what} failed: could not reach the provider`, { cause: error });
  if (error instanceof APIError) {
    const status = error.status;
    const code = providerCode(error);
    const details: Record<string, unknown> = { provider: 'openai', ...(code ? { providerCode: code } : {}) };
    if (status === 401 || status === 403) return new InterviewKitError('PROVIDER_AUTH', `${what} was rejected: check the API key`, { cause: error, statusCode: status, details });
    if (status === 429) {
      if (code === 'insufficient_quota') return new InterviewKitError('PROVIDER_QUOTA', `${what} failed: the account is out of quota`, { cause: error, statusCode: status, details, retryable: false });
      const after = retryAfterMs(error.headers);
      return new InterviewKitError('RATE_LIMITED', `${what} was rate limited`, { cause: error, statusCode: status, details: { ...details, ...(after === undefined ? {} : { retryAfterMs: after }) } });
    }
    if (status === 408) return new InterviewKitError('TIMEOUT', `${what} timed out`, { cause: error, statusCode: status, details });
    if (typeof status === 'number' && status >= 500) return new InterviewKitError('PROVIDER_UNAVAILABLE', `${what} failed with HTTP ${status}`, { cause: error, statusCode: status, details });
    return new InterviewKitError('PROVIDER_ERROR', `${what} failed${status ? ` with HTTP ${status}` : ''}: ${error.message}`, { cause: error, statusCode: status, details, retryable: false });
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) {
    return new InterviewKitError(error.name === 'TimeoutError' ? 'TIMEOUT' : 'ABORTED', `${what} ${error.name === 'TimeoutError' ? 'timed out' : 'was cancelled'}`, { cause: error });
  }
  return new InterviewKitError('PROVIDER_ERROR', `${what} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error, retryable: false });
}
