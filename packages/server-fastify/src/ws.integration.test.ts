import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DBS } from './__fixtures__/dbs';
import { errorOf, registerUser, startTestServer, type TestServer } from './__fixtures__/server';
import { TestWsClient } from './__fixtures__/ws-client';
import type { InterviewKitServer } from './server';

for (const db of TEST_DBS) {
  describe.skipIf(!db.enabled)(`WebSocket /ws on ${db.name}`, () => {
    let t: TestServer;
    let server: InterviewKitServer;
    let base: string;
    const clients: TestWsClient[] = [];
    const connect = async (token: string, viaQuery = false): Promise<TestWsClient> => {
      const client = viaQuery
        ? await TestWsClient.connect(`${base}/ws?token=${token}`)
        : await TestWsClient.connect(`${base}/ws`, { authorization: `Bearer ${token}` });
      clients.push(client);
      return client;
    };

    beforeEach(async () => {
      t = await startTestServer(db, {}, { reconnectGraceMs: 60_000 });
      server = t.server;
      const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
      base = address.replace(/^http/, 'ws');
    });
    afterEach(async () => {
      for (const c of clients.splice(0)) await c.close();
      await t.cleanup();
    });

    it('refuses unauthenticated upgrades and accepts ?token= for browsers', async () => {
      await expect(TestWsClient.connect(`${base}/ws`)).rejects.toThrow(/401/);
      await expect(TestWsClient.connect(`${base}/ws`, { authorization: 'Bearer forged.token.here' })).rejects.toThrow(/401/);
      const a = await registerUser(server, 'a@example.com');
      const client = await connect(a.token, true);
      const ack = await client.request('start_interview', { session_type: 'technical', text_only: true });
      expect(ack.data).toMatchObject({ status: 'started' });
    });

    it('runs a typed interview end to end and saves score, duration, metrics and the log', async () => {
      const a = await registerUser(server, 'a@example.com');
      const client = await connect(a.token);
      const ack = await client.request('start_interview', { session_type: 'technical', topic: 'python', user_id: a.id, question_count: 2, text_only: true });
      expect(ack.data).toEqual({ status: 'started', message: 'Interview started successfully', use_mock: true, session_id: expect.any(Number) });
      const sessionId = ack.data!.session_id as number;

      const q0 = await client.waitForEvent('question', (f) => f.data?.index === 0);
      expect(q0.seq).toBe(1);
      expect(q0.data).toMatchObject({ session_id: sessionId, index: 0, total: 2, question: { id: 'q-mutex', text: 'What is a mutex?' } });
      expect(q0.data!.question).not.toHaveProperty('referenceAnswer');
      expect(q0.data!.question).not.toHaveProperty('expectedKeywords');

      expect((await client.request('answer_text', { text: 'A lock so only one thread enters', index: 0 })).data).toEqual({ status: 'ok' });
      const ev0 = await client.waitForEvent('answer_evaluated', (f) => f.data?.index === 0);
      expect(ev0.data).toMatchObject({ evaluated: true, similarity: 0.8, keyword_coverage: 1, matched_keywords: ['lock', 'thread'] });
      await client.waitForEvent('metrics');
      await client.waitForEvent('question', (f) => f.data?.index === 1);
      client.emit('interviewer_done', { index: 1 });
      client.emit('answer_text', { text: 'no idea' });
      const done = await client.waitForEvent('interview_complete');
      expect(done.data).toMatchObject({ session_id: sessionId, status: 'completed', reason: 'completed', score: 50, analysis_valid: true, grade: 'D' });
      expect(done.data!.metrics).toMatchObject({ questions_answered: 2 });
      const seqs = client.frames.filter((f) => f.seq !== undefined).map((f) => f.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));

      // Saved (the save finishes right after the message).
      await expect.poll(async () => (await server.storage.sessions.get(sessionId))?.status).toBe('completed');
      const detail = (await server.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}`, headers: a.auth })).json().session;
      expect(detail).toMatchObject({ session_type: 'technical', topic: 'python', score: 50, analysis_valid: true, questions_count: 2, use_mock: true });
      expect(detail.completed_at).toEqual(expect.any(String));
      expect(detail.speech_metrics).toMatchObject({ questions_answered: 2, avg_semantic_similarity: 0.5 });
      expect(detail.answers.map((x: { answer: string }) => x.answer)).toEqual(['A lock so only one thread enters', 'no idea']);
      expect(detail.feedback).toMatchObject({ narrative: 'test' });
      const list = (await server.app.inject({ method: 'GET', url: '/api/sessions?type=technical', headers: a.auth })).json();
      expect(list.sessions[0]).toMatchObject({ id: sessionId, score: 50, questions_count: 2 });
      const log = (await server.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/events`, headers: a.auth })).json();
      expect(log.events[0]).toMatchObject({ seq: 1, type: 'session_started', session_type: 'technical', topic: 'python' });
      expect(log.events.at(-1)).toMatchObject({ type: 'session_stopped', reason: 'completed' });
      expect(log.metrics).toEqual(detail.speech_metrics);
    });

    it('stop_interview ends the interview; with no answer the session has no score and analysis_valid false', async () => {
      const a = await registerUser(server, 'a@example.com');
      const client = await connect(a.token);
      const ack = await client.request('start_interview', { session_type: 'hr', text_only: true });
      await client.waitForEvent('question');
      const stop = await client.request('stop_interview', { user_id: String(a.id) });
      expect(stop.data).toMatchObject({ session_id: ack.data!.session_id, status: 'stopped', reason: 'stopped', score: null, analysis_valid: false });
      await client.waitForEvent('interview_complete');
      await expect.poll(async () => (await server.storage.sessions.get(ack.data!.session_id as number))?.status).toBe('stopped');
      const saved = await server.storage.sessions.get(ack.data!.session_id as number);
      expect(saved).toMatchObject({ score: null, analysis_valid: false });
      expect(saved!.completed_at).not.toBeNull();
      // A second stop: nothing live any more.
      expect((await client.request('stop_interview', {})).error).toMatchObject({ code: 'SESSION_NOT_FOUND' });
    });

    it('keeps one live session per user and type; identity comes from the token only', async () => {
      const a = await registerUser(server, 'a@example.com');
      const b = await registerUser(server, 'b@example.com');
      const ca = await connect(a.token);
      const ca2 = await connect(a.token);
      const cb = await connect(b.token);
      const started = await ca.request('start_interview', { session_type: 'technical', text_only: true });
      const sessionId = started.data!.session_id as number;
      expect((await ca2.request('start_interview', { session_type: 'technical', text_only: true })).error).toMatchObject({ code: 'SESSION_ALREADY_ACTIVE' });
      expect((await ca2.request('start_interview', { session_type: 'hr', text_only: true })).data).toMatchObject({ status: 'started' });
      // Another user's id in the payload is refused.
      expect((await cb.request('start_interview', { session_type: 'technical', user_id: a.id })).error).toMatchObject({ code: 'FORBIDDEN' });
      expect((await cb.request('stop_interview', { user_id: a.id })).error).toMatchObject({ code: 'FORBIDDEN' });
      // B can neither stop, resume nor read A's session.
      expect((await cb.request('stop_interview', { session_id: sessionId })).error).toMatchObject({ code: 'SESSION_NOT_FOUND' });
      expect((await cb.request('resume_interview', { session_id: sessionId, last_seq: 0 })).error).toMatchObject({ code: 'SESSION_NOT_FOUND' });
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/stop_interview', headers: b.auth, payload: { session_id: sessionId } })),
      ).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND' });
      expect(errorOf(await server.app.inject({ method: 'POST', url: '/api/stop_interview', headers: b.auth, payload: { user_id: a.id } }))).toMatchObject({
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(cb.frames.some((f) => f.event === 'question')).toBe(false);
      expect((await server.storage.sessions.get(sessionId))?.status).toBe('live');
    });

    it('the HTTP stop reaches the live interview held on the WebSocket', async () => {
      const a = await registerUser(server, 'a@example.com');
      const client = await connect(a.token);
      const started = await client.request('start_interview', { session_type: 'coding', text_only: true });
      await client.waitForEvent('question');
      await client.request('answer_text', { text: 'use a lock per thread' });
      await client.waitForEvent('answer_evaluated');
      const res = await server.app.inject({ method: 'POST', url: '/api/stop_interview', headers: a.auth, payload: { user_id: a.id } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ session_id: started.data!.session_id, status: 'stopped', analysis_valid: true, score: 80 });
      await client.waitForEvent('interview_complete');
    });

    it('answers bad frames with error events and keeps the connection', async () => {
      const a = await registerUser(server, 'a@example.com');
      const client = await connect(a.token);
      client.sendRaw('{"event": ');
      expect((await client.waitForEvent('error')).data).toMatchObject({ code: 'MALFORMED_JSON' });
      expect((await client.request('karaoke', {})).error).toMatchObject({ code: 'UNKNOWN_EVENT' });
      expect((await client.request('start_interview', { session_type: 'karaoke' })).error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('session_type'),
      });
      expect((await client.request('answer_text', { text: 42 })).error).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect((await client.request('answer_text', { text: 'hello' })).error).toMatchObject({ code: 'INVALID_STATE' });
      client.sendRaw(JSON.stringify({ nope: true }));
      await client.waitFor((f) => f.event === 'error' && f.data?.code === 'VALIDATION_FAILED');
      client.sendRaw(Buffer.alloc(3200));
      await client.waitFor((f) => f.event === 'error' && f.data?.code === 'INVALID_STATE' && f.data?.event === 'audio');
      client.sendRaw(Buffer.alloc(3201));
      await client.waitFor((f) => f.event === 'error' && f.data?.code === 'INVALID_AUDIO');
      client.sendRaw(Buffer.alloc(200_000));
      await client.waitFor((f) => f.event === 'error' && f.data?.code === 'PAYLOAD_TOO_LARGE' && f.data?.event === 'audio');
      client.sendRaw(JSON.stringify({ event: 'answer_text', data: { text: 'x'.repeat(100_000) } }));
      await client.waitFor((f) => f.event === 'error' && f.data?.code === 'PAYLOAD_TOO_LARGE' && f.data?.event === undefined);
      expect(client.closed).toBeNull();
      expect((await client.request('start_interview', { session_type: 'technical', text_only: true })).data).toMatchObject({ status: 'started' });
    });

    it('rate-limits message floods without dropping the connection', async () => {
      const a = await registerUser(server, 'a@example.com');
      const client = await connect(a.token);
      for (let i = 0; i < 300; i++) client.emit('user_done_speaking', {});
      await client.waitFor((f) => f.event === 'error' && f.data?.code === 'RATE_LIMITED');
      await new Promise((r) => setTimeout(r, 1100));
      expect(client.closed).toBeNull();
      expect((await client.request('start_interview', { session_type: 'hr', text_only: true })).data).toMatchObject({ status: 'started' });
    });

    it('starts the next interview right after interview_complete (while the last one is still being saved)', async () => {
      const a = await registerUser(server, 'a@example.com');
      const client = await connect(a.token);
      for (let round = 0; round < 3; round++) {
        const ack = await client.request('start_interview', { session_type: 'technical', question_count: 1, text_only: true });
        expect(ack.error).toBeUndefined();
        const sessionId = ack.data!.session_id as number;
        await client.waitForEvent('question', (f) => f.data?.session_id === sessionId);
        client.emit('answer_text', { text: 'A lock for one thread' });
        await client.waitForEvent('interview_complete', (f) => f.data?.session_id === sessionId);
      }
    });

    it('resumes after a reconnect, replaying the messages after last_seq', async () => {
      const a = await registerUser(server, 'a@example.com');
      const first = await connect(a.token);
      const started = await first.request('start_interview', { session_type: 'technical', text_only: true });
      const sessionId = started.data!.session_id as number;
      const q0 = await first.waitForEvent('question');
      await first.close();
      // While disconnected, the HTTP-less client misses nothing: the session is still live.
      const second = await connect(a.token);
      const resumed = await second.request('resume_interview', { session_id: sessionId, last_seq: 0 });
      expect(resumed.data).toEqual({ status: 'resumed', session_id: sessionId });
      const replayed = await second.waitForEvent('question');
      expect(replayed.seq).toBe(q0.seq);
      await second.request('answer_text', { text: 'a lock for a thread' });
      const evaluated = await second.waitForEvent('answer_evaluated');
      expect(evaluated.data).toMatchObject({ index: 0, evaluated: true });
    });
  });
}

describe('logging', () => {
  it('never writes bearer tokens (header or ?token=) to the log', async () => {
    const { PassThrough } = await import('node:stream');
    const stream = new PassThrough();
    let logs = '';
    stream.on('data', (d: Buffer) => (logs += d.toString()));
    const t = await startTestServer(TEST_DBS[0]!, { logLevel: 'info' }, { logStream: stream });
    try {
      const a = await registerUser(t.server, 'a@example.com');
      const url = (await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
      const client = await TestWsClient.connect(`${url}/ws?token=${a.token}`);
      await client.request('start_interview', { session_type: 'hr', text_only: true });
      await client.close();
      await t.server.app.inject({ method: 'GET', url: '/api/auth/me', headers: a.auth });
      await new Promise((r) => setTimeout(r, 50));
      expect(logs).toContain('/ws?token=[redacted]');
      expect(logs).not.toContain(a.token);
      expect(logs).not.toContain(a.token.split('.')[2]);
    } finally {
      await t.cleanup();
    }
  });
});
