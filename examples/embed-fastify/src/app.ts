import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createStorage, defaultPorts, interviewKit, loadConfig, type Storage } from '@interviewkit/server-fastify';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';

/**
 * "Your" app: it has its own users, its own login and its own opaque session tokens. InterviewKit
 * is mounted under `/interview` and trusts the app's authentication through `authenticate`.
 */
export interface AcmeApp {
  app: FastifyInstance;
  storage: Storage;
  /** The app's users (a real app has a database; a map keeps the example short). */
  users: Map<string, { id: string; password: string; name: string }>;
}

/** Options of {@link buildAcmeApp}. */
export interface AcmeAppOptions {
  /** InterviewKit's database (default: in memory). */
  databaseUrl?: string;
  logger?: boolean;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function buildAcmeApp(options: AcmeAppOptions = {}): Promise<AcmeApp> {
  const app = Fastify({ logger: options.logger ?? false });
  const users = new Map([['grace', { id: 'acme-user-1', password: 'cobol-forever', name: 'Grace' }]]);
  const sessions = new Map<string, string>(); // token -> user id

  // --- The app's own routes and auth --------------------------------------------------------
  app.get('/hello', async () => ({ hello: 'from the host app' }));
  app.post<{ Body: { username?: string; password?: string } }>('/login', async (request, reply) => {
    const user = users.get(String(request.body?.username ?? ''));
    if (!user || !sameSecret(user.password, String(request.body?.password ?? ''))) return reply.status(401).send({ message: 'bad credentials' });
    const token = randomBytes(24).toString('base64url');
    sessions.set(token, user.id);
    return { token };
  });

  /** The app's authentication: its bearer token, or `?token=` on the WebSocket upgrade (browsers cannot set headers there). */
  const authenticate = (request: FastifyRequest): { userId: string } | null => {
    const header = request.headers.authorization;
    const fromHeader = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    const fromQuery = request.url.split('?')[0]!.endsWith('/ws') ? (request.query as { token?: string }).token : undefined;
    const userId = sessions.get(fromHeader ?? fromQuery ?? '');
    return userId ? { userId } : null;
  };

  // --- InterviewKit, mounted under /interview --------------------------------------------------
  const storage = await createStorage(options.databaseUrl ?? ':memory:');
  await app.register(interviewKit, {
    prefix: '/interview',
    storage,
    authenticate,
    // The offline defaults (question bank, offline evaluator, mock transcriber), or OpenAI and
    // AssemblyAI when their keys are in the environment. Pass your own ports to change any of
    // them. (NODE_ENV is pinned: JWT_SECRET is unused here, the auth is the app's own.)
    ports: defaultPorts(loadConfig({ ...process.env, NODE_ENV: 'development' })),
  });
  app.addHook('onClose', async () => storage.close());
  return { app, storage, users };
}
