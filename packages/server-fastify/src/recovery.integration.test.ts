import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dropPgSchema, TEST_DATABASE_URL, uniquePgSchema } from './__fixtures__/dbs';
import { type Child, json, startChild, stopChildren } from './__fixtures__/child';
import { TestWsClient } from './__fixtures__/ws-client';
import { createStorage, type Storage } from './storage/storage';

interface Backend {
  name: string;
  enabled: boolean;
  env(): { env: Record<string, string>; open(): Promise<Storage>; cleanup(): Promise<void> };
}

const BACKENDS: Backend[] = [
  {
    name: 'sqlite file',
    enabled: true,
    env() {
      const dir = mkdtempSync(join(tmpdir(), 'ik-recovery-'));
      const url = `sqlite:${join(dir, 'ik.db')}`;
      return { env: { DATABASE_URL: url }, open: () => createStorage(url), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    enabled: Boolean(TEST_DATABASE_URL),
    env() {
      const schema = uniquePgSchema();
      return {
        env: { DATABASE_URL: TEST_DATABASE_URL!, PG_SCHEMA: schema },
        open: () => createStorage(TEST_DATABASE_URL!, { pgSchema: schema }),
        cleanup: () => dropPgSchema(TEST_DATABASE_URL!, schema),
      };
    },
  },
];

for (const backend of BACKENDS) {
  describe.skipIf(!backend.enabled)(`crash recovery and shutdown (${backend.name}, real server process)`, () => {
    const children: Child[] = [];
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      await stopChildren(children);
      for (const fn of cleanups.splice(0)) await fn();
    });

    async function interviewWithTwoAnswers(child: Child): Promise<{ token: string; sessionId: number; client: TestWsClient }> {
      const reg = await json(`${child.url}/api/auth/register`, { method: 'POST', body: JSON.stringify({ email: 'a@example.com', password: 'password123' }) });
      const token = reg.body.token as string;
      const client = await TestWsClient.connect(`${child.url.replace(/^http/, 'ws')}/ws?token=${token}`);
      const ack = await client.request('start_interview', { session_type: 'technical', topic: 'os', question_count: 3, text_only: true });
      const sessionId = ack.data!.session_id as number;
      await client.waitForEvent('question', (f) => f.data?.index === 0);
      await client.request('answer_text', { text: 'a lock for one thread' });
      await client.waitForEvent('question', (f) => f.data?.index === 1);
      await client.request('answer_text', { text: 'no idea at all' });
      await client.waitForEvent('question', (f) => f.data?.index === 2);
      return { token, sessionId, client };
    }

    it('kill -9 mid-interview: the restarted server finalises the session from its log, losing nothing logged', { timeout: 90_000 }, async () => {
      const db = backend.env();
      cleanups.push(db.cleanup);
      const first = await startChild(db.env);
      children.push(first);
      const { token, sessionId, client } = await interviewWithTwoAnswers(first);
      await new Promise((r) => setTimeout(r, 300)); // past the batching delay (20 ms)
      first.proc.kill('SIGKILL');
      await first.exited;
      await client.close();

      const storage = await db.open();
      const logged = await storage.events.list(sessionId);
      expect((await storage.sessions.get(sessionId))?.status).toBe('live');
      expect(logged.filter((e) => e.event.type === 'answer_evaluated')).toHaveLength(2);
      await storage.close();

      const second = await startChild(db.env);
      children.push(second);
      const detail = await json(`${second.url}/api/sessions/${sessionId}`, { token });
      expect(detail.status).toBe(200);
      const session = detail.body.session as Record<string, unknown>;
      expect(session).toMatchObject({ status: 'abandoned', analysis_valid: true, score: 50, questions_count: 3 });
      expect(session.completed_at).toEqual(expect.any(String));
      expect((session.answers as unknown[]).length).toBe(2);
      expect(session.speech_metrics).toMatchObject({ questions_answered: 2 });

      const log = await json(`${second.url}/api/sessions/${sessionId}/events`, { token });
      const events = log.body.events as Array<{ seq: number; type: string; reason?: string }>;
      // Everything logged before the crash is still there, in order, closed by a recovered stop.
      expect(events.slice(0, logged.length).map((e) => e.seq)).toEqual(logged.map((e) => e.seq));
      expect(events.at(-1)).toMatchObject({ type: 'session_stopped', reason: 'recovered' });
      expect(events).toHaveLength(logged.length + 1);

      // The user can start a new interview of the same type at once.
      const again = await TestWsClient.connect(`${second.url.replace(/^http/, 'ws')}/ws?token=${token}`);
      expect((await again.request('start_interview', { session_type: 'technical', text_only: true })).data).toMatchObject({ status: 'started' });
      await again.close();
    });

    it('SIGTERM: graceful shutdown finalises live sessions before exiting', { timeout: 90_000 }, async () => {
      const db = backend.env();
      cleanups.push(db.cleanup);
      const child = await startChild(db.env);
      children.push(child);
      const { sessionId, client } = await interviewWithTwoAnswers(child);
      child.proc.kill('SIGTERM');
      expect(await child.exited).toBe(0);
      await client.close();
      const storage = await db.open();
      const saved = await storage.sessions.get(sessionId);
      expect(saved).toMatchObject({ status: 'stopped', score: 50, analysis_valid: true });
      expect((await storage.events.list(sessionId)).at(-1)?.event).toMatchObject({ type: 'session_stopped', reason: 'shutdown' });
      await storage.close();
    });
  });
}
