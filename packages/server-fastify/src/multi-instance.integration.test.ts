import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Child, json, startChild } from './__fixtures__/child';
import { dropPgSchema, TEST_DATABASE_URL, TEST_REDIS_URL, uniquePgSchema } from './__fixtures__/dbs';
import { TestWsClient } from './__fixtures__/ws-client';

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('two server processes on one PostgreSQL + Redis', () => {
  const children: Child[] = [];
  const clients: TestWsClient[] = [];
  let schema = '';
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    for (const c of children.splice(0)) {
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
      await c.exited;
    }
    if (schema) await dropPgSchema(TEST_DATABASE_URL!, schema);
  });

  async function twoInstances(): Promise<{ a: Child; b: Child }> {
    schema = uniquePgSchema();
    const prefix = `ik-test-${randomBytes(4).toString('hex')}:`;
    const env = { DATABASE_URL: TEST_DATABASE_URL!, PG_SCHEMA: schema, REDIS_URL: TEST_REDIS_URL!, REDIS_PREFIX: prefix };
    const a = await startChild({ ...env, INSTANCE_ID: 'instance-a' });
    children.push(a);
    const b = await startChild({ ...env, INSTANCE_ID: 'instance-b' });
    children.push(b);
    return { a, b };
  }

  async function liveInterviewOn(child: Child, token: string): Promise<{ client: TestWsClient; sessionId: number }> {
    const client = await TestWsClient.connect(`${child.url.replace(/^http/, 'ws')}/ws?token=${token}`);
    clients.push(client);
    const ack = await client.request('start_interview', { session_type: 'technical', text_only: true });
    await client.waitForEvent('question');
    await client.request('answer_text', { text: 'a lock for one thread' });
    await client.waitForEvent('answer_evaluated');
    return { client, sessionId: ack.data!.session_id as number };
  }

  it('an HTTP stop reaching instance B stops the interview held by instance A; ownership is shared', { timeout: 90_000 }, async () => {
    const { a, b } = await twoInstances();
    const reg = await json(`${a.url}/api/auth/register`, { method: 'POST', body: JSON.stringify({ email: 'a@example.com', password: 'password123' }) });
    const token = reg.body.token as string;
    const { client, sessionId } = await liveInterviewOn(a, token);

    // Instance B knows the session is live on A: the same user and type cannot start another one there.
    const onB = await TestWsClient.connect(`${b.url.replace(/^http/, 'ws')}/ws?token=${token}`);
    clients.push(onB);
    expect((await onB.request('start_interview', { session_type: 'technical', text_only: true })).error).toMatchObject({ code: 'SESSION_ALREADY_ACTIVE' });

    // Another user cannot stop it through B.
    const other = await json(`${b.url}/api/auth/register`, { method: 'POST', body: JSON.stringify({ email: 'b@example.com', password: 'password123' }) });
    expect(
      (await json(`${b.url}/api/stop_interview`, { method: 'POST', token: other.body.token as string, body: JSON.stringify({ session_id: sessionId }) }))
        .status,
    ).toBe(404);

    const stopped = await json(`${b.url}/api/stop_interview`, { method: 'POST', token, body: JSON.stringify({ session_id: sessionId }) });
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ session_id: sessionId, status: 'stopped', reason: 'stopped', score: 80, analysis_valid: true });
    // The client on A sees the end of its interview.
    expect((await client.waitForEvent('interview_complete')).data).toMatchObject({ session_id: sessionId, status: 'stopped' });
    const detail = await json(`${b.url}/api/sessions/${sessionId}`, { token });
    expect(detail.body.session).toMatchObject({ status: 'stopped', score: 80 });
  });

  it('when instance A dies, B finalises its sessions from the log', { timeout: 90_000 }, async () => {
    const { a, b } = await twoInstances();
    const reg = await json(`${a.url}/api/auth/register`, { method: 'POST', body: JSON.stringify({ email: 'a@example.com', password: 'password123' }) });
    const token = reg.body.token as string;
    const { sessionId } = await liveInterviewOn(a, token);
    await new Promise((r) => setTimeout(r, 200));
    a.proc.kill('SIGKILL');
    await a.exited;
    // B's sweep notices A's heartbeat expired (1.5 s in tests) and finalises the session.
    await expect
      .poll(async () => ((await json(`${b.url}/api/sessions/${sessionId}`, { token })).body.session as { status: string }).status, {
        timeout: 15_000,
        interval: 250,
      })
      .toBe('abandoned');
    const detail = await json(`${b.url}/api/sessions/${sessionId}`, { token });
    expect(detail.body.session).toMatchObject({ score: 80, analysis_valid: true });
    const stopped = await json(`${b.url}/api/stop_interview`, { method: 'POST', token, body: JSON.stringify({ session_id: sessionId }) });
    expect(stopped).toMatchObject({ status: 409, body: { error: { code: 'SESSION_FINISHED' } } });
  });
});
