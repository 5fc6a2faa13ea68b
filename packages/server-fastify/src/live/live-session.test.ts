import { createQueueQuestionSource } from '@interviewkit/core';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_QUESTIONS, testPorts } from '../__fixtures__/ports';
import { createStorage, type Storage } from '../storage/storage';
import { LiveSession } from './live-session';

describe('LiveSession event log persistence', () => {
  let storage: Storage;
  afterEach(async () => {
    await storage.close();
  });

  it('batches events, retries failed writes and loses nothing', async () => {
    storage = await createStorage(':memory:');
    let failures = 2;
    let calls = 0;
    const flaky: Storage = {
      ...storage,
      events: {
        ...storage.events,
        append: async (id, events) => {
          calls++;
          if (failures-- > 0) throw new Error('database hiccup');
          return storage.events.append(id, events);
        },
      },
    };
    const row = await storage.sessions.create({ userId: 'u1', sessionType: 'technical' });
    let finished = false;
    const session = new LiveSession({
      sessionId: row.id,
      userId: 'u1',
      sessionType: 'technical',
      questionSource: createQueueQuestionSource(TEST_QUESTIONS.slice(0, 1)),
      ports: testPorts(),
      storage: flaky,
      log: Fastify().log,
      flushMs: 5,
      textOnly: true,
      mastery: new Map(),
      onFinished: () => {
        finished = true;
      },
    });
    await session.start();
    await session.engine.answerText('a lock per thread');
    const result = await session.stop('stopped');
    expect(result.status).toBe('completed');
    expect(finished).toBe(true);
    const events = await storage.events.list(row.id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[0]!.event.type).toBe('session_started');
    expect(events.at(-1)!.event).toMatchObject({ type: 'session_stopped', reason: 'completed' });
    expect(calls).toBeGreaterThan(2);
    expect(calls).toBeLessThan(events.length); // batched, not one write per event
    expect(await storage.sessions.get(row.id)).toMatchObject({ status: 'completed', event_count: events.length, analysis_valid: true });
  });
});
