import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { testPorts } from './__fixtures__/ports';
import { TestWsClient } from './__fixtures__/ws-client';
import { interviewKit } from './plugin';
import { createStorage, type Storage } from './storage/storage';

describe('interviewKit as a plugin in an existing Fastify app with its own auth', () => {
  let storage: Storage;
  const apps: Array<{ close(): Promise<unknown> }> = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await storage.close();
  });

  async function embed() {
    storage = await createStorage(':memory:');
    const app = Fastify();
    apps.push(app);
    app.get('/host-route', async () => ({ host: true }));
    await app.register(interviewKit, {
      storage,
      ports: testPorts(),
      // The host's own auth: a (trusted, for this test) header.
      authenticate: (request) => {
        const user = request.headers['x-user'];
        return typeof user === 'string' && user !== '' ? { userId: user } : null;
      },
    });
    return app;
  }

  it("uses the host's authenticate, keeps the host's routes, and adds no account routes", async () => {
    const app = await embed();
    expect((await app.inject({ method: 'GET', url: '/host-route' })).json()).toEqual({ host: true });
    expect((await app.inject({ method: 'GET', url: '/api/sessions' })).json()).toEqual({
      error: { code: 'UNAUTHENTICATED', message: 'Authentication required' },
    });
    expect((await app.inject({ method: 'GET', url: '/api/sessions', headers: { 'x-user': 'ext-user-7' } })).json()).toEqual({
      sessions: [],
      next_cursor: null,
    });
    expect((await app.inject({ method: 'POST', url: '/api/auth/register', payload: {} })).statusCode).toBe(404);
  });

  it('carries fastify-plugin metadata yet stays encapsulated: the host keeps its own error handler', async () => {
    expect((interviewKit as unknown as Record<symbol, unknown>)[Symbol.for('plugin-meta')]).toMatchObject({
      name: '@interviewkit/server-fastify',
      fastify: '5.x',
      encapsulate: true,
    });
    const app = await embed();
    app.get('/host-error', async () => {
      throw new Error('host failure');
    });
    const hostError = await app.inject({ method: 'GET', url: '/host-error' });
    expect(hostError.statusCode).toBe(500);
    // Fastify's default shape, not the plugin's { error: { code, message } }.
    expect(hostError.json()).toMatchObject({ statusCode: 500, message: 'host failure' });
    expect((await app.inject({ method: 'GET', url: '/api/sessions/abc', headers: { 'x-user': 'u' } })).json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    });
  });

  it('runs live interviews for the host’s users over /ws', async () => {
    const app = await embed();
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    await expect(TestWsClient.connect(`${url.replace(/^http/, 'ws')}/ws`)).rejects.toThrow(/401/);
    const client = await TestWsClient.connect(`${url.replace(/^http/, 'ws')}/ws`, { 'x-user': 'ext-user-7' });
    const ack = await client.request('start_interview', { session_type: 'hr', text_only: true, user_id: 'ext-user-7' });
    expect(ack.data).toMatchObject({ status: 'started', use_mock: true });
    await client.waitForEvent('question');
    await client.request('answer_text', { text: 'a lock per thread' });
    await client.request('stop_interview', {});
    await client.waitForEvent('interview_complete');
    await client.close();
    const session = await storage.sessions.get(ack.data!.session_id as number, 'ext-user-7');
    expect(session).toMatchObject({ user_id: 'ext-user-7', status: 'stopped', analysis_valid: true });
  });
});
