import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import { parseWith } from './errors';
import type { UserRateLimiter } from './user-rate-limit';

/** Converts a zod schema to the OpenAPI 3.0 JSON Schema shown in the docs. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
}

/** What a route handler receives: validated body, query and params, and the caller's id. */
export interface RouteContext<B, Q, P> {
  request: FastifyRequest;
  reply: FastifyReply;
  body: B;
  query: Q;
  params: P;
  /** The authenticated user's id ("" on public routes). */
  userId: string;
}

/** A route described by zod schemas: they validate the input and generate the OpenAPI document. */
export interface RouteSpec<B, Q, P> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  /** Whether a bearer token (or the embedding app's authenticate) is required. Default true. */
  auth?: boolean;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Success responses by status code (documentation only; not used to filter output). */
  responses?: Record<number, z.ZodType>;
  /** Multipart or other non-JSON body, documented by hand. */
  consumes?: string[];
  /** Per-route rate limit (requests per minute per IP). */
  rateLimitPerMinute?: number;
  /** Per-user budget, taken after authentication and validation (`cost` of this request, default 1). */
  userRateLimit?: { limiter: UserRateLimiter; cost?: (body: B) => number };
  bodyLimit?: number;
  handler: (ctx: RouteContext<B, Q, P>) => Promise<unknown>;
}

/** Resolves the caller's user id or raises `UNAUTHENTICATED`. */
export type Authenticator = (request: FastifyRequest) => Promise<string>;

/** Registers a route whose body, query and params are validated by zod before the handler runs. */
export function defineRoute<B = undefined, Q = undefined, P = undefined>(app: FastifyInstance, authenticate: Authenticator, spec: RouteSpec<B, Q, P>): void {
  const needsAuth = spec.auth !== false;
  const schema: Record<string, unknown> = { summary: spec.summary, tags: spec.tags };
  if (spec.body) schema.body = openApiSchema(spec.body, 'input');
  if (spec.query) schema.querystring = openApiSchema(spec.query, 'input');
  if (spec.params) schema.params = openApiSchema(spec.params, 'input');
  if (spec.consumes) schema.consumes = spec.consumes;
  if (needsAuth) schema.security = [{ bearerAuth: [] }];
  if (spec.responses) {
    schema.response = Object.fromEntries(Object.entries(spec.responses).map(([status, s]) => [status, openApiSchema(s, 'output')]));
  }
  const route: RouteOptions = {
    method: spec.method,
    url: spec.url,
    schema,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    ...(spec.rateLimitPerMinute ? { config: { rateLimit: { max: spec.rateLimitPerMinute, timeWindow: 60_000 } } } : {}),
    handler: async (request, reply) => {
      const userId = needsAuth ? await authenticate(request) : '';
      const body = spec.body ? parseWith(spec.body, request.body ?? {}, 'request body') : (undefined as B);
      const query = spec.query ? parseWith(spec.query, request.query ?? {}, 'query') : (undefined as Q);
      const params = spec.params ? parseWith(spec.params, request.params ?? {}, 'path parameters') : (undefined as P);
      if (spec.userRateLimit) spec.userRateLimit.limiter.take(userId, spec.userRateLimit.cost?.(body) ?? 1);
      const result = await spec.handler({ request, reply, body, query, params, userId });
      if (reply.sent) return reply;
      return result;
    },
  };
  app.route(route);
}
