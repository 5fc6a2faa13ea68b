import { InterviewKitError } from '../errors/interviewkit-error';

/** Options of {@link backoffDelay}. Delays are milliseconds. */
export interface BackoffOptions {
  /** Delay before the first retry (default 250); doubles each retry. */
  baseDelayMs?: number;
  /** Upper bound of one delay (default 8,000). */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1) (default `Math.random`); tests pass a constant. */
  random?: () => number;
}

/**
 * The one backoff of InterviewKit: the delay before retry number `retry` (1-based) —
 * exponential (`baseDelayMs · 2^(retry−1)`, capped at `maxDelayMs`) with jitter in its upper half,
 * so the delay lies in [cap/2, cap]. Jitter spreads the retries of many clients that failed at
 * once (a provider outage) instead of having them all come back in the same instant; keeping the
 * lower half guarantees each retry still waits long enough to let the provider recover.
 * Used by every retry loop: LLM calls, the streaming transcribers' reconnections, the HTTP client
 * and the live client.
 */
export function backoffDelay(retry: number, options: BackoffOptions = {}): number {
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 8000;
  const exponential = Math.min(max, base * 2 ** Math.max(0, retry - 1));
  const random = options.random ?? Math.random;
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/** Options of {@link withRetry}. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (default 2, so at most 3 attempts). */
  retries?: number;
  /** Cancels waiting and further attempts (`ABORTED`). */
  abortSignal?: AbortSignal;
  /** Decides whether an error is worth another attempt (default: retryable `InterviewKitError`s only). */
  isRetryable?: (error: unknown) => boolean;
  /** Called before each retry with the attempt that failed (1-based), its error and the delay. */
  onRetry?: (info: { attempt: number; error: unknown; delayMs: number }) => void;
}

/** Whether `error` is an `InterviewKitError` that says retrying may succeed. */
export function isRetryableError(error: unknown): boolean {
  return InterviewKitError.isInstance(error) && error.retryable;
}

/** Turns an aborted signal into an `ABORTED` error (keeping the reason as the cause). */
export function abortedError(signal: AbortSignal | undefined): InterviewKitError {
  const reason: unknown = signal?.reason;
  if (InterviewKitError.isInstance(reason)) return reason;
  return new InterviewKitError('ABORTED', 'The operation was cancelled', { cause: reason });
}

/** Waits `ms`, rejecting with `ABORTED` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortedError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `operation`, retrying retryable failures with {@link backoffDelay}. Non-retryable errors
 * are rethrown at once; after the last attempt the last error is rethrown. A provider's
 * `retryAfterMs` detail (from a `Retry-After` header) raises the delay, bounded by `maxDelayMs`.
 * Aborting `abortSignal` stops waiting and rejects with `ABORTED`.
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const retries = Math.max(0, Math.floor(options.retries ?? 2));
  const isRetryable = options.isRetryable ?? isRetryableError;
  const maxDelayMs = options.maxDelayMs ?? 8000;
  for (let attempt = 1; ; attempt++) {
    if (options.abortSignal?.aborted) throw abortedError(options.abortSignal);
    try {
      return await operation(attempt);
    } catch (error) {
      if (options.abortSignal?.aborted) throw abortedError(options.abortSignal);
      if (attempt > retries || !isRetryable(error)) throw error;
      let delayMs = backoffDelay(attempt, { ...options, maxDelayMs });
      const retryAfter = InterviewKitError.isInstance(error) ? error.details?.['retryAfterMs'] : undefined;
      if (typeof retryAfter === 'number' && Number.isFinite(retryAfter)) delayMs = Math.min(maxDelayMs, Math.max(delayMs, retryAfter));
      options.onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs, options.abortSignal);
    }
  }
}
