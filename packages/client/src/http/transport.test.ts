import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hasErrorCode, type InterviewKitError } from '@interviewkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { Transport } from './transport';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

async function fakeServer(
  handler: Handler,
): Promise<{ url: string; hits: Array<{ method: string; url: string; auth?: string; body: string }>; close: () => Promise<void> }> {
  const hits: Array<{ method: string; url: string; auth?: string; body: string }> = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ method: req.method!, url: req.url!, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const Ok = z.object({ ok: z.literal(true) });
const transport = (baseUrl: string, overrides: Partial<ConstructorParameters<typeof Transport>[0]> = {}): Transport =>
  new Transport({ baseUrl, token: () => 'tok', fetch: globalThis.fetch, timeoutMs: 2000, maxRetries: 2, retryBaseMs: 1, headers: {}, ...overrides });

describe('Transport', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });

  it('retries idempotent requests on 503 and 429, honouring Retry-After, then succeeds', async () => {
    let n = 0;
    const s = await fakeServer((_req, res) => {
      n++;
      if (n === 1) return json(res, 503, { error: { code: 'STORAGE_UNAVAILABLE', message: 'db down' } });
      if (n === 2) return json(res, 429, { error: { code: 'RATE_LIMITED', message: 'slow down' } }, { 'retry-after': '0' });
      json(res, 200, { ok: true });
    });
    closers.push(s.close);
    expect(await transport(s.url).request({ method: 'GET', path: '/api/x', response: Ok })).toEqual({ ok: true });
    expect(s.hits).toHaveLength(3);
    expect(s.hits[0]!.auth).toBe('Bearer tok');
  });

  it('never retries a POST, and gives up on GET after maxRetries with the last error', async () => {
    const s = await fakeServer((_req, res) => json(res, 503, { error: { code: 'STORAGE_UNAVAILABLE', message: 'db down' } }));
    closers.push(s.close);
    const post = await transport(s.url)
      .request({ method: 'POST', path: '/api/x', json: { a: 1 }, response: Ok })
      .catch((e: unknown) => e);
    expect(hasErrorCode(post, 'STORAGE_UNAVAILABLE')).toBe(true);
    expect(s.hits).toHaveLength(1);
    expect(s.hits[0]!.body).toBe('{"a":1}');
    const get = await transport(s.url)
      .request({ method: 'GET', path: '/api/x', response: Ok })
      .catch((e: unknown) => e);
    expect(hasErrorCode(get, 'STORAGE_UNAVAILABLE')).toBe(true);
    expect((get as InterviewKitError).statusCode).toBe(503);
    expect(s.hits).toHaveLength(4);
  });

  it('does not retry client errors and maps bodies without a code by status', async () => {
    const s = await fakeServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('nope');
    });
    closers.push(s.close);
    const e = await transport(s.url)
      .request({ method: 'GET', path: '/missing', response: Ok })
      .catch((x: unknown) => x);
    expect(hasErrorCode(e, 'NOT_FOUND')).toBe(true);
    expect(s.hits).toHaveLength(1);
  });

  it('reports a timeout as TIMEOUT and a body of the wrong shape or not JSON as typed errors', async () => {
    const s = await fakeServer((req, res) => {
      if (req.url === '/slow') return setTimeout(() => json(res, 200, { ok: true }), 1500);
      if (req.url === '/shape') return json(res, 200, { ok: 'yes' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{not json');
    });
    closers.push(s.close);
    const t = transport(s.url, { maxRetries: 0 });
    expect(hasErrorCode(await t.request({ method: 'GET', path: '/slow', response: Ok }, { timeoutMs: 100 }).catch((e: unknown) => e), 'TIMEOUT')).toBe(true);
    const shape = await t.request({ method: 'GET', path: '/shape', response: Ok }).catch((e: unknown) => e);
    expect(hasErrorCode(shape, 'VALIDATION_FAILED')).toBe(true);
    expect((shape as InterviewKitError).details).toMatchObject({ issues: [{ path: 'ok' }] });
    expect(hasErrorCode(await t.request({ method: 'GET', path: '/garbage', response: Ok }).catch((e: unknown) => e), 'MALFORMED_JSON')).toBe(true);
  });

  it('reports an unreachable server as PROVIDER_UNAVAILABLE after retrying, and an abort as ABORTED', async () => {
    const s = await fakeServer((_req, res) => setTimeout(() => json(res, 200, { ok: true }), 1000));
    const url = s.url;
    const controller = new AbortController();
    const pending = transport(url).request({ method: 'GET', path: '/x', response: Ok }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(hasErrorCode(await pending.catch((e: unknown) => e), 'ABORTED')).toBe(true);
    await s.close();
    const down = await transport(url)
      .request({ method: 'GET', path: '/x', response: Ok })
      .catch((e: unknown) => e);
    expect(hasErrorCode(down, 'PROVIDER_UNAVAILABLE')).toBe(true);
  });
});
