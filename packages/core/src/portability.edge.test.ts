import { describe, expect, it } from 'vitest';
import {
  EventLogDecoder,
  InterviewKitError,
  RunningStatistics,
  computeResearchMetrics,
  replay,
  serializeEventLog,
  speechRenderingKey,
  withRetry,
} from './index';
import { seedSessionLog } from './testing';

// Runs in the Edge runtime (see vitest.edge.config.ts): only Web APIs exist, so any Node
// built-in that slipped into core fails here before it fails in a user's browser.
describe('core in the Edge runtime', () => {
  it('runs inside the Edge runtime', () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('string');
  });

  it('decodes a streamed JSON-lines log and folds it into the seed metrics', () => {
    const log = seedSessionLog();
    const bytes = new TextEncoder().encode(serializeEventLog(log));
    const decoder = new EventLogDecoder();
    const stats = new RunningStatistics();
    const text = new TextDecoder();
    for (let i = 0; i < bytes.length; i += 97) {
      for (const event of decoder.push(text.decode(bytes.subarray(i, i + 97), { stream: true }))) stats.apply(event);
    }
    for (const event of decoder.end()) stats.apply(event);
    const metrics = computeResearchMetrics(stats);
    expect(metrics).toEqual(replay(log));
    expect(metrics.session_duration).toBe(600);
    expect(metrics.speaking_time).toBe(420);
    expect(metrics.wpm).toBe(121.4);
  });

  it('raises typed errors', () => {
    const decoder = new EventLogDecoder();
    let caught: unknown;
    try {
      decoder.push('{"type":"no_such_event","t":0}\n');
    } catch (error) {
      caught = error;
    }
    expect(InterviewKitError.isInstance(caught)).toBe(true);
    expect((caught as InterviewKitError).code).toBe('UNKNOWN_EVENT');
  });

  it('runs the provider helpers on Web APIs only (Web Crypto, timers)', async () => {
    expect(await speechRenderingKey('voice', 'text')).toMatch(/^[0-9a-f]{64}$/);
    let calls = 0;
    const value = await withRetry(
      async () => {
        calls += 1;
        if (calls < 2) throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'down');
        return 'ok';
      },
      { baseDelayMs: 1 },
    );
    expect(value).toBe('ok');
  });
});
