import { abortedError, backoffDelay, formatIssues, InterviewKitError, sleep } from '@interviewkit/core';
import type * as z from 'zod';
import { errorFromResponse, isRetryableStatus } from './errors';

/** Per-call options of every client method. */
export interface RequestOptions {
  /** Cancels the request; the promise rejects with code `ABORTED`. */
  signal?: AbortSignal;
  /** Overrides the client's timeout for this call (ms). */
  timeoutMs?: number;
}

/** How the transport reaches the server. */
export interface TransportOptions {
  baseUrl: string;
  /** The current bearer token, read on every request. */
  token: () => string | null;
  fetch: typeof fetch;
  timeoutMs: number;
  /** Retries of idempotent requests (GET) after network errors, 429, 502, 503 and 504. */
  maxRetries: number;
  /** First retry delay (ms); doubles each attempt, with jitter, capped at 5 s. */
  retryBaseMs: number;
  headers: Record<string, string>;
}

/** A reply read as bytes (`response: 'binary'`). */
export interface BinaryResponse {
  data: ArrayBuffer;
  contentType: string;
}

/**
 * One request: method, path (relative to the base URL, or an absolute URL on the same server),
 * optional query, JSON or FormData body, and the schema of the reply — or `'binary'` for bytes.
 */
export interface RequestSpec<T> {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
  response: z.ZodType<T> | 'binary';
  /** Send the bearer token (default true). */
  auth?: boolean;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Sends requests with a timeout, cancellation, typed errors and — for idempotent requests only —
 * bounded retries with exponential backoff (honouring `Retry-After`). Responses are validated
 * against the API's zod schemas from core, so a drifted server is reported, not trusted.
 */
export class Transport {
  constructor(private readonly options: TransportOptions) {}

  async request<T>(spec: RequestSpec<T>, call: RequestOptions = {}): Promise<T> {
    const idempotent = spec.method === 'GET';
    const attempts = idempotent ? this.options.maxRetries + 1 : 1;
    let lastError: InterviewKitError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        const backoff = backoffDelay(attempt, { baseDelayMs: this.options.retryBaseMs, maxDelayMs: 5000 });
        const hinted = typeof lastError?.details?.retryAfterMs === 'number' ? lastError.details.retryAfterMs : 0;
        await sleep(Math.min(30_000, Math.max(backoff, hinted)), call.signal);
      }
      try {
        return await this.once(spec, call);
      } catch (error) {
        if (!InterviewKitError.isInstance(error)) throw error;
        const retryable = error.code === 'PROVIDER_UNAVAILABLE' || (error.statusCode !== undefined && isRetryableStatus(error.statusCode));
        if (!retryable || error.code === 'ABORTED') throw error;
        lastError = error;
      }
    }
    throw lastError!;
  }

  private async once<T>(spec: RequestSpec<T>, call: RequestOptions): Promise<T> {
    const { signal } = call;
    if (signal?.aborted) throw abortedError(signal);
    const timeoutMs = call.timeoutMs ?? this.options.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });

    const base = this.options.baseUrl.endsWith('/') ? this.options.baseUrl : `${this.options.baseUrl}/`;
    const url = /^https?:\/\//.test(spec.path) ? new URL(spec.path) : new URL(spec.path.replace(/^\//, ''), base);
    for (const [key, value] of Object.entries(spec.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: spec.response === 'binary' ? '*/*' : 'application/json', ...this.options.headers };
    const token = spec.auth === false ? null : this.options.token();
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | FormData | undefined;
    if (spec.form) body = spec.form;
    else if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers['content-type'] = 'application/json';
    }

    try {
      let response: Response;
      try {
        response = await this.options.fetch(url, { method: spec.method, headers, ...(body !== undefined ? { body } : {}), signal: controller.signal });
      } catch (cause) {
        if (signal?.aborted) throw abortedError(signal);
        if (timedOut) throw new InterviewKitError('TIMEOUT', `${spec.method} ${spec.path} did not answer within ${timeoutMs} ms`, { cause });
        throw new InterviewKitError('PROVIDER_UNAVAILABLE', `Cannot reach the InterviewKit server at ${this.options.baseUrl}`, { cause });
      }
      const read = <R>(body: () => Promise<R>): Promise<R> =>
        body().catch((cause: unknown) => {
          if (signal?.aborted) throw abortedError(signal);
          if (timedOut) throw new InterviewKitError('TIMEOUT', `${spec.method} ${spec.path} did not finish within ${timeoutMs} ms`, { cause });
          throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'The connection dropped while reading the response', { cause });
        });
      if (response.ok && spec.response === 'binary') {
        const data = await read(() => response.arrayBuffer());
        return { data, contentType: response.headers.get('content-type') ?? 'application/octet-stream' } as T;
      }
      const text = await read(() => response.text());
      let json: unknown = undefined;
      if (text) {
        try {
          json = JSON.parse(text);
        } catch (cause) {
          if (response.ok)
            throw new InterviewKitError('MALFORMED_JSON', `${spec.method} ${spec.path} answered with a body that is not JSON`, {
              cause,
              statusCode: response.status,
            });
        }
      }
      if (!response.ok) throw errorFromResponse(response.status, json, retryAfterMs(response.headers.get('retry-after')));
      const parsed = (spec.response as z.ZodType<T>).safeParse(json);
      if (!parsed.success) {
        throw new InterviewKitError(
          'VALIDATION_FAILED',
          `${spec.method} ${spec.path} answered with an unexpected shape (is the server a compatible version?)`,
          {
            statusCode: response.status,
            details: { issues: formatIssues(parsed.error.issues) },
          },
        );
      }
      return parsed.data;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}
