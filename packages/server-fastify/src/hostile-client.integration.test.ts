import { createOfflineEvaluator } from '@interviewkit/core';
import { createChallengeEvaluator, createSqlSandbox, questionBank } from '@interviewkit/questions';
import { docxBomb, pdfBomb, pdfDocument, isProcessAlive as alive } from '@interviewkit/questions/testing';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import type { Socket } from 'node:net';
import type WebSocket from 'ws';
import { loadConfig, type ServerConfigInput } from './config';
import { defaultPorts } from './defaults';
import { TEST_DBS } from './__fixtures__/dbs';
import { multipart } from './__fixtures__/multipart';
import { errorOf, registerUser, startTestServer, type TestServer } from './__fixtures__/server';
import { TestWsClient } from './__fixtures__/ws-client';
import type { ServerPorts } from './ports';

// Issue 15: nothing a candidate, a file or a slow client sends can stop the server. The real
// server (default ports: SQL challenges run for real, resumes parsed for real) against hostile
// clients, one attack per test. Process-level attacks (SIGTERM during runaway work, SIGKILL at
// random points) are in issue-15-processes.integration.test.ts.

const sqlite = TEST_DBS.find((db) => db.name === 'sqlite')!;
const SQL_QUESTION = questionBank().find((q) => q.extra?.challenge === 'sql')!;
const RUNAWAY = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c';

describe.skipIf(!sqlite.enabled)('hostile clients against the real server (issue 15)', () => {
  const servers: TestServer[] = [];
  const clients: TestWsClient[] = [];
  // A small SQL sandbox, so filling it takes a few requests.
  const sandbox = createSqlSandbox({ size: 1, maxQueue: 1 });
  afterAll(() => sandbox.close());
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    for (const s of servers.splice(0)) await s.cleanup();
  });

  async function start(config: ServerConfigInput = {}, ports: Partial<ServerPorts> = {}): Promise<TestServer> {
    const t = await startTestServer(sqlite, config, { ports: { ...defaultPorts(loadConfig({ NODE_ENV: 'test' })), ...ports } });
    servers.push(t);
    return t;
  }
  const sandboxed = (): Partial<ServerPorts> => ({ evaluator: createChallengeEvaluator(createOfflineEvaluator(), { sandbox, timeoutMs: 500 }) });

  it('A: a runaway query is answered as a timeout and its process is killed; the next query runs', { timeout: 30_000 }, async () => {
    const t = await start({}, sandboxed());
    const a = await registerUser(t.server, 'runaway@example.com');
    await t.server.app.inject({ method: 'POST', url: '/api/evaluate-answer', headers: a.auth, payload: { question: SQL_QUESTION, answer: 'SELECT 1' } });
    const [pid] = sandbox.pids();
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/api/evaluate-answer',
      headers: a.auth,
      payload: { question: SQL_QUESTION, answer: RUNAWAY },
    });
    expect(res.statusCode).toBe(200);
    const evaluation = res.json().evaluation as { similarity: number; suggestions: Array<{ code: string; message: string }> };
    expect(evaluation.similarity).toBeLessThanOrEqual(0.25);
    expect(evaluation.suggestions[0]).toMatchObject({ code: 'incorrect_result' });
    expect(evaluation.suggestions[0]!.message).toMatch(/did not finish within 500 ms/);
    expect(sandbox.stats().killedOnTimeout).toBeGreaterThanOrEqual(1);
    // Nothing of the runaway query is left running: its process is gone.
    expect(alive(pid!)).toBe(false);
    expect(sandbox.stats().busy).toBe(0);
    const good = await t.server.app.inject({
      method: 'POST',
      url: '/api/evaluate-answer',
      headers: a.auth,
      payload: { question: SQL_QUESTION, answer: 'SELECT 1' },
    });
    expect(good.statusCode).toBe(200);
  });

  it('A: a full SQL sandbox answers 429 with Retry-After instead of queueing; per-user budgets cap evaluations', { timeout: 30_000 }, async () => {
    const t = await start({ evaluationRateLimitPerMinute: 3 }, sandboxed());
    const users = await Promise.all(['p1', 'p2', 'p3', 'p4'].map((u) => registerUser(t.server, `${u}@example.com`)));
    const responses = await Promise.all(
      users.map((u) =>
        t.server.app.inject({ method: 'POST', url: '/api/evaluate-answer', headers: u.auth, payload: { question: SQL_QUESTION, answer: RUNAWAY } }),
      ),
    );
    const refused = responses.filter((r) => r.statusCode === 429);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(errorOf(refused[0]!).code).toBe('RATE_LIMITED');
    expect(Number(refused[0]!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(responses.every((r) => r.statusCode === 200 || r.statusCode === 429)).toBe(true);

    const u = users[0]!;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push(
        (
          await t.server.app.inject({
            method: 'POST',
            url: '/api/evaluate-answer',
            headers: u.auth,
            payload: { question: { text: 'What is a mutex?' }, answer: 'a lock' },
          })
        ).statusCode,
      );
    expect(statuses.at(-1)).toBe(429);
    const summary = await t.server.app.inject({
      method: 'POST',
      url: '/api/mock_interview/session_summary',
      headers: users[3]!.auth,
      payload: { answers: Array.from({ length: 5 }, () => ({ question: 'What is a mutex?', answer: 'a lock' })) },
    });
    expect(errorOf(summary)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(summary.headers['retry-after'])).toBeGreaterThan(1);
  });

  it('A: live answers take from the same per-user evaluation budget; one over it is refused and its question stays open', { timeout: 30_000 }, async () => {
    const t = await start({ evaluationRateLimitPerMinute: 3 });
    const ws = `${(await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws')}/ws`;
    const a = await registerUser(t.server, 'fast-answers@example.com');
    const client = await TestWsClient.connect(ws, a.auth);
    clients.push(client);
    await client.request('start_interview', { session_type: 'technical', topic: 'operating_systems', text_only: true, question_count: 5 });
    for (let index = 0; index < 3; index++) {
      await client.waitForEvent('question', (f) => f.data?.index === index, 10_000);
      expect((await client.request('answer_text', { text: 'A lock held while waiting for another lock.', index })).error).toBeUndefined();
      await client.waitForEvent('answer_evaluated', (f) => f.data?.index === index, 10_000);
    }
    await client.waitForEvent('question', (f) => f.data?.index === 3, 10_000);
    const refused = await client.request('answer_text', { text: 'The fourth answer, too fast.', index: 3 });
    expect(refused.error).toMatchObject({ code: 'RATE_LIMITED', details: { retry_after_seconds: expect.any(Number) } });
    expect(client.frames.some((f) => f.event === 'answer_complete' && f.data?.index === 3)).toBe(false);
    // The same budget over HTTP.
    const http = await t.server.app.inject({
      method: 'POST',
      url: '/api/evaluate-answer',
      headers: a.auth,
      payload: { question: { text: 'What is a mutex?' }, answer: 'a lock' },
    });
    expect(http.statusCode).toBe(429);
  });

  it(
    'A: question lists share a per-user generation budget over HTTP and interview starts (each is a paid call with a language model)',
    { timeout: 30_000 },
    async () => {
      const t = await start({ generationRateLimitPerMinute: 2 });
      const ws = `${(await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws')}/ws`;
      const a = await registerUser(t.server, 'generator@example.com');
      const generate = () => t.server.app.inject({ method: 'POST', url: '/api/technical/questions', headers: a.auth, payload: { topic: 'dbms', count: 3 } });
      expect((await generate()).statusCode).toBe(200);
      const client = await TestWsClient.connect(ws, a.auth);
      clients.push(client);
      const started = await client.request('start_interview', { session_type: 'technical', topic: 'dbms', text_only: true, question_count: 1 });
      expect(started.data).toMatchObject({ status: 'started' });
      await client.request('stop_interview', {});
      const again = await client.request('start_interview', { session_type: 'technical', topic: 'dbms', text_only: true, question_count: 1 });
      expect(again.error).toMatchObject({ code: 'RATE_LIMITED', details: { retry_after_seconds: expect.any(Number) } });
      const refused = await generate();
      expect(errorOf(refused)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      // Another account has its own budget.
      const b = await registerUser(t.server, 'other-generator@example.com');
      expect(
        (await t.server.app.inject({ method: 'POST', url: '/api/technical/questions', headers: b.auth, payload: { topic: 'dbms', count: 3 } })).statusCode,
      ).toBe(200);
    },
  );

  it('B/C: real PDFs upload; a DOCX zip bomb and a PDF bomb get a clear 422 while the server keeps answering', { timeout: 120_000 }, async () => {
    const t = await start();
    const a = await registerUser(t.server, 'files@example.com');
    const upload = (name: string, data: Uint8Array) => {
      const body = multipart('resume', name, data);
      return t.server.app.inject({ method: 'POST', url: '/api/upload_resume', headers: { ...a.auth, ...body.headers }, payload: body.payload });
    };
    const pdf = await upload(
      'cv.pdf',
      pdfDocument([
        ['Jane Doe', 'jane@example.com', 'Skills', 'Python, PostgreSQL, Kubernetes'],
        ['Experience', 'Senior Engineer at Acme Corp (2019 - Present)'],
        ['Education', 'B.Sc. Computer Science, 2016'],
      ]),
    );
    expect(pdf.statusCode).toBe(201);
    expect(pdf.json().resume).toMatchObject({ content_type: 'application/pdf' });
    expect((await t.server.app.inject({ method: 'GET', url: '/api/resume', headers: a.auth })).json().resume.text).toContain('Senior Engineer at Acme Corp');

    const bomb = upload('cv.docx', await docxBomb());
    let settled = false;
    void bomb.then(() => (settled = true));
    // The health check answers while the bomb is being refused (the parsing is not on this thread).
    expect((await t.server.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    const docxError = errorOf(await bomb);
    expect(settled).toBe(true);
    expect(docxError).toMatchObject({ status: 422, code: 'UNPROCESSABLE_DOCUMENT' });
    expect(docxError.message).toMatch(/expands to more than/);
    const pdfError = errorOf(await upload('cv.pdf', await pdfBomb({ inflatedBytes: 512 * 1024 * 1024 })));
    expect(pdfError).toMatchObject({ status: 422, code: 'UNPROCESSABLE_DOCUMENT' });
    expect(pdfError.message).toMatch(/too much memory|longer than/);
  });

  it('D: a client that never reads is closed with 1008 once its unread replies pass the bound', { timeout: 60_000 }, async () => {
    const t = await start({ wsMessagesPerSecond: 10_000, wsMaxBufferedBytes: 64 * 1024 });
    const address = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
    const a = await registerUser(t.server, 'slow@example.com');
    const client = await TestWsClient.connect(`${address.replace(/^http/, 'ws')}/ws`, a.auth);
    clients.push(client);
    const socket = (client.ws as WebSocket & { _socket: Socket })._socket;
    socket.pause();
    const rss = process.memoryUsage.rss();
    // Every request is owed an ack (here an error ack): a reader that never reads makes them pile up.
    const frame = (i: number) => JSON.stringify({ event: 'interviewer_done', data: {}, ack: i });
    for (let i = 1; i <= 100_000; i++) {
      if (client.ws.readyState !== client.ws.OPEN) break;
      client.ws.send(frame(i));
      if (i % 2000 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    socket.resume();
    await new Promise<void>((resolve) => (client.closed ? resolve() : client.ws.once('close', () => resolve())));
    expect(client.closed?.code).toBe(1008);
    expect(process.memoryUsage.rss() - rss).toBeLessThan(200 * 1024 * 1024);
    expect((await t.server.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('D: one account holds at most WS_CONNECTIONS_PER_USER sockets: the next upgrade is a 429, closing one frees a place', { timeout: 30_000 }, async () => {
    const t = await start({ wsConnectionsPerUser: 3 });
    const ws = `${(await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws')}/ws`;
    const a = await registerUser(t.server, 'hoarder@example.com');
    const b = await registerUser(t.server, 'neighbour@example.com');
    const held = await Promise.all([1, 2, 3].map(() => TestWsClient.connect(ws, a.auth)));
    clients.push(...held);
    // Many more at once: every one is refused before the upgrade (none raced past the count).
    const refused = await Promise.allSettled(Array.from({ length: 20 }, () => TestWsClient.connect(ws, a.auth)));
    expect(refused.map((r) => (r.status === 'rejected' ? String(r.reason) : 'opened'))).toEqual(Array(20).fill('Error: upgrade refused: 429'));
    // Another account is not affected, and a closed socket frees its place.
    clients.push(await TestWsClient.connect(ws, b.auth));
    await held[0]!.close();
    // The server counts the socket out when its side has closed too (a moment after the client's).
    const again = await vi.waitFor(() => TestWsClient.connect(ws, a.auth), { timeout: 5000, interval: 50 });
    clients.push(again);
    const ack = await again.request('start_interview', { session_type: 'technical', topic: 'dbms', text_only: true, question_count: 1 });
    expect(ack.error ?? ack.data).toMatchObject({ status: 'started' });
  });

  it('D: bad frames get a budget of error replies, never one reply per frame', { timeout: 30_000 }, async () => {
    const t = await start();
    const address = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
    const a = await registerUser(t.server, 'flood@example.com');
    const client = await TestWsClient.connect(`${address.replace(/^http/, 'ws')}/ws`, a.auth);
    clients.push(client);
    for (let i = 0; i < 5000; i++) client.sendRaw(Buffer.from([1]));
    await new Promise((r) => setTimeout(r, 1500));
    const errors = client.frames.filter((f) => f.event === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThan(40);
    expect(errors.some((f) => f.data?.code === 'RATE_LIMITED')).toBe(true);
    expect(client.closed).toBeNull();
  });

  it('F: free-form JSON nested 5,000 (HTTP) or 20,000 (WebSocket) levels deep is a 400, and no session is left live', { timeout: 30_000 }, async () => {
    const t = await start();
    const address = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
    const a = await registerUser(t.server, 'deep@example.com');
    // Sent as text: serialising a value this deep is exactly what overflows the stack.
    const question = `{"text":"What is a mutex?","extra":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`;
    const post = (url: string, payload: string) =>
      t.server.app.inject({ method: 'POST', url, headers: { ...a.auth, 'content-type': 'application/json' }, payload });
    const http = errorOf(await post('/api/evaluate-answer', `{"question":${question},"answer":"a lock"}`));
    expect(http).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(http.message).toMatch(/question\.extra.*nests deeper/);
    expect(errorOf(await post('/api/mock_interview/session_summary', `{"answers":[{"question":${question},"answer":"a lock"}]}`)).status).toBe(400);

    const client = await TestWsClient.connect(`${address.replace(/^http/, 'ws')}/ws`, a.auth);
    clients.push(client);
    // 20,000 levels in 40 KB: inside the 64 KiB frame limit.
    const deep = `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    client.sendRaw(`{"event":"start_interview","ack":1,"data":{"session_type":"technical","text_only":true,"questions":[{"text":"Q?","extra":${deep}}]}}`);
    const ack = await client.waitFor((f) => f.event === 'ack' && f.ack === 1);
    expect(ack.error?.code).toBe('VALIDATION_FAILED');
    expect((await t.server.app.inject({ method: 'GET', url: '/api/sessions', headers: a.auth })).json().sessions).toEqual([]);
  });

  it('G: security headers, a CSP that lets /docs load, registration that names no account, trusted scoring', { timeout: 30_000 }, async () => {
    const t = await start();
    const health = await t.server.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
    expect(health.headers['content-security-policy']).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
    let docs = await t.server.app.inject({ method: 'GET', url: '/docs' });
    while (docs.statusCode === 302) docs = await t.server.app.inject({ method: 'GET', url: new URL(String(docs.headers.location), 'http://x/docs/').pathname });
    expect(docs.statusCode).toBe(200);
    // The docs UI loads its scripts from files (script-src 'self'); no inline script needs an exception.
    expect(docs.headers['content-security-policy']).toMatch(/script-src 'self'/);
    for (const tag of docs.body.match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(/src=/);

    const first = await t.server.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'g@example.com', password: 'password123' } });
    const again = await t.server.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'g@example.com', password: 'password123' } });
    expect(again.statusCode).toBe(201);
    expect(again.json().user.id).toBe(first.json().user.id);
    const other = errorOf(
      await t.server.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'g@example.com', password: 'another-password' } }),
    );
    expect(other.message).not.toMatch(/exist|already|registered/i);

    // Trusted scoring (on outside development): the client's reference answer and evaluation do not count.
    const auth = { authorization: `Bearer ${first.json().token as string}` };
    const answer = 'Photosynthesis turns light into chemical energy in chloroplasts.';
    const forged = { text: 'Explain photosynthesis in plants and algae?', referenceAnswer: answer, expectedKeywords: ['photosynthesis', 'chloroplasts'] };
    const evaluation = (await t.server.app.inject({ method: 'POST', url: '/api/evaluate-answer', headers: auth, payload: { question: forged, answer } })).json()
      .evaluation;
    expect(evaluation.similarity).toBeLessThan(0.9);
    expect(evaluation.matchedKeywords).toEqual([]);
    const perfect = { ...evaluation, similarity: 1, score: 100, grade: 'A' };
    const summary = await t.server.app.inject({
      method: 'POST',
      url: '/api/mock_interview/session_summary',
      headers: auth,
      payload: { answers: [{ question: forged, answer, evaluation: perfect }] },
    });
    expect(summary.statusCode).toBe(200);
    expect(summary.json().score).toBeLessThan(100);
  });
});
