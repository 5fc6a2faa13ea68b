import type { LightMyRequestResponse } from 'fastify';
import { createServer, type InterviewKitServer } from '../server';
import type { ServerConfigInput } from '../config';
import type { TestDb } from './dbs';
import type { CreateServerOptions } from '../server';
import { testPorts } from './ports';

export const TEST_SECRET = 'test-secret-'.padEnd(48, 'x');
/** Cheap scrypt for tests (production uses 2^15). */
export const TEST_PASSWORD_PARAMS = { N: 2 ** 10, r: 8, p: 1 };

export interface TestServer {
  server: InterviewKitServer;
  cleanup(): Promise<void>;
}

/** A server on a fresh database of `db`, not listening (use app.inject). */
export async function startTestServer(db: TestDb, config: ServerConfigInput = {}, options: CreateServerOptions = {}): Promise<TestServer> {
  const created = await db.create();
  const server = await createServer(
    { env: 'test', jwtSecret: TEST_SECRET, logLevel: 'silent', databaseUrl: created.url, port: 0, eventFlushMs: 20, ...config },
    { storage: created.storage, passwordParams: TEST_PASSWORD_PARAMS, ports: testPorts(), ...options },
  );
  await server.app.ready();
  return {
    server,
    async cleanup() {
      await server.close();
      await created.cleanup();
    },
  };
}

/** Registers a user and returns its token and id. */
export async function registerUser(server: InterviewKitServer, email: string): Promise<{ token: string; id: number; auth: { authorization: string } }> {
  const res = await server.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, password: 'password123' } });
  if (res.statusCode !== 201) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ token: string; user: { id: number } }>();
  return { token: body.token, id: body.user.id, auth: { authorization: `Bearer ${body.token}` } };
}

export function errorOf(res: LightMyRequestResponse): { status: number; code: string; message: string } {
  const body = res.json<{ error: { code: string; message: string } }>();
  return { status: res.statusCode, code: body.error.code, message: body.error.message };
}
