import { ERROR_CODES, ErrorResponseSchema } from '@interviewkit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import * as z from 'zod';
import { parseWith } from './errors';
import type { UserRateLimiter } from './user-rate-limit';

/** Converts a zod schema to the OpenAPI 3.0 JSON Schema shown in the docs. */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;
  return io === 'output' ? (simplifyUnions(json) as Record<string, unknown>) : json;
}

/**
 * In an output schema a transform's result cannot be described and comes out as `{}` ("any"):
 * `z.union([z.string().transform(toKeyword), KeywordSchema])` documents as `anyOf: [{}, Keyword]`,
 * which matches anything. The transform produces what its siblings describe, so such members are
 * dropped (and repeated members merged); a union of one is that member.
 */
function simplifyUnions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplifyUnions);
  if (typeof node !== 'object' || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = simplifyUnions(value);
  for (const key of ['anyOf', 'oneOf'] as const) {
    const members = out[key];
    if (!Array.isArray(members)) continue;
    const seen = new Set<string>();
    const kept = members.filter((m) => {
      const text = JSON.stringify(m);
      if (text === '{}' || seen.has(text)) return false;
      seen.add(text);
      return true;
    });
    if (kept.length === 0) continue;
    delete out[key];
    if (kept.length === 1) Object.assign(out, kept[0]);
    else out[key] = kept;
  }
  return out;
}

/** The `title` of the shared error schema; the served document defines it once (see `shareErrorSchema`). */
export const ERROR_SCHEMA_TITLE = 'ErrorResponse';

/** Every route can answer these: an unexpected error, and the database being unavailable. */
const ALWAYS = [500, 503];

/** An error response of the OpenAPI document: the shared `{ error: { code, message } }` schema and the codes of that status. */
export function errorResponse(status: number): Record<string, unknown> {
  const codes = Object.entries(ERROR_CODES).flatMap(([code, s]) => (s === status ? [code] : []));
  return { ...openApiSchema(ErrorResponseSchema, 'output'), title: ERROR_SCHEMA_TITLE, description: `Error: ${codes.join(', ') || `HTTP ${status}`}` };
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
  /** The operation's unique id in the OpenAPI document (what generated clients call it). */
  operationId: string;
  summary: string;
  tags: string[];
  /** Whether a bearer token (or the embedding app's authenticate) is required. Default true. */
  auth?: boolean;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Success responses by status code (documentation only; not used to filter output). */
  responses?: Record<number, z.ZodType>;
  /** Responses described by hand in OpenAPI terms (a binary body, an empty 304). */
  otherResponses?: Record<number, Record<string, unknown>>;
  /**
   * Error statuses of this route besides those every route documents: 400 when it takes input,
   * 401 when it needs a token, 429 with a rate limit, 500 and 503. Each is documented with the
   * shared error schema.
   */
  errors?: number[];
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
  const schema: Record<string, unknown> = { operationId: spec.operationId, summary: spec.summary, tags: spec.tags };
  if (spec.body) schema.body = openApiSchema(spec.body, 'input');
  if (spec.query) schema.querystring = openApiSchema(spec.query, 'input');
  if (spec.params) schema.params = openApiSchema(spec.params, 'input');
  if (spec.consumes) schema.consumes = spec.consumes;
  // Public routes say so (`security: []`) rather than leaving it unsaid.
  schema.security = needsAuth ? [{ bearerAuth: [] }] : [];
  const takesInput = Boolean(spec.body || spec.query || spec.params || spec.consumes);
  const errors = new Set([
    ...(takesInput ? [400] : []),
    ...(needsAuth ? [401] : []),
    ...(spec.rateLimitPerMinute || spec.userRateLimit ? [429] : []),
    ...(spec.errors ?? []),
    ...ALWAYS,
  ]);
  schema.response = {
    ...Object.fromEntries(Object.entries(spec.responses ?? {}).map(([status, s]) => [status, openApiSchema(s, 'output')])),
    ...spec.otherResponses,
    ...Object.fromEntries([...errors].sort((a, b) => a - b).map((status) => [status, errorResponse(status)])),
  };
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
