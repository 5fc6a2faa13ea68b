import { InterviewKitError } from '@interviewkit/core';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { bearerToken, verifyToken } from './auth/jwt';
import { errorHandler } from './http/errors';
import type { Authenticator } from './http/route';
import { type BuiltInAuthOptions, registerAuthRoutes } from './routes/auth';
import { registerHealthRoutes } from './routes/health';
import { registerSessionRoutes } from './routes/sessions';
import type { Storage } from './storage/storage';

/**
 * Resolves the caller of a request, as an embedding app does it with its own auth. Return null
 * (or throw) for an anonymous caller. On the WebSocket upgrade the same function is called with
 * the upgrade request.
 */
export type AuthenticateFn = (request: FastifyRequest) => Promise<{ userId: string | number } | null | undefined> | { userId: string | number } | null | undefined;

/** Options of the {@link interviewKit} Fastify plugin. */
export interface InterviewKitPluginOptions {
  storage: Storage;
  /** The embedding app's authentication. When omitted, `auth` (built-in accounts) is required. */
  authenticate?: AuthenticateFn;
  /** Built-in e-mail/password accounts and HS256 bearer tokens (register/login/me routes). */
  auth?: BuiltInAuthOptions;
  /** Extra fields of `GET /api/health`. */
  healthInfo?: () => Record<string, unknown>;
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

/**
 * The InterviewKit Fastify plugin: every documented HTTP endpoint (and, once registered, the
 * `/ws` live interview endpoint). Encapsulated: its error handler answers
 * `{ error: { code, message } }` without touching the host app's other routes.
 *
 * ```ts
 * await app.register(interviewKit, { storage, authenticate: async (req) => ({ userId: req.user.id }) });
 * ```
 */
export async function interviewKit(app: FastifyInstance, options: InterviewKitPluginOptions): Promise<void> {
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
}
