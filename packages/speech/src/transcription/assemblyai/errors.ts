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
  /** What went wrong, for logs and the `details.kind` of the error. */
  kind: 'auth' | 'quota' | 'rate' | 'protocol' | 'session_expired' | 'unavailable' | 'timeout';
  /** Whether opening a new session may succeed (transient failures). */
  retryable: boolean;
}

const AUTH_CODES = new Set([1008, 4001, 4003]);
const QUOTA_CODES = new Set([4002]);
const RATE_CODES = new Set([4029, 4102, 3009]);
/** Our requests were malformed (bad sample rate, schema, chunk duration) or the frames were not the protocol. */
const PROTOCOL_CODES = new Set([1002, 1003, 1007, 1009, 4000, 4101, 3006, 3007, 4032, 4033, 4034]);
/** The session ended on the service's side; a new one can continue. */
const SESSION_CODES = new Set([4008, 3008, 4010, 4031, 4004]);

/**
 * Maps a streaming failure to a catalogue code. Close codes and `error_code`s come from the v3
 * documentation and the SDK's `StreamingErrorType` (legacy 4xxx codes included): 1008/4001/401/403
 * auth; 4002/402 insufficient balance (quota); 4029/4102/3009/429 rate and concurrency limits;
 * 4000/4101/3006/3007 and malformed frames are protocol errors; 4008/3008/4031 session expiry;
 * anything else (1006 drop, 1011, 3005, 5xx) is the service being unavailable.
 */
export function classifyAssemblyAIFailure(failure: AssemblyAIFailure): ClassifiedFailure {
  const codes = [failure.providerCode, failure.closeCode].filter((c): c is number => c !== undefined);
  const status = failure.httpStatus;
  const message = failure.message ?? '';
  if (status === 401 || status === 403 || codes.some((c) => AUTH_CODES.has(c)) || /unauthori[sz]ed|invalid api key|not authorized|authentication/i.test(message)) {
    return { code: 'PROVIDER_AUTH', kind: 'auth', retryable: false };
  }
  if (status === 402 || codes.some((c) => QUOTA_CODES.has(c)) || /insufficient (funds|balance)|quota|payment required/i.test(message)) {
    return { code: 'PROVIDER_QUOTA', kind: 'quota', retryable: false };
  }
  if (status === 429 || codes.some((c) => RATE_CODES.has(c)) || /too many|rate limit|concurrency limit/i.test(message)) {
    return { code: 'RATE_LIMITED', kind: 'rate', retryable: true };
  }
  if (failure.protocol || (status !== undefined && status >= 400 && status < 500) || codes.some((c) => PROTOCOL_CODES.has(c))) {
    return { code: 'PROVIDER_ERROR', kind: 'protocol', retryable: false };
  }
  if (codes.some((c) => SESSION_CODES.has(c))) return { code: 'PROVIDER_UNAVAILABLE', kind: 'session_expired', retryable: true };
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
  const parts = [failure.message, failure.closeCode !== undefined ? `close ${failure.closeCode}` : undefined, failure.httpStatus !== undefined ? `HTTP ${failure.httpStatus}` : undefined].filter(Boolean);
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
