import { randomBytes } from 'node:crypto';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { type ServerConfig, type ServerConfigInput, resolveConfig } from './config';
import { errorHandler, notFoundHandler } from './http/errors';
import { shareErrorSchema } from './http/openapi';
import { registerWebApp, resolveWebRoot } from './http/web-app';
import { interviewKit } from './plugin';
import type { PasswordHashParams } from './auth/password';
import type { LiveCoordinator } from './live/coordinator';
import { recoverOrphanedSessions } from './live/recover';
import { RedisCoordinator } from './live/redis-coordinator';
import type { LiveSessionRegistry } from './live/registry';
import type { ServerPorts } from './ports';
import { createStorage, type Storage } from './storage/storage';
import { VERSION } from './version';

/** Options of {@link createServer} besides the configuration. */
export interface CreateServerOptions {
  /** Use this storage instead of opening `databaseUrl`. */
  storage?: Storage;
  /** PostgreSQL schema to use (tests). */
  pgSchema?: string;
  /** scrypt cost (tests lower it). */
  passwordParams?: PasswordHashParams;
  /** A pino destination/stream for logs (tests capture them). */
  logStream?: NodeJS.WritableStream;
  /** Question generation, evaluation, resume parsing, summaries, audio and mastery. */
  ports?: ServerPorts;
  /** Finalise live sessions left over from a previous process at start (default true). */
  recoverOnStart?: boolean;
  /** How long a session without client waits for a resume (ms, default 30 000). */
  reconnectGraceMs?: number;
  /** Redis key prefix (default `ik:`; tests isolate runs with it). */
  redisPrefix?: string;
  /** How long an instance counts as alive after its last Redis heartbeat (ms, default 15 000). */
  heartbeatTtlMs?: number;
  /**
   * Creates the coordinator of this server with the other processes on its database (the
   * workers of `interviewkit-server --workers N` pass the cluster one). Default: a
   * `RedisCoordinator` with `REDIS_URL`, none without.
   */
  coordinator?: (context: { instanceId: string; storage: Storage; log: FastifyBaseLogger }) => LiveCoordinator;
  /** Run the database migrations at start (default true; a cluster's primary runs them once for its workers). */
  migrate?: boolean;
}

/** A created (not yet listening) server. */
export interface InterviewKitServer {
  app: FastifyInstance;
  config: ServerConfig;
  storage: Storage;
  /** Starts listening on `config.host:config.port`; resolves with the address. */
  listen(): Promise<string>;
  /** Stops accepting connections, finalises live sessions and closes storage. */
  close(): Promise<void>;
}

/**
 * Security headers (helmet): `nosniff`, `frame-ancestors 'none'` / `X-Frame-Options: DENY`, no
 * referrer, HSTS, and a Content-Security-Policy that allows only this origin — plus the inline
 * script and style hashes of the docs UI (`swaggerCSP`) when `/docs` is served. No
 * `upgrade-insecure-requests`: the server is often reached over plain http on loopback.
 */
export function securityHeaders(swaggerCSP: { script: string[]; style: string[] } | null): Parameters<typeof helmet>[1] {
  return {
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(swaggerCSP?.script ?? [])],
        styleSrc: ["'self'", ...(swaggerCSP ? ['https:', ...swaggerCSP.style] : [])],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  };
}

/** Replaces the value of a `token` query parameter with `[redacted]`. */
export function redactTokenInUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

/** Builds the reference server from a configuration (validated here). */
export async function createServer(input: ServerConfigInput = {}, options: CreateServerOptions = {}): Promise<InterviewKitServer> {
  const config = resolveConfig(input);
  // Before anything is opened: a missing web build stops the start with a message naming WEB_ROOT.
  const webRoot = config.webRoot ? resolveWebRoot(config.webRoot) : null;
  const logger =
    config.logLevel === 'silent'
      ? false
      : {
          level: config.logLevel,
          redact: ['req.headers.authorization'],
          // Browsers pass the WebSocket token in the query string: never log it.
          serializers: {
            req: (request: { method: string; url: string; hostname?: string; ip?: string; id?: string }) => ({
              method: request.method,
              url: redactTokenInUrl(request.url),
              hostname: request.hostname,
              remoteAddress: request.ip,
            }),
          },
          ...(options.logStream ? { stream: options.logStream } : {}),
        };
  const app = Fastify({ logger, bodyLimit: config.bodyLimit, return503OnClosing: true });
  const storage =
    options.storage ??
    (await createStorage(config.databaseUrl, {
      ...(options.pgSchema ? { pgSchema: options.pgSchema } : {}),
      ...(options.migrate === false ? { migrate: false } : {}),
      ...(config.databasePoolSize !== undefined ? { poolSize: config.databasePoolSize } : {}),
      onWarning: ({ message, ...row }) => app.log.warn({ storage: row }, message),
    }));
  let jwtSecret = config.jwtSecret;
  if (jwtSecret === undefined) {
    jwtSecret = randomBytes(32).toString('hex');
    // Only development and test get here (resolveConfig refuses production): expected, so not a warning.
    app.log.info('JWT_SECRET is not set: using a random per-process secret (development only; tokens die with the process)');
  }

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  await app.register(cors, { origin: config.corsOrigins.length === 0 ? false : config.corsOrigins, credentials: !config.corsOrigins.includes('*') });
  if (config.docs) {
    await app.register(swagger, {
      openapi: {
        info: {
          title: 'InterviewKit API',
          version: VERSION,
          description:
            'Live voice mock interviews: sessions, questions, evaluation, metrics. Errors are always `{ "error": { "code", "message" } }` with the status of the code.',
          license: { name: 'MIT', url: 'https://opensource.org/licenses/MIT' },
        },
        // Relative: the document describes whichever host and port serve it.
        servers: [{ url: '/', description: 'This server' }],
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      },
      transformObject: (document) =>
        'openapiObject' in document ? shareErrorSchema(document.openapiObject as Record<string, unknown>) : document.swaggerObject,
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  }
  await app.register(helmet, securityHeaders(config.docs ? app.swaggerCSP : null));
  if (options.recoverOnStart !== false && !config.redisUrl && !options.coordinator) {
    // One instance: every session still marked live was held by a previous process.
    const recovered = await recoverOrphanedSessions(storage, () => true);
    if (recovered.length > 0) app.log.info({ sessions: recovered }, 'finalised live sessions left by a previous process from their event logs');
  }
  let registry: LiveSessionRegistry | null = null;
  const instanceId = config.instanceId ?? randomBytes(8).toString('hex');
  const coordinator: LiveCoordinator | null = options.coordinator
    ? options.coordinator({ instanceId, storage, log: app.log })
    : config.redisUrl
      ? new RedisCoordinator({
          url: config.redisUrl,
          instanceId,
          storage,
          log: app.log,
          ...(options.redisPrefix ? { prefix: options.redisPrefix } : {}),
          ...(options.heartbeatTtlMs ? { heartbeatTtlMs: options.heartbeatTtlMs } : {}),
        })
      : null;
  await app.register(interviewKit, {
    storage,
    auth: {
      jwtSecret,
      ttlSeconds: config.jwtTtlSeconds,
      rateLimitPerMinute: config.authRateLimitPerMinute,
      ...(options.passwordParams ? { passwordParams: options.passwordParams } : {}),
    },
    healthInfo: () => ({ version: VERSION, live_sessions: registry?.size ?? 0 }),
    ...(options.ports ? { ports: options.ports } : {}),
    resumeMaxBytes: config.resumeMaxBytes,
    trustedScoring: config.trustedScoring,
    limits: {
      evaluationsPerMinute: config.evaluationRateLimitPerMinute,
      uploadsPerMinute: config.uploadRateLimitPerMinute,
      generationsPerMinute: config.generationRateLimitPerMinute,
    },
    live: {
      instanceId,
      ...(coordinator
        ? { remoteStopper: coordinator, isHeldElsewhere: (session) => coordinator.isHeldElsewhere(session), claims: coordinator, remoteQuestions: coordinator }
        : {}),
      eventFlushMs: config.eventFlushMs,
      partialPersistMs: config.partialPersistMs,
      maxLiveSessions: config.maxLiveSessions,
      messagesPerSecond: config.wsMessagesPerSecond,
      maxBufferedBytes: config.wsMaxBufferedBytes,
      connectionsPerUser: config.wsConnectionsPerUser,
      ...(options.reconnectGraceMs !== undefined ? { reconnectGraceMs: options.reconnectGraceMs } : {}),
      onRegistry: (r) => {
        registry = r;
      },
    },
  });
  if (webRoot) await registerWebApp(app, webRoot);
  if (coordinator) {
    app.addHook('onReady', async () => {
      await coordinator.start(registry!);
      if (options.recoverOnStart !== false) {
        const recovered = await coordinator.recoverOrphans();
        if (recovered.length > 0) app.log.info({ sessions: recovered }, 'finalised live sessions of vanished instances from their event logs');
      }
    });
  }
  app.addHook('preClose', async () => {
    // Live interviews first (their last answers are still evaluated), then the ports' sandboxes:
    // queued and running work (an attacker's runaway queries) ends now, not at the forced exit.
    await registry?.stopAll('shutdown');
    await options.ports?.close?.();
  });
  app.addHook('onClose', async () => {
    await coordinator?.close();
    if (!options.storage) await storage.close();
  });

  return {
    app,
    config,
    storage,
    listen: () => app.listen({ port: config.port, host: config.host }),
    close: () => app.close(),
  };
}
