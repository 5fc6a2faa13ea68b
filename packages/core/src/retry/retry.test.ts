import { describe, expect, it } from 'vitest';
import { InterviewKitError } from '../errors/interviewkit-error';
import { backoffDelay, withRetry } from './retry';

describe('withRetry', () => {
  it('retries retryable InterviewKitErrors and then succeeds', async () => {
    let calls = 0;
    const retries: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'down');
        return 'ok';
      },
      { retries: 3, baseDelayMs: 1, random: () => 0.5, onRetry: ({ attempt }) => retries.push(attempt) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('does not retry non-retryable or foreign errors', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new InterviewKitError('PROVIDER_AUTH', 'bad key');
        },
        { baseDelayMs: 1 },
      ),
    ).rejects.toMatchObject({ code: 'PROVIDER_AUTH' });
    expect(calls).toBe(1);
    await expect(withRetry(async () => Promise.reject(new Error('plain')), { baseDelayMs: 1 })).rejects.toThrow('plain');
  });

  it('gives up after the last retry with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new InterviewKitError('TIMEOUT', `t${calls}`);
        },
        { retries: 2, baseDelayMs: 1 },
      ),
    ).rejects.toThrow('t3');
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const promise = withRetry(async () => Promise.reject(new InterviewKitError('RATE_LIMITED', 'slow down')), {
      retries: 5,
      baseDelayMs: 10_000,
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(promise).rejects.toMatchObject({ code: 'ABORTED' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('backs off exponentially with jitter within bounds', () => {
    for (let retry = 1; retry <= 6; retry++) {
      const cap = Math.min(1000, 100 * 2 ** (retry - 1));
      expect(backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 })).toBe(cap / 2);
      expect(backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 })).toBeLessThanOrEqual(cap);
    }
  });
});
