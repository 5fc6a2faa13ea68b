import { InterviewKitError, type ErrorCode } from '@interviewkit/core';

/** What is known about one failure of an AssemblyAI streaming connection. */
export interface AssemblyAIFailure {
  /** WebSocket close code, when the socket closed. */
  closeCode?: number;
  /** `error_code` of the service's `Error` message (or the SDK's error code). */
  providerCode?: number;
  /** HTTP status of a refused WebSocket upgrade or token request. */
  httpStatus?: number;
  /** Human-readable reason from the service or the SDK. */
  message?: string;
  /** The handshake did not complete in time. */
  timeout?: boolean;
  /** The service broke the protocol (a malformed or invalid message). */
  protocol?: boolean;
}

/** A failure classified into InterviewKit's vocabulary. */
export interface ClassifiedFailure {
  /** Catalogue code: `PROVIDER_AUTH`, `PROVIDER_QUOTA`, `RATE_LIMITED`, `PROVIDER_ERROR` (protocol), `PROVIDER_UNAVAILABLE`, `TIMEOUT`. */
  code: ErrorCode;
  /**
   * What went wrong, for logs and the `details.kind` of the error. `pacing`: audio was sent faster
   * than real time (3007 "Audio Transmission Rate Exceeded") — a new session at real-time pace
   * recovers; `concurrency`: too many sessions at once (3009) — retried after a backoff.
   */
  kind: 'auth' | 'quota' | 'rate' | 'concurrency' | 'pacing' | 'protocol' | 'session_expired' | 'unavailable' | 'timeout';
  /** Whether opening a new session may succeed (transient failures). */
  retryable: boolean;
}

/**
 * Account problems the service reports with 1008 "Unauthorized Connection: <reason>": an
 * insufficient balance or a free account is a quota problem, not bad credentials.
 */
const QUOTA_REASON = /insufficient|balance|funds|credit|payment|paid-only|free tier|free account|quota/i;
/** 1008 "Unauthorized Connection: Too many concurrent sessions" (the new-sessions rate limit). */
const CONCURRENCY_REASON = /too many (concurrent )?(sessions|streams)|concurren/i;
/** 3007 "Audio Transmission Rate Exceeded: Received <x> sec. audio in <y> sec" (3007 also means a chunk of the wrong duration). */
const PACING_REASON = /transmission rate|faster than real|too fast/i;

/** Close and `error_code`s by meaning: the v3 codes (1008, 3005–3009) and the SDK's legacy 4xxx `StreamingErrorType`. */
const AUTH_CODES = new Set([4001]);
const QUOTA_CODES = new Set([4002, 4003]);
const RATE_CODES = new Set([4102]);
/** Our messages were malformed (bad sample rate, schema, chunk duration) or the frames were not the protocol. */
const PROTOCOL_CODES = new Set([1002, 1003, 1007, 1009, 4000, 4101, 3006, 4032, 4033, 4034]);
/** The session ended on the service's side; a new one can continue. */
const SESSION_CODES = new Set([4008, 3008, 4010, 4031, 4004]);

/**
 * Maps a streaming failure to a catalogue code — by its code first, the message only to tell
 * apart the meanings one code carries (AssemblyAI's "Common session errors and closures"):
 * - 3009 "Unauthorized Connection: Too many concurrent sessions" → `RATE_LIMITED` (`concurrency`),
 *   retried with backoff — despite the word "Unauthorized" in its text;
 * - 1008 "Unauthorized Connection: <reason>" → `PROVIDER_QUOTA` when the reason is the account
 *   (insufficient balance), `RATE_LIMITED` for too many sessions, else `PROVIDER_AUTH`;
 * - 3007 → `RATE_LIMITED` (`pacing`, retryable) when audio came faster than real time, else
 *   `PROVIDER_ERROR` (`protocol`: a chunk outside 50–1000 ms);
 * - 3008 (and legacy 4008/4031…) session expiry → reconnect; 3006 and malformed frames → protocol;
 * - legacy 4001 auth, 4002/4003 quota, 4029/4102 rate; refused upgrades by HTTP status (401/403,
 *   402, 429, other 4xx, 5xx);
 * - anything else (1006 drop, 1011, 3005, 5xx) is the service being unavailable (retryable).
 * The message alone decides only when there is neither a code nor a status.
 */
export function classifyAssemblyAIFailure(failure: AssemblyAIFailure): ClassifiedFailure {
  const code = failure.providerCode ?? failure.closeCode;
  const status = failure.httpStatus;
  const message = failure.message ?? '';
  if (failure.protocol) return { code: 'PROVIDER_ERROR', kind: 'protocol', retryable: false };
  if (code === 3009 || code === 4029) return { code: 'RATE_LIMITED', kind: code === 3009 ? 'concurrency' : 'pacing', retryable: true };
  if (code === 1008) {
    if (CONCURRENCY_REASON.test(message)) return { code: 'RATE_LIMITED', kind: 'concurrency', retryable: true };
    if (QUOTA_REASON.test(message)) return { code: 'PROVIDER_QUOTA', kind: 'quota', retryable: false };
    return { code: 'PROVIDER_AUTH', kind: 'auth', retryable: false };
  }
  if (code === 3007) {
    return PACING_REASON.test(message)
      ? { code: 'RATE_LIMITED', kind: 'pacing', retryable: true }
      : { code: 'PROVIDER_ERROR', kind: 'protocol', retryable: false };
  }
  if (code !== undefined && AUTH_CODES.has(code)) return { code: 'PROVIDER_AUTH', kind: 'auth', retryable: false };
  if (code !== undefined && QUOTA_CODES.has(code)) return { code: 'PROVIDER_QUOTA', kind: 'quota', retryable: false };
  if (code !== undefined && RATE_CODES.has(code)) return { code: 'RATE_LIMITED', kind: 'rate', retryable: true };
  if (code !== undefined && PROTOCOL_CODES.has(code)) return { code: 'PROVIDER_ERROR', kind: 'protocol', retryable: false };
  if (code !== undefined && SESSION_CODES.has(code)) return { code: 'PROVIDER_UNAVAILABLE', kind: 'session_expired', retryable: true };
  if (status === 401 || status === 403) return { code: 'PROVIDER_AUTH', kind: 'auth', retryable: false };
  if (status === 402) return { code: 'PROVIDER_QUOTA', kind: 'quota', retryable: false };
  if (status === 429) return { code: 'RATE_LIMITED', kind: 'rate', retryable: true };
  if (status !== undefined && status >= 400 && status < 500) return { code: 'PROVIDER_ERROR', kind: 'protocol', retryable: false };
  if (code === undefined && status === undefined) {
    // Only the text is known (an SDK error without a code, a token request's error body).
    if (/unauthori[sz]ed|invalid api key|not authorized|authentication/i.test(message))
      return QUOTA_REASON.test(message)
        ? { code: 'PROVIDER_QUOTA', kind: 'quota', retryable: false }
        : { code: 'PROVIDER_AUTH', kind: 'auth', retryable: false };
    if (QUOTA_REASON.test(message)) return { code: 'PROVIDER_QUOTA', kind: 'quota', retryable: false };
    if (/too many|rate limit/i.test(message)) return { code: 'RATE_LIMITED', kind: 'rate', retryable: true };
  }
  if (failure.timeout) return { code: 'TIMEOUT', kind: 'timeout', retryable: true };
  return { code: 'PROVIDER_UNAVAILABLE', kind: 'unavailable', retryable: true };
}

/** The HTTP status in `ws`'s "Unexpected server response: 401" (a refused upgrade). */
export function httpStatusOf(message: string): number | undefined {
  const match = /Unexpected server response: (\d{3})/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** Reads what an SDK error carries (message, numeric `code`) without depending on its type. */
export function failureFromSdkError(error: unknown): AssemblyAIFailure {
  const message = error instanceof Error ? error.message : String(error);
  const raw = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  const httpStatus = httpStatusOf(message);
  return {
    message,
    ...(typeof raw === 'number' ? { providerCode: raw } : {}),
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    ...(/timed out/i.test(message) ? { timeout: true } : {}),
  };
}

/** Builds the typed error for a failure; `extra` details are added (attempts, session id…). */
export function assemblyAIError(failure: AssemblyAIFailure, extra: Record<string, unknown> = {}, prefix = 'AssemblyAI streaming failed'): InterviewKitError {
  const classified = classifyAssemblyAIFailure(failure);
  const parts = [
    failure.message,
    failure.closeCode !== undefined ? `close ${failure.closeCode}` : undefined,
    failure.httpStatus !== undefined ? `HTTP ${failure.httpStatus}` : undefined,
  ].filter(Boolean);
  return new InterviewKitError(classified.code, `${prefix}: ${parts.join(', ') || classified.kind}`, {
    retryable: classified.retryable,
    ...(failure.httpStatus !== undefined ? { statusCode: failure.httpStatus } : {}),
    details: {
      provider: 'assemblyai',
      kind: classified.kind,
      ...(failure.closeCode !== undefined ? { closeCode: failure.closeCode } : {}),
      ...(failure.providerCode !== undefined ? { providerCode: failure.providerCode } : {}),
      ...extra,
    },
  });
}
