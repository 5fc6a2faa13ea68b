import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DBS } from './__fixtures__/dbs';
import { errorOf, registerUser, startTestServer, type TestServer } from './__fixtures__/server';
import { detectResumeType } from './routes/resume';
import { learningVelocity } from './routes/mastery';
import type { InterviewKitServer } from './server';
import { multipart } from './__fixtures__/multipart';

describe('resume type detection', () => {
  it('checks the content against the extension', () => {
    expect(detectResumeType('cv.pdf', Buffer.from('%PDF-1.7 ...'))).toBe('pdf');
    expect(detectResumeType('cv.docx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1]))).toBe('docx');
    expect(detectResumeType('CV.TXT', Buffer.from('Jane Doe, SQL'))).toBe('txt');
    expect(() => detectResumeType('cv.pdf', Buffer.from('hello'))).toThrow(/not a PDF/);
    expect(() => detectResumeType('cv.exe', Buffer.from('MZ'))).toThrow(/PDF, DOCX or TXT/);
    expect(() => detectResumeType('cv.txt', Buffer.from([0xff, 0xfe, 0x00]))).toThrow(/not text/);
  });

  it('computes learning velocity as a least-squares slope', () => {
    expect(learningVelocity([50, 60])).toBeNull();
    expect(learningVelocity([50, 60, 70])).toBe(10);
    expect(learningVelocity([70, 70, 70])).toBe(0);
  });
});

for (const db of TEST_DBS) {
  describe.skipIf(!db.enabled)(`question, resume, evaluation and summary endpoints on ${db.name}`, () => {
    let t: TestServer;
    let server: InterviewKitServer;
    beforeEach(async () => {
      // Self-practice scoring: the client's own question data counts (trusted scoring has its own tests).
      t = await startTestServer(db, { resumeMaxBytes: 4096, trustedScoring: false });
      server = t.server;
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('generates question lists with the seed bodies and validates them', async () => {
      const a = await registerUser(server, 'a@example.com');
      const tech = await server.app.inject({
        method: 'POST',
        url: '/api/technical/questions',
        headers: a.auth,
        payload: { topic: 'machine_learning', count: 2 },
      });
      expect(tech.statusCode).toBe(200);
      expect(tech.json()).toMatchObject({ question_count: 2, questions: [{ id: 'q-mutex' }, { id: 'q-index' }] });
      expect(
        (await server.app.inject({ method: 'POST', url: '/api/coding/questions', headers: a.auth, payload: { count: 3, difficulty: 'medium' } })).json()
          .question_count,
      ).toBe(3);
      expect((await server.app.inject({ method: 'POST', url: '/api/hr/questions', headers: a.auth, payload: {} })).statusCode).toBe(200);
      expect((await server.app.inject({ method: 'POST', url: '/api/debugging/questions', headers: a.auth, payload: { count: 1 } })).json().question_count).toBe(
        1,
      );
      expect(errorOf(await server.app.inject({ method: 'POST', url: '/api/technical/questions', headers: a.auth, payload: { count: 2 } }))).toMatchObject({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(errorOf(await server.app.inject({ method: 'POST', url: '/api/coding/questions', headers: a.auth, payload: { count: 1000 } }))).toMatchObject({
        status: 400,
      });
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/coding/questions', headers: a.auth, payload: { difficulty: 'impossible' } })),
      ).toMatchObject({ status: 400 });
      expect(errorOf(await server.app.inject({ method: 'POST', url: '/api/technical/questions', payload: { topic: 'x' } }))).toMatchObject({ status: 401 });
    });

    it('requires a resume for mock interview questions; uploads, type-checks and returns it', async () => {
      const a = await registerUser(server, 'a@example.com');
      expect(
        errorOf(
          await server.app.inject({
            method: 'POST',
            url: '/api/mock_interview/questions',
            headers: a.auth,
            payload: { question_count: 5, difficulty: 'medium' },
          }),
        ),
      ).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });
      expect(errorOf(await server.app.inject({ method: 'GET', url: '/api/resume', headers: a.auth }))).toMatchObject({ status: 404 });

      const exe = multipart('resume', 'cv.exe', 'MZ....');
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/upload_resume', headers: { ...a.auth, ...exe.headers }, payload: exe.payload })),
      ).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      const fakePdf = multipart('resume', 'cv.pdf', 'not really a pdf');
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/upload_resume', headers: { ...a.auth, ...fakePdf.headers }, payload: fakePdf.payload })),
      ).toMatchObject({ status: 415 });
      const big = multipart('resume', 'cv.txt', 'x'.repeat(10_000));
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/upload_resume', headers: { ...a.auth, ...big.headers }, payload: big.payload })),
      ).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
      const wrongField = multipart('file', 'cv.txt', 'Jane');
      expect(
        errorOf(
          await server.app.inject({ method: 'POST', url: '/api/upload_resume', headers: { ...a.auth, ...wrongField.headers }, payload: wrongField.payload }),
        ),
      ).toMatchObject({ status: 400 });
      expect(errorOf(await server.app.inject({ method: 'POST', url: '/api/upload_resume', headers: a.auth, payload: { resume: 'x' } }))).toMatchObject({
        status: 415,
      });

      const ok = multipart('resume', 'cv.txt', 'Jane Doe — data engineer, SQL, Python', 'text/plain');
      const up = await server.app.inject({ method: 'POST', url: '/api/upload_resume', headers: { ...a.auth, ...ok.headers }, payload: ok.payload });
      expect(up.statusCode).toBe(201);
      expect(up.json().resume).toMatchObject({ filename: 'cv.txt', content_type: 'text/plain' });
      expect((await server.app.inject({ method: 'GET', url: '/api/resume', headers: a.auth })).json().resume).toMatchObject({
        text: 'Jane Doe — data engineer, SQL, Python',
      });
      const mock = await server.app.inject({
        method: 'POST',
        url: '/api/mock_interview/questions',
        headers: a.auth,
        payload: { question_count: 2, difficulty: 'medium' },
      });
      expect(mock.statusCode).toBe(200);
      expect(mock.json().question_count).toBe(2);
      // Another user has no resume.
      const b = await registerUser(server, 'b@example.com');
      expect(errorOf(await server.app.inject({ method: 'GET', url: '/api/resume', headers: b.auth }))).toMatchObject({ status: 404 });
    });

    it('evaluates typed answers and saves session summaries to the feedback', async () => {
      const a = await registerUser(server, 'a@example.com');
      const question = { text: 'What is a mutex?', expectedKeywords: ['lock', 'thread'] };
      const ev = await server.app.inject({
        method: 'POST',
        url: '/api/evaluate-answer',
        headers: a.auth,
        payload: { question, answer: 'a lock for one thread' },
      });
      expect(ev.statusCode).toBe(200);
      expect(ev.json().evaluation).toMatchObject({ keywordCoverage: 1, matchedKeywords: ['lock', 'thread'] });
      expect(errorOf(await server.app.inject({ method: 'POST', url: '/api/evaluate-answer', headers: a.auth, payload: { answer: 'x' } }))).toMatchObject({
        status: 400,
      });

      const summary = await server.app.inject({
        method: 'POST',
        url: '/api/mock_interview/session_summary',
        headers: a.auth,
        payload: {
          answers: [
            { question: 'What is a mutex?', answer: 'a lock', evaluation: ev.json().evaluation },
            { question, answer: '' },
          ],
        },
      });
      expect(summary.statusCode).toBe(200);
      const body = summary.json();
      expect(body).toMatchObject({ summary: { narrative: 'test' }, score: 80, session_id: expect.any(Number) });
      const saved = (await server.app.inject({ method: 'GET', url: `/api/sessions/${body.session_id}`, headers: a.auth })).json().session;
      expect(saved).toMatchObject({ session_type: 'mock_resume', status: 'completed', score: 80, feedback: { narrative: 'test' }, questions_count: 2 });
      const b = await registerUser(server, 'b@example.com');
      expect(
        errorOf(
          await server.app.inject({
            method: 'POST',
            url: '/api/mock_interview/session_summary',
            headers: b.auth,
            payload: { session_id: body.session_id, answers: [{ question: 'q', answer: 'a' }] },
          }),
        ),
      ).toMatchObject({ status: 404 });
      expect(
        errorOf(await server.app.inject({ method: 'POST', url: '/api/mock_interview/session_summary', headers: a.auth, payload: { answers: [] } })),
      ).toMatchObject({ status: 400 });
    });

    it('reports mastery per topic', async () => {
      const a = await registerUser(server, 'a@example.com');
      await server.storage.mastery.upsert({
        user_id: String(a.id),
        topic: 'dbms',
        mastery_level: 0.42,
        attempts: 3,
        concepts: {
          joins: { mastery: 0.3, attempts: 2, misses: 2 },
          indexing: { mastery: 0.9, attempts: 2, misses: 0 },
          acid: { mastery: 0.3, attempts: 2, misses: 1, last: 'covered' },
          locking: { mastery: 0.1, attempts: 1, misses: 1 },
        },
        history: [30, 40, 60],
        difficulty: 'easy',
        updated_at: new Date().toISOString(),
      });
      const res = (await server.app.inject({ method: 'GET', url: '/api/mastery', headers: a.auth })).json();
      // Core's rules: two attempts before a concept is weak or strong, and one last answered well is never weak.
      expect(res.topics[0]).toMatchObject({
        topic: 'dbms',
        mastery_level: 0.42,
        weak_concepts: ['joins'],
        strong_concepts: ['indexing'],
        learning_velocity: 15,
        difficulty: 'easy',
      });
      expect(res.topics[0].concepts).toContainEqual({ concept: 'acid', mastery: 0.3, attempts: 2, misses: 1, last: 'covered' });
      expect(res.overall).toMatchObject({ avg_mastery: 0.42, total_questions: 3, weakest_topics: ['dbms'] });
      const b = await registerUser(server, 'b@example.com');
      expect((await server.app.inject({ method: 'GET', url: '/api/mastery', headers: b.auth })).json().topics).toEqual([]);
    });
  });
}
