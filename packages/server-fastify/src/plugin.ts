import { InterviewKitError } from '@interviewkit/core';
import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { bearerToken, verifyToken } from './auth/jwt';
import { errorHandler } from './http/errors';
import type { Authenticator } from './http/route';
import { UserRateLimiter } from './http/user-rate-limit';
import { type BuiltInAuthOptions, registerAuthRoutes } from './routes/auth';
import { registerHealthRoutes } from './routes/health';
import { registerSessionRoutes } from './routes/sessions';
import { registerLiveRoutes } from './routes/live';
import { registerMasteryRoutes } from './routes/mastery';
import { registerQuestionRoutes } from './routes/questions';
import { registerResumeRoutes } from './routes/resume';
import { LiveSessionRegistry } from './live/registry';
import type { LiveKeyClaims, RemoteQuestions } from './live/coordinator';
import { type RemoteStopper, StopController } from './live/stop';
import type { ServerPorts } from './ports';
import type { SessionRecord, Storage } from './storage/storage';
import { LiveConnection } from './ws/connection';
import { ConnectionCap } from './ws/connection-cap';
import { registerQuestionAudioRoute } from './routes/question-audio';

/**
 * Resolves the caller of a request, as an embedding app does it with its own auth. Return null
 * (or throw) for an anonymous caller. On the WebSocket upgrade the same function is called with
 * the upgrade request.
 */
export type AuthenticateFn = (
  request: FastifyRequest,
) => Promise<{ userId: string | number } | null | undefined> | { userId: string | number } | null | undefined;

/** Options of the {@link interviewKit} Fastify plugin. */
export interface InterviewKitPluginOptions {
  storage: Storage;
  /** The embedding app's authentication. When omitted, `auth` (built-in accounts) is required. */
  authenticate?: AuthenticateFn;
  /** Built-in e-mail/password accounts and HS256 bearer tokens (register/login/me routes). */
  auth?: BuiltInAuthOptions;
  /** Extra fields of `GET /api/health`. */
  healthInfo?: () => Record<string, unknown>;
  /** Question generation, evaluation, resume parsing, summaries, audio and mastery. */
  ports?: ServerPorts;
  /** Live interview settings. */
  live?: LiveOptions;
  /** Largest resume upload in bytes (default 5 MiB). */
  resumeMaxBytes?: number;
  /**
   * Score only with the server's own questions and evaluations (`ports.questionCatalog`): client
   * reference answers, keywords, concepts and ready-made evaluations are ignored. Default false
   * for the plugin; the standalone server turns it on outside development.
   */
  trustedScoring?: boolean;
  /** Per-user budgets of the costly routes. */
  limits?: {
    /** Answers evaluated per user per minute, over HTTP and in live interviews (default 60; session_summary costs one per answer). */
    evaluationsPerMinute?: number;
    /** Resume uploads per user per minute (default 10). */
    uploadsPerMinute?: number;
    /** Question lists generated per user per minute, over HTTP and by starting interviews (default 20). */
    generationsPerMinute?: number;
  };
}

/** Live interview settings of the plugin. */
export interface LiveOptions {
  /** Id of this instance (stored on the sessions it holds). Random by default. */
  instanceId?: string;
  /** Most delay before logged events are written (ms, default 200). */
  eventFlushMs?: number;
  /** At most one partial transcript per session is written to the log per this many ms (default 1000; 0: every one). */
  partialPersistMs?: number;
  /** Most live sessions held (default 1000). */
  maxLiveSessions?: number;
  /** How long a session without client waits for a resume (ms, default 30 000). */
  reconnectGraceMs?: number;
  /** WebSocket text messages per second per connection (default 50). */
  messagesPerSecond?: number;
  /** Unread bytes a client may leave before it is disconnected with 1008 (default 4 MiB). */
  maxBufferedBytes?: number;
  /** Open WebSocket connections per user (per process); more get a 429 before the upgrade (default 8). */
  connectionsPerUser?: number;
  /** Routes stops to other instances (Redis). */
  remoteStopper?: RemoteStopper;
  /** Whether another living instance holds a live session row (Redis). */
  isHeldElsewhere?: (session: SessionRecord) => Promise<boolean>;
  /** Claims live-session keys across instances (Redis), so two racing starts on different instances cannot both succeed. */
  claims?: LiveKeyClaims;
  /** Reads the questions of live sessions held by other instances (their audio requested here). */
  remoteQuestions?: RemoteQuestions;
  /** Receives the registry once created (graceful shutdown, multi-instance bookkeeping). */
  onRegistry?: (registry: LiveSessionRegistry) => void;
}

/** Builds the authenticator from the options: the app's own, or the built-in bearer tokens. */
export function createAuthenticator(options: Pick<InterviewKitPluginOptions, 'authenticate' | 'auth' | 'storage'>, allowQueryToken = false): Authenticator {
  const custom = options.authenticate;
  if (custom) {
    return async (request) => {
      let identity: { userId: string | number } | null | undefined;
      try {
        identity = await custom(request);
      } catch (error) {
        if (InterviewKitError.isInstance(error)) throw error;
        throw new InterviewKitError('UNAUTHENTICATED', 'Authentication required', { cause: error });
      }
      if (!identity || identity.userId === undefined || identity.userId === null || String(identity.userId) === '') {
        throw new InterviewKitError('UNAUTHENTICATED', 'Authentication required');
      }
      return String(identity.userId);
    };
  }
  const auth = options.auth;
  if (!auth) throw new InterviewKitError('CONFIG_MISSING', 'interviewKit needs either `authenticate` (your own auth) or `auth.jwtSecret` (built-in accounts)');
  return async (request) => {
    let token = bearerToken(request.headers.authorization);
    if (token === null && allowQueryToken) {
      const q = (request.query as Record<string, unknown> | undefined)?.token;
      if (typeof q === 'string' && q.length > 0) token = q;
    }
    if (token === null) throw new InterviewKitError('UNAUTHENTICATED', 'Missing or invalid token');
    const claims = verifyToken(token, auth.jwtSecret);
    const id = Number(claims.sub);
    // A token of a deleted account is no longer valid.
    if (!Number.isSafeInteger(id) || !(await options.storage.users.findById(id))) throw new InterviewKitError('UNAUTHENTICATED', 'User not found');
    return claims.sub;
  };
}

/** The Fastify versions the plugin supports (fastify-plugin checks it at registration). */
export const SUPPORTED_FASTIFY = '5.x';

async function interviewKitPlugin(app: FastifyInstance, options: InterviewKitPluginOptions): Promise<void> {
  if (!options.storage) throw new InterviewKitError('CONFIG_MISSING', 'interviewKit needs `storage` (see createStorage)');
  const authenticate = createAuthenticator(options);

  app.setErrorHandler(errorHandler);
  // Inputs are validated by the zod schemas in each handler; the JSON Schemas on the routes
  // only document them (OpenAPI). Responses are serialised as they are.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => new InterviewKitError('RATE_LIMITED', `Too many requests; retry in ${context.after}`),
  });

  registerHealthRoutes(app, options.storage, authenticate, options.healthInfo ?? (() => ({})));
  if (options.auth && !options.authenticate) registerAuthRoutes(app, options.storage, authenticate, options.auth);
  registerSessionRoutes(app, options.storage, authenticate);

  const live = options.live ?? {};
  const ports = options.ports ?? missingPorts();
  const resumeMaxBytes = options.resumeMaxBytes ?? 5 * 1024 * 1024;
  if (!app.hasContentTypeParser('multipart/form-data')) {
    await app.register(multipart, { limits: { fileSize: resumeMaxBytes, files: 1 } });
  }
  const trustedScoring = options.trustedScoring ?? false;
  // One budget per account for every answer evaluated: over HTTP and in live interviews.
  const evaluations = new UserRateLimiter(options.limits?.evaluationsPerMinute ?? 60, 'answer evaluations');
  // And one for every question list generated: over HTTP and for each interview started.
  const generations = new UserRateLimiter(options.limits?.generationsPerMinute ?? 20, 'question generations');
  registerQuestionRoutes(app, options.storage, authenticate, ports, { trustedScoring, limiter: evaluations, generations });
  registerResumeRoutes(
    app,
    options.storage,
    authenticate,
    ports,
    resumeMaxBytes,
    new UserRateLimiter(options.limits?.uploadsPerMinute ?? 10, 'resume uploads'),
  );
  registerMasteryRoutes(app, options.storage, authenticate);
  const registry = new LiveSessionRegistry({
    storage: options.storage,
    ports,
    log: app.log,
    instanceId: live.instanceId ?? randomUUID(),
    flushMs: live.eventFlushMs ?? 200,
    ...(live.partialPersistMs !== undefined ? { partialPersistMs: live.partialPersistMs } : {}),
    maxLiveSessions: live.maxLiveSessions ?? 1000,
    reconnectGraceMs: live.reconnectGraceMs ?? 30_000,
    trustedScoring,
    ...(app.prefix ? { routePrefix: app.prefix } : {}),
    ...(live.isHeldElsewhere ? { isHeldElsewhere: live.isHeldElsewhere } : {}),
    ...(live.claims ? { claims: live.claims } : {}),
  });
  live.onRegistry?.(registry);
  const stopper = new StopController(registry, options.storage, live.remoteStopper);
  registerLiveRoutes(app, authenticate, stopper);
  registerQuestionAudioRoute(app, authenticate, options.storage, registry, ports, live.remoteQuestions);

  if (!app.hasDecorator('websocketServer')) {
    // Larger than any accepted frame, so oversized frames get an error event, not a dropped connection.
    await app.register(websocket, { options: { maxPayload: 1024 * 1024 } });
  }
  const wsAuthenticate = createAuthenticator(options, true);
  const userIds = new WeakMap<FastifyRequest, string>();
  const connectionCap = new ConnectionCap(live.connectionsPerUser ?? 8);
  app.route({
    method: 'GET',
    url: '/ws',
    schema: { hide: true },
    // Authenticated before the upgrade: a bad token is a 401, and no frame can arrive unauthenticated.
    preValidation: async (request) => {
      const userId = await wsAuthenticate(request);
      connectionCap.check(userId);
      userIds.set(request, userId);
    },
    handler: async (_request, reply) => reply.status(426).send({ error: { code: 'INVALID_STATE', message: 'Upgrade to a WebSocket' } }),
    wsHandler: (socket, request) => {
      const userId = userIds.get(request);
      if (userId === undefined) {
        socket.close(1008, 'unauthenticated');
        return;
      }
      if (!connectionCap.take(userId)) {
        socket.close(1008, 'too many connections for this account');
        return;
      }
      socket.once('close', () => connectionCap.release(userId));
      new LiveConnection(
        socket,
        userId,
        registry,
        stopper,
        {
          messagesPerSecond: live.messagesPerSecond ?? 50,
          reconnectGraceMs: live.reconnectGraceMs ?? 30_000,
          ...(live.maxBufferedBytes ? { maxBufferedBytes: live.maxBufferedBytes } : {}),
          evaluations,
          generations,
        },
        request.log,
      );
    },
  });

  // Before the server closes (and before storage is closed in onClose): finalise every live session.
  app.addHook('preClose', async () => {
    await registry.stopAll('shutdown');
  });
}

/**
 * The InterviewKit Fastify plugin: every documented HTTP endpoint (and, once registered, the
 * `/ws` live interview endpoint). Encapsulated: its error handler answers
 * `{ error: { code, message } }` without touching the host app's other routes. It carries
 * fastify-plugin metadata (name `@interviewkit/server-fastify`, Fastify {@link SUPPORTED_FASTIFY}):
 * registering it on another Fastify major fails at once with a clear error.
 *
 * ```ts
 * await app.register(interviewKit, { storage, authenticate: async (req) => ({ userId: req.user.id }) });
 * ```
 */
export const interviewKit: FastifyPluginAsync<InterviewKitPluginOptions> = fastifyPlugin(interviewKitPlugin, {
  name: '@interviewkit/server-fastify',
  fastify: SUPPORTED_FASTIFY,
  // Metadata only: the plugin keeps its own scope (error handler, validators, rate limits).
  encapsulate: true,
});

function missingPorts(): ServerPorts {
  const missing = (): never => {
    throw new InterviewKitError('CONFIG_MISSING', 'interviewKit was registered without `ports` (question generator, evaluator, summarizer, resume parser)');
  };
  const identity = { specificationVersion: 'v1', provider: 'missing', modelId: 'missing' } as const;
  return {
    evaluator: { id: 'missing', evaluate: async () => missing() },
    questionGenerator: { ...identity, generate: async () => missing() },
    resumeParser: { ...identity, parse: async () => missing() },
    summarizer: { ...identity, summarize: async () => missing() },
  };
}
