import { hasErrorCode, InterviewKitError } from '@interviewkit/core';
import type { InterviewKitServer } from '@interviewkit/server-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../__fixtures__/server';
import { InterviewKitClient } from './client';

// The client against the real reference server (in-memory SQLite, offline ports): every
// response is validated with core's schemas, so this also checks the server keeps its contract.
describe('InterviewKitClient against the reference server', () => {
  let server: InterviewKitServer;
  let baseUrl: string;

  beforeAll(async () => {
    ({ server, baseUrl } = await startServer());
  });
  afterAll(async () => {
    await server.close();
  });

  const signedIn = async (email: string): Promise<InterviewKitClient> => {
    const client = new InterviewKitClient({ baseUrl });
    await client.register({ email, password: 'correct horse battery', name: 'Ada' });
    return client;
  };

  it('registers, logs in and reads the signed-in user; health and readiness need no token', async () => {
    const client = new InterviewKitClient({ baseUrl });
    expect(await client.health()).toMatchObject({ status: 'ok' });
    expect(await client.ready()).toMatchObject({ status: 'ready' });
    const registered = await client.register({ email: 'Ada@Example.com', password: 'correct horse battery', name: 'Ada' });
    expect(registered.user).toMatchObject({ email: 'ada@example.com', name: 'Ada' });
    expect(client.token).toBe(registered.token);

    const other = new InterviewKitClient({ baseUrl });
    const login = await other.login({ email: 'ada@example.com', password: 'correct horse battery' });
    expect(login.user.id).toBe(registered.user.id);
    expect((await other.me()).user.email).toBe('ada@example.com');
  });

  it("rebuilds the server's errors with their codes", async () => {
    const client = new InterviewKitClient({ baseUrl });
    const unauthenticated = await client.me().catch((e: unknown) => e);
    expect(hasErrorCode(unauthenticated, 'UNAUTHENTICATED')).toBe(true);
    expect((unauthenticated as InterviewKitError).statusCode).toBe(401);

    await signedIn('dup@example.com');
    const conflict = await new InterviewKitClient({ baseUrl }).register({ email: 'dup@example.com', password: 'another password' }).catch((e: unknown) => e);
    expect(hasErrorCode(conflict, 'CONFLICT')).toBe(true);

    const wrong = await new InterviewKitClient({ baseUrl }).login({ email: 'dup@example.com', password: 'wrong password' }).catch((e: unknown) => e);
    expect(hasErrorCode(wrong, 'UNAUTHENTICATED')).toBe(true);

    const forged = new InterviewKitClient({ baseUrl, token: 'forged.token.value' });
    expect(hasErrorCode(await forged.mastery().catch((e: unknown) => e), 'UNAUTHENTICATED')).toBe(true);
  });

  it('validates input before sending it', async () => {
    const client = await signedIn('input@example.com');
    const bad = await client.technicalQuestions({ topic: '', count: 500 }).catch((e: unknown) => e);
    expect(hasErrorCode(bad, 'VALIDATION_FAILED')).toBe(true);
    expect(JSON.stringify((bad as InterviewKitError).details)).toMatch(/topic|count/);
    expect(() => new InterviewKitClient({ baseUrl: 'not a url' })).toThrow(InterviewKitError);
  });

  it('fetches questions for every session type; mock questions need a resume', async () => {
    const client = await signedIn('questions@example.com');
    const technical = await client.technicalQuestions({ topic: 'dbms', count: 3 });
    expect(technical.questions).toHaveLength(3);
    expect(technical.questions[0]!.referenceAnswer).toBeTruthy();
    expect((await client.hrQuestions({ count: 2 })).questions).toHaveLength(2);
    const coding = await client.codingQuestions({ count: 1 });
    expect(coding.questions[0]!.sessionType).toBe('coding');
    expect((await client.debuggingQuestions({ count: 1 })).questions).toHaveLength(1);

    const missing = await client.mockQuestions({ question_count: 3 }).catch((e: unknown) => e);
    expect(hasErrorCode(missing, 'PRECONDITION_FAILED')).toBe(true);
    const resume =
      'Grace Hopper\nSkills\nCOBOL, compilers, Python\nExperience\nSenior Engineer at Navy Labs (1960 - 1980)\nProjects\nFLOW-MATIC: an English-like data processing language';
    const uploaded = await client.uploadResume({ data: new TextEncoder().encode(resume), filename: 'grace.txt' });
    expect(uploaded.resume).toMatchObject({ filename: 'grace.txt', content_type: 'text/plain' });
    expect((await client.resume()).resume.text).toContain('FLOW-MATIC');
    const mock = await client.mockQuestions({ question_count: 4, difficulty: 'easy' });
    expect(mock.questions).toHaveLength(4);
  });

  it('evaluates answers, summarises a text interview, and pages through history and mastery', async () => {
    const client = await signedIn('history@example.com');
    const question = {
      text: 'What is a database index?',
      referenceAnswer: 'An index is a data structure, usually a B-tree, that speeds up lookups on a column at the cost of extra writes and storage.',
      expectedKeywords: ['B-tree', 'lookup', 'writes'],
      topic: 'dbms',
    };
    const evaluated = await client.evaluateAnswer({
      question,
      answer: 'An index is a B-tree that makes lookups on a column fast, but every write must update it.',
    });
    expect(evaluated.evaluation.similarity).toBeGreaterThan(0.5);
    expect(evaluated.mastery_updates.length).toBeGreaterThan(0);

    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const summary = await client.sessionSummary({
        answers: [{ question, answer: `Attempt ${i}: an index is a B-tree for fast lookups.` }],
        duration_seconds: 60 + i,
      });
      expect(summary.summary).toBeTruthy();
      ids.push(summary.session_id);
    }
    const firstPage = await client.listSessions({ limit: 2 });
    expect(firstPage.sessions.map((s) => s.id)).toEqual([ids[4], ids[3]]);
    expect(firstPage.next_cursor).not.toBeNull();
    const all: number[] = [];
    for await (const s of client.sessions({ limit: 2 })) all.push(s.id);
    expect(all).toEqual([...ids].reverse());

    const detail = await client.session(ids[0]!);
    expect(detail.session).toMatchObject({ id: ids[0], status: 'completed', duration: 60 });
    expect(detail.session.feedback).not.toBeNull();
    const events = await client.sessionEvents(ids[0]!);
    expect(events.session_id).toBe(ids[0]);

    const mastery = await client.mastery();
    expect(mastery.topics.map((t) => t.topic)).toContain('dbms');

    const otherUser = await signedIn('intruder@example.com');
    expect(hasErrorCode(await otherUser.session(ids[0]!).catch((e: unknown) => e), 'SESSION_NOT_FOUND')).toBe(true);
  });

  it('cancels a request with an AbortSignal', async () => {
    const client = await signedIn('abort@example.com');
    const controller = new AbortController();
    controller.abort();
    expect(hasErrorCode(await client.mastery({ signal: controller.signal }).catch((e: unknown) => e), 'ABORTED')).toBe(true);
  });
});
