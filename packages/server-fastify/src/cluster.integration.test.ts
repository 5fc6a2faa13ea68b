import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionType } from '@interviewkit/core';
import { type FakeOpenAIServer, startFakeOpenAIServer } from '@interviewkit/openai/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PinnedConnection, pinnedConnection, startCluster, type TestCluster } from './__fixtures__/cluster';
import { TEST_REDIS_URL } from './__fixtures__/dbs';
import { TestWsClient } from './__fixtures__/ws-client';
import { createStorage, type Storage } from './storage/storage';

// Issue 16: `interviewkit-server --workers 2`, a real primary and two real worker processes on one
// SQLite file. Coordination runs through the primary over cluster IPC (the embedded default) or
// through Redis (REDIS_URL). The tests run in order on one cluster; the last one shuts it down.

interface Mode {
  name: string;
  enabled: boolean;
  env(): Record<string, string>;
  /** Whether a crashed worker's sessions are finalised at once (the primary sees it exit; Redis waits for the heartbeat to expire). */
  recoversAtOnce: boolean;
}

const MODES: Mode[] = [
  { name: 'embedded: SQLite file, the primary coordinates over IPC', enabled: true, env: () => ({}), recoversAtOnce: true },
  {
    name: 'SQLite file + Redis: the workers coordinate through Redis',
    enabled: Boolean(TEST_REDIS_URL),
    env: () => {
      // A Redis database of its own (its claim keys are not namespaced by a prefix the bin could take).
      const url = new URL(TEST_REDIS_URL!);
      url.pathname = `/${1 + Math.floor(Math.random() * 15)}`;
      return { REDIS_URL: url.toString() };
    },
    recoversAtOnce: false,
  },
];

const QUESTIONS = [
  { text: 'What is a mutex?', referenceAnswer: 'A lock that lets one thread at a time enter a critical section.', expectedKeywords: ['lock', 'thread'] },
  { text: 'What is a deadlock?', referenceAnswer: 'Threads that wait for each other forever, each holding a lock the other needs.' },
];

/** GET on a new connection (whichever worker the cluster hands it to). */
function getOnNewConnection(url: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    });
    req.on('error', reject);
    req.end();
  });
}

for (const mode of MODES) {
  describe.skipIf(!mode.enabled)(`interviewkit-server --workers 2 (${mode.name})`, () => {
    let dir = '';
    let cluster: TestCluster;
    let storage: Storage;
    let token = '';
    let openai: FakeOpenAIServer;
    const clients: TestWsClient[] = [];
    const connections: PinnedConnection[] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'ik-cluster-'));
      const databaseUrl = `sqlite:${join(dir, 'ik.db')}`;
      // The interviewer's voice (OpenAI text-to-speech on a local fake): question audio is read through any worker.
      openai = await startFakeOpenAIServer({ apiKey: 'sk-test-key' });
      cluster = await startCluster({ DATABASE_URL: databaseUrl, OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: openai.baseURL, ...mode.env() });
      storage = await createStorage(databaseUrl);
      const res = await fetch(`${cluster.url}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'c@example.com', password: 'password123' }),
      });
      token = ((await res.json()) as { token: string }).token;
    }, 180_000);

    afterAll(async () => {
      for (const c of clients.splice(0)) await c.close();
      for (const c of connections.splice(0)) c.close();
      if (cluster && cluster.proc.exitCode === null && cluster.proc.signalCode === null) cluster.proc.kill('SIGKILL');
      await cluster?.exited;
      await storage?.close();
      await openai?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function connect(): Promise<TestWsClient> {
      const client = await TestWsClient.connect(`${cluster.wsUrl}/ws?token=${token}`);
      clients.push(client);
      return client;
    }

    /** Starts an interview (retrying while a just-released key is still being let go elsewhere). */
    async function start(client: TestWsClient, type: SessionType): Promise<number> {
      for (let attempt = 0; ; attempt++) {
        const ack = await client.request('start_interview', { session_type: type, text_only: true, questions: QUESTIONS }, 15_000);
        if (ack.data?.status === 'started') return ack.data.session_id as number;
        if (ack.error?.code !== 'SESSION_ALREADY_ACTIVE' || attempt >= 10) throw new Error(`start_interview failed: ${JSON.stringify(ack.error)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }

    async function ownerOf(sessionId: number): Promise<string> {
      return (await storage.sessions.get(sessionId))!.owner_instance!;
    }

    /** A WebSocket connection on a worker other than `avoid`'s (a probe interview of `type` tells where it landed). */
    async function connectionOnAnotherWorker(avoid: string, type: SessionType): Promise<{ client: TestWsClient; owner: string; sessionId: number }> {
      for (let attempt = 0; attempt < 10; attempt++) {
        const client = await connect();
        const sessionId = await start(client, type);
        const owner = await ownerOf(sessionId);
        if (owner !== avoid) return { client, owner, sessionId };
        await client.request('stop_interview', {}, 15_000);
        await client.close();
      }
      throw new Error('every connection landed on the same worker');
    }

    /** A keep-alive HTTP connection whose worker holds `liveSessions` live sessions. */
    async function pinnedWhere(liveSessions: number): Promise<PinnedConnection> {
      for (let attempt = 0; attempt < 10; attempt++) {
        const conn = pinnedConnection(cluster.url);
        if ((await conn.json('GET', '/api/health')).body.live_sessions === liveSessions) {
          connections.push(conn);
          return conn;
        }
        conn.close();
      }
      throw new Error(`no worker with ${liveSessions} live sessions answered`);
    }

    it(
      'runs two workers on one port; a session started on one is read through both (its question audio too) and stopped over HTTP through the other',
      { timeout: 120_000 },
      async () => {
        expect(cluster.workers()).toHaveLength(2);
        expect(new Set(cluster.workers().map((w) => w.workerPid)).size).toBe(2);
        const client = await connect();
        const sessionId = await start(client, 'technical');
        await client.waitForEvent('question');
        await client.request('answer_text', { text: 'a lock so that one thread at a time runs the critical section' });
        await client.waitForEvent('answer_evaluated', undefined, 15_000);
        // The question being answered now is only in its owner's memory (the row has the answered ones).
        const current = await client.waitForEvent('question', (f) => f.data?.index === 1, 15_000);
        const audioUrl = current.data!.audio_url as string;

        // The only live session is on its owner: a connection whose worker reports none is on the other one.
        const other = await pinnedWhere(0);
        const onOwner = await pinnedWhere(1);
        for (const conn of [other, onOwner]) {
          expect((await conn.json('GET', `/api/sessions/${sessionId}`, { token })).body.session).toMatchObject({ id: sessionId, status: 'live' });
        }
        // The audio of the question being answered: the other worker asks the owner which question it is.
        expect(await other.text('GET', audioUrl, { token })).toMatchObject({
          status: 200,
          contentType: 'audio/mpeg',
          body: 'FAKE-MP3|alloy|What is a deadlock?',
        });
        const stopped = await other.json('POST', '/api/stop_interview', { token, body: { session_id: sessionId } });
        expect(stopped).toMatchObject({ status: 200, body: { session_id: sessionId, status: 'stopped', reason: 'stopped', analysis_valid: true } });
        // The owner stopped it: its client hears the end of its interview.
        expect((await client.waitForEvent('interview_complete', undefined, 15_000)).data).toMatchObject({ session_id: sessionId, status: 'stopped' });
        expect((await other.json('GET', `/api/sessions/${sessionId}`, { token })).body.session).toMatchObject({ status: 'stopped' });
        expect((await other.json('POST', '/api/stop_interview', { token, body: { session_id: sessionId } })).body).toMatchObject({
          error: { code: 'SESSION_FINISHED' },
        });
      },
    );

    it('lets exactly one of two racing starts for the same user and type win, on different workers', { timeout: 120_000 }, async () => {
      const first = await connect();
      const probe = await start(first, 'hr');
      const firstOwner = await ownerOf(probe);
      await first.request('stop_interview', {}, 15_000);
      const second = await connectionOnAnotherWorker(firstOwner, 'coding');
      await second.client.request('stop_interview', {}, 15_000);

      for (let round = 0; round < 3; round++) {
        const acks = await Promise.all(
          [first, second.client].map((c) => c.request('start_interview', { session_type: 'debugging', text_only: true, questions: QUESTIONS }, 15_000)),
        );
        const winners = acks.filter((a) => a.data?.status === 'started');
        expect(winners).toHaveLength(1);
        expect(acks.filter((a) => a.error?.code === 'SESSION_ALREADY_ACTIVE')).toHaveLength(1);
        const live = (await storage.sessions.listLive()).filter((s) => s.session_type === 'debugging');
        expect(live).toHaveLength(1);
        const winner = acks[0]!.data?.status === 'started' ? first : second.client;
        await winner.request('stop_interview', {}, 15_000);
        // Let the stopped session leave (and release its claim) before the next race.
        await expect.poll(async () => (await storage.sessions.listLive()).filter((s) => s.session_type === 'debugging').length, { timeout: 10_000 }).toBe(0);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    });

    it.skipIf(!mode.recoversAtOnce)(
      'restarts a worker that crashes and finalises its sessions from their logs; the user can start again',
      { timeout: 180_000 },
      async () => {
        const client = await connect();
        const sessionId = await start(client, 'mock');
        await client.waitForEvent('question');
        await client.request('answer_text', { text: 'a lock so that one thread at a time runs the critical section' });
        await client.waitForEvent('answer_evaluated', undefined, 15_000);
        await new Promise((resolve) => setTimeout(resolve, 500)); // past the event-log batching delay
        const owner = await ownerOf(sessionId);
        const before = cluster.workers().length;
        const victim = cluster.workers().find((w) => w.instance === owner)!;
        process.kill(victim.workerPid, 'SIGKILL');

        await expect
          .poll(
            async () =>
              (
                (await getOnNewConnection(`${cluster.url}/api/sessions/${sessionId}`, token).catch(() => ({ body: {} as Record<string, unknown> }))).body
                  .session as { status?: string } | undefined
              )?.status,
            { timeout: 60_000, interval: 500 },
          )
          .toBe('abandoned');
        const session = (await getOnNewConnection(`${cluster.url}/api/sessions/${sessionId}`, token)).body.session as {
          analysis_valid: boolean;
          answers: unknown[];
        };
        expect(session).toMatchObject({ analysis_valid: true });
        expect(session.answers).toHaveLength(1);
        const events = await storage.events.list(sessionId);
        expect(events.at(-1)!.event).toMatchObject({ type: 'session_stopped', reason: 'recovered' });

        // The primary forks a replacement, which listens on the same port.
        await expect.poll(() => cluster.workers().length, { timeout: 90_000, interval: 500 }).toBe(before + 1);
        await expect.poll(() => cluster.listening(), { timeout: 90_000, interval: 500 }).toBe(3);
        expect(cluster.proc.exitCode).toBeNull();
        // The dead worker's claim on the key is gone: the same user and type start again.
        const again = await connect();
        expect(await start(again, 'mock')).toBeGreaterThan(sessionId);
        await again.request('stop_interview', {}, 15_000);
      },
    );

    it('SIGTERM to the primary finalises the live interviews of every worker and exits within the forced-exit window', { timeout: 120_000 }, async () => {
      const a = await connect();
      const first = await start(a, 'technical');
      const firstOwner = await ownerOf(first);
      const second = await connectionOnAnotherWorker(firstOwner, 'agentic');
      for (const c of [a, second.client]) {
        await c.waitForEvent('question', (f) => f.data?.index === 0, 15_000);
        await c.request('answer_text', { text: 'a lock for one thread at a time' });
      }
      await a.waitForEvent('answer_evaluated', undefined, 15_000);
      await second.client.waitForEvent('answer_evaluated', undefined, 15_000);

      const signalledAt = Date.now();
      cluster.proc.kill('SIGTERM');
      const { code, at } = await cluster.exited;
      expect(code).toBe(0);
      expect(at - signalledAt).toBeLessThan(15_000);
      for (const sessionId of [first, second.sessionId]) {
        expect(await storage.sessions.get(sessionId)).toMatchObject({ status: 'stopped', analysis_valid: true, owner_instance: null });
        expect((await storage.events.list(sessionId)).at(-1)!.event).toMatchObject({ type: 'session_stopped', reason: 'shutdown' });
      }
      expect(cluster.lines.some((l) => l.role === 'primary' && l.msg === 'shutting down: finalising live interviews')).toBe(true);
    });
  });
}
