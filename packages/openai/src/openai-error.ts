import { InterviewKitError, providerError } from '@interviewkit/core';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/**
 * The one classification of OpenAI failures, used by every model of this package (language model,
 * embeddings, text-to-speech, transcription): an error of the `openai` SDK (or anything else) is
 * described for core's `providerError`, the one mapping to error codes: 401/403 → `PROVIDER_AUTH`; 429 with `insufficient_quota` →
 * `PROVIDER_QUOTA`, other 429 → `RATE_LIMITED` (with `retryAfterMs`); 5xx and connection failures
 * → `PROVIDER_UNAVAILABLE`; timeouts → `TIMEOUT`; cancellation → `ABORTED`; other statuses →
 * `PROVIDER_ERROR`. `InterviewKitError`s pass through unchanged.
 */
export function mapOpenAIError(error: unknown, what = 'OpenAI request'): InterviewKitError {
  if (InterviewKitError.isInstance(error)) return error;
  const base = { provider: 'openai', what, cause: error };
  if (error instanceof APIUserAbortError) return providerError({ ...base, kind: 'aborted' });
  if (error instanceof APIConnectionTimeoutError) return providerError({ ...base, kind: 'timeout' });
  if (error instanceof APIConnectionError) return providerError({ ...base, kind: 'connection' });
  if (error instanceof APIError) {
    const body = error.error as { code?: unknown; type?: unknown } | undefined;
    const code = error.code ?? body?.code ?? body?.type;
    return providerError({
      ...base,
      kind: 'http',
      ...(error.status !== undefined ? { status: error.status } : {}),
      ...(typeof code === 'string' ? { providerCode: code } : {}),
      ...(error.headers ? { headers: error.headers } : {}),
      message: error.message,
    });
  }
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return providerError({ ...base, kind: error.name === 'TimeoutError' ? 'timeout' : 'aborted' });
  return providerError({ ...base, kind: 'other', message: error instanceof Error ? error.message : String(error) });
}
