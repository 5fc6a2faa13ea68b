import { InterviewKitClient } from '@interviewkit/client';
import { hasErrorCode } from '@interviewkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAcmeApp, type AcmeApp } from './app';

describe('InterviewKit embedded in an existing Fastify app', () => {
  let acme: AcmeApp;
  let base: string;

  beforeAll(async () => {
    acme = await buildAcmeApp();
    base = await acme.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await acme.app.close();
  });

  const login = async (): Promise<string> => {
    const res = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'grace', password: 'cobol-forever' }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  };

  it("leaves the host app's routes and error format alone", async () => {
    expect(await (await fetch(`${base}/hello`)).json()).toEqual({ hello: 'from the host app' });
    const bad = await fetch(`${base}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'grace', password: 'nope' }),
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ message: 'bad credentials' });
    // The built-in account routes are not mounted when the app brings its own auth.
    expect((await fetch(`${base}/interview/api/auth/register`, { method: 'POST' })).status).toBe(404);
  });

  it("serves the API under the prefix to the app's users, and only to them", async () => {
    const anonymous = new InterviewKitClient({ baseUrl: `${base}/interview` });
    const refused = await anonymous.technicalQuestions({ topic: 'python', count: 2 }).catch((e: unknown) => e);
    expect(hasErrorCode(refused, 'UNAUTHENTICATED')).toBe(true);
    const forged = new InterviewKitClient({ baseUrl: `${base}/interview`, token: 'not-a-session' });
    expect(hasErrorCode(await forged.mastery().catch((e: unknown) => e), 'UNAUTHENTICATED')).toBe(true);

    const client = new InterviewKitClient({ baseUrl: `${base}/interview`, token: await login() });
    const { questions } = await client.technicalQuestions({ topic: 'python', count: 2 });
    expect(questions).toHaveLength(2);
    const { evaluation } = await client.evaluateAnswer({ question: questions[0]!, answer: questions[0]!.referenceAnswer! });
    expect(evaluation.similarity).toBeGreaterThan(0.8);
  });

  it("runs a live interview over the prefixed WebSocket with the app's token, stored under the app's user id", async () => {
    const client = new InterviewKitClient({ baseUrl: `${base}/interview`, token: await login() });
    const live = client.live();
    try {
      const ack = await live.start({ session_type: 'hr', question_count: 1, text_only: true });
      await live.waitFor('question', { past: true, timeoutMs: 5000 });
      const done = live.waitFor('interview_complete', { timeoutMs: 5000 });
      await live.answerText('I listen first, restate what I heard, and agree on next steps with the team.');
      expect((await done).status).toBe('completed');
      const row = await acme.storage.sessions.get(ack.session_id, 'acme-user-1');
      expect(row).toMatchObject({ user_id: 'acme-user-1', status: 'completed' });
      expect((await client.listSessions()).sessions.map((s) => s.id)).toContain(ack.session_id);
    } finally {
      live.close();
    }
  });
});
