import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DBS } from './__fixtures__/dbs';
import { errorOf, registerUser, startTestServer, type TestServer } from './__fixtures__/server';
import type { InterviewKitServer } from './server';

for (const db of TEST_DBS) {
  describe.skipIf(!db.enabled)(`HTTP API on ${db.name}`, () => {
    let t: TestServer;
    let server: InterviewKitServer;
    beforeEach(async () => {
      t = await startTestServer(db);
      server = t.server;
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('registers, logs in and answers /me with { token, user }', async () => {
      const reg = await server.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email: '  Ada@Example.COM ', password: 'password123', name: 'Ada' },
      });
      expect(reg.statusCode).toBe(201);
      const { token, user } = reg.json();
      expect(user).toMatchObject({ email: 'ada@example.com', name: 'Ada' });
      expect(user).not.toHaveProperty('password_hash');
      expect(token.split('.')).toHaveLength(3);

      const login = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ADA@example.com', password: 'password123' } });
      expect(login.statusCode).toBe(200);
      expect(login.json().user.id).toBe(user.id);

      const me = await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${login.json().token}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual({ user });
    });

    it('rejects bad credentials, duplicates, weak passwords and missing tokens with proper codes', async () => {
      await registerUser(server, 'a@example.com');
      // A taken address with another password (the account's own password signs in: see the hostile-client suite).
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'a@example.com', password: 'another-password' } })),
      ).toMatchObject({ status: 409, code: 'CONFLICT' });
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'b@example.com', password: 'short' } })),
      ).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: expect.stringContaining('password') });
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email: 'not-an-email', password: 'password123' } })),
      ).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@example.com', password: 'wrong-password' } })),
      ).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: 'Invalid e-mail or password' });
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.com', password: 'password123' } })),
      ).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(errorOf(await server.app.inject({ method: 'GET', url: '/api/auth/me' }))).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
      expect(errorOf(await server.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: 'Bearer abc.def.ghi' } }))).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    });

    it('answers malformed JSON, wrong content types, oversized bodies and unknown routes with error bodies', async () => {
      const bad = await server.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
      expect(errorOf(bad)).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
      const xml = await server.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
      expect(errorOf(xml)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      const big = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: 'a@example.com', password: 'x'.repeat(2 * 1024 * 1024) },
      });
      expect(errorOf(big)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(errorOf(await server.app.inject({ method: 'GET', url: '/api/nope' }))).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      const wrongType = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 42, password: [] } });
      expect(errorOf(wrongType)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(wrongType.body).not.toContain('at ');
    });

    it('rate-limits login attempts per client', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@example.com', password: 'password123' } });
        statuses.push(res.statusCode);
        if (res.statusCode === 429) expect(errorOf(res).code).toBe('RATE_LIMITED');
      }
      expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(10)).toEqual([429, 429]);
    });

    it('serves health, readiness and the OpenAPI document built from the zod schemas', async () => {
      expect((await server.app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ status: 'ok' });
      expect((await server.app.inject({ method: 'GET', url: '/api/ready' })).json()).toEqual({ status: 'ready', database: db.name });
      const doc = (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.paths['/api/auth/register'].post.requestBody.content['application/json'].schema.required).toEqual(['email', 'password']);
      expect(doc.paths['/api/sessions'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['type', 'cursor', 'limit']));
      expect(doc.components.securitySchemes.bearerAuth.scheme).toBe('bearer');
      expect(Object.keys(doc.paths).sort()).toEqual(
        [
          '/api/auth/login',
          '/api/auth/me',
          '/api/auth/register',
          '/api/coding/questions',
          '/api/debugging/questions',
          '/api/evaluate-answer',
          '/api/health',
          '/api/hr/questions',
          '/api/hr_questions',
          '/api/mastery',
          '/api/mock_interview/evaluate_answer',
          '/api/mock_interview/questions',
          '/api/mock_interview/session_summary',
          '/api/ready',
          '/api/resume',
          '/api/sessions',
          '/api/sessions/{id}',
          '/api/sessions/{id}/events',
          '/api/sessions/{id}/questions/{index}/audio',
          '/api/stop_interview',
          '/api/technical/questions',
          '/api/upload_resume',
        ].sort(),
      );
      expect(doc.paths['/api/mock_interview/questions'].post.requestBody.content['application/json'].schema.properties.question_count).toMatchObject({
        type: 'integer',
        minimum: 1,
        maximum: 15,
        default: 5,
      });
    });

    it("lists only the caller's sessions, most recent first with a cursor; another user's session is a 404", async () => {
      const a = await registerUser(server, 'a@example.com');
      const b = await registerUser(server, 'b@example.com');
      const ids: number[] = [];
      for (const type of ['technical', 'hr', 'technical'] as const)
        ids.push((await server.storage.sessions.create({ userId: String(a.id), sessionType: type, questions: [] })).id);
      const other = await server.storage.sessions.create({ userId: String(b.id), sessionType: 'technical' });

      const page1 = await server.app.inject({ method: 'GET', url: '/api/sessions?limit=2', headers: a.auth });
      expect(page1.statusCode).toBe(200);
      const body1 = page1.json();
      expect(body1.sessions.map((s: { id: number }) => s.id)).toEqual([ids[2], ids[1]]);
      expect(Object.keys(body1.sessions[0]).sort()).toEqual([
        'completed_at',
        'created_at',
        'duration',
        'id',
        'questions_count',
        'score',
        'session_type',
        'status',
        'topic',
      ]);
      const page2 = (await server.app.inject({ method: 'GET', url: `/api/sessions?limit=2&cursor=${body1.next_cursor}`, headers: a.auth })).json();
      expect(page2).toEqual({ sessions: [expect.objectContaining({ id: ids[0] })], next_cursor: null });
      const typed = (await server.app.inject({ method: 'GET', url: '/api/sessions?type=hr', headers: a.auth })).json();
      expect(typed.sessions.map((s: { id: number }) => s.id)).toEqual([ids[1]]);

      expect(errorOf(await server.app.inject({ method: 'GET', url: '/api/sessions?type=karaoke', headers: a.auth }))).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(errorOf(await server.app.inject({ method: 'GET', url: '/api/sessions?cursor=zzz', headers: a.auth }))).toMatchObject({ status: 400 });
      expect(errorOf(await server.app.inject({ method: 'GET', url: '/api/sessions?limit=1000', headers: a.auth }))).toMatchObject({ status: 400 });

      const mine = await server.app.inject({ method: 'GET', url: `/api/sessions/${ids[0]}`, headers: a.auth });
      expect(mine.json().session).toMatchObject({ id: ids[0], session_type: 'technical', answers: [], questions: [] });
      expect(mine.json().session).not.toHaveProperty('owner_instance');
      expect(errorOf(await server.app.inject({ method: 'GET', url: `/api/sessions/${other.id}`, headers: a.auth }))).toMatchObject({
        status: 404,
        code: 'SESSION_NOT_FOUND',
      });
      expect(errorOf(await server.app.inject({ method: 'GET', url: `/api/sessions/${other.id}/events`, headers: a.auth }))).toMatchObject({ status: 404 });
      expect(errorOf(await server.app.inject({ method: 'GET', url: '/api/sessions/abc', headers: a.auth }))).toMatchObject({ status: 400 });
    });

    it('returns the event log and recomputes metrics from it', async () => {
      const a = await registerUser(server, 'a@example.com');
      const s = await server.storage.sessions.create({ userId: String(a.id), sessionType: 'hr' });
      await server.storage.events.append(s.id, [
        { seq: 1, event: { type: 'session_started', t: 0, session_type: 'hr' } },
        { seq: 2, event: { type: 'question_asked', t: 0, index: 0, question: 'Why us?' } },
        { seq: 3, event: { type: 'question_end', t: 1000, index: 0 } },
        { seq: 4, event: { type: 'speech_start', t: 2000 } },
        { seq: 5, event: { type: 'transcript_final', t: 6000, text: 'because I like the product a lot', index: 0 } },
        { seq: 6, event: { type: 'speech_end', t: 6000 } },
        { seq: 7, event: { type: 'answer_complete', t: 6500, index: 0, reason: 'manual', text: 'because I like the product a lot' } },
        { seq: 8, event: { type: 'answer_evaluated', t: 6600, index: 0, similarity: 0.5, keyword_coverage: 0.25 } },
        { seq: 9, event: { type: 'session_stopped', t: 7000, reason: 'stopped' } },
      ]);
      const res = (await server.app.inject({ method: 'GET', url: `/api/sessions/${s.id}/events`, headers: a.auth })).json();
      expect(res.events).toHaveLength(9);
      expect(res.events[0]).toEqual({ seq: 1, type: 'session_started', t: 0, session_type: 'hr' });
      expect(res.metrics).toMatchObject({ session_duration: 7, speaking_time: 4, questions_answered: 1, avg_semantic_similarity: 0.5, analysis_valid: true });
      const after = (await server.app.inject({ method: 'GET', url: `/api/sessions/${s.id}/events?after=7`, headers: a.auth })).json();
      expect(after.events.map((e: { seq: number }) => e.seq)).toEqual([8, 9]);
    });
  });
}
