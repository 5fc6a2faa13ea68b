import { InterviewKitError } from '@interviewkit/core';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { signToken } from '../auth/jwt';
import { DEFAULT_PASSWORD_PARAMS, hashPassword, type PasswordHashParams, verifyPassword } from '../auth/password';
import { type Authenticator, defineRoute } from '../http/route';
import type { Storage, User } from '../storage/storage';
import { RegisterBodySchema, LoginBodySchema, UserSchema, AuthResponseSchema } from '@interviewkit/core';

export { RegisterBodySchema, LoginBodySchema, UserSchema, AuthResponseSchema };

/** Options of the built-in e-mail + password accounts. */
export interface BuiltInAuthOptions {
  /** HS256 secret, at least 32 characters. */
  jwtSecret: string;
  /** Token lifetime in seconds (default 24 h). */
  ttlSeconds?: number;
  /** Login and register attempts per IP per minute (default 10). */
  rateLimitPerMinute?: number;
  /** scrypt cost (tests lower it). */
  passwordParams?: PasswordHashParams;
}

/** Registers register / login / me. */
export function registerAuthRoutes(app: FastifyInstance, storage: Storage, authenticate: Authenticator, options: BuiltInAuthOptions): void {
  const ttl = options.ttlSeconds ?? 24 * 3600;
  const params = options.passwordParams ?? DEFAULT_PASSWORD_PARAMS;
  const rate = options.rateLimitPerMinute ?? 10;
  const issue = (user: User) => ({ token: signToken(String(user.id), options.jwtSecret, ttl), user });
  // A hash to verify against when the e-mail is unknown, so both cases take the same time.
  const dummyHash = hashPassword('not-a-real-password', params);

  defineRoute(app, authenticate, {
    method: 'POST',
    url: '/api/auth/register',
    operationId: 'register',
    summary: 'Create an account; answers a bearer token and the user',
    tags: ['auth'],
    auth: false,
    body: RegisterBodySchema,
    responses: { 201: AuthResponseSchema },
    errors: [409],
    rateLimitPerMinute: rate,
    handler: async ({ body, reply }) => {
      // One scrypt on every path (a hash for a new account, a verification for a known e-mail),
      // so the answer's timing does not tell whether the address is registered; registering
      // again with the account's own password is a sign-in, answered exactly like a new account.
      const existing = await storage.users.findByEmail(body.email);
      if (existing) {
        if (await verifyPassword(body.password, existing.passwordHash)) {
          reply.status(201);
          return issue(existing.user);
        }
        throw new InterviewKitError('CONFLICT', 'Registration failed: choose another e-mail address, or log in if the account is yours');
      }
      const passwordHash = await hashPassword(body.password, params);
      const user = await storage.users.create({ email: body.email, passwordHash, name: body.name ?? null });
      reply.status(201);
      return issue(user);
    },
  });

  defineRoute(app, authenticate, {
    method: 'POST',
    url: '/api/auth/login',
    operationId: 'login',
    summary: 'Log in with e-mail and password; answers a bearer token and the user',
    tags: ['auth'],
    auth: false,
    body: LoginBodySchema,
    responses: { 200: AuthResponseSchema },
    // A wrong e-mail or password is a 401 here, though the route needs no token.
    errors: [401],
    rateLimitPerMinute: rate,
    handler: async ({ body }) => {
      const found = await storage.users.findByEmail(body.email);
      const ok = await verifyPassword(body.password, found?.passwordHash ?? (await dummyHash));
      if (!found || !ok) throw new InterviewKitError('UNAUTHENTICATED', 'Invalid e-mail or password');
      return issue(found.user);
    },
  });

  defineRoute(app, authenticate, {
    method: 'GET',
    url: '/api/auth/me',
    operationId: 'getMe',
    summary: 'The authenticated user',
    tags: ['auth'],
    responses: { 200: z.object({ user: UserSchema }) },
    handler: async ({ userId }) => {
      const user = await storage.users.findById(Number(userId));
      if (!user) throw new InterviewKitError('UNAUTHENTICATED', 'User not found');
      return { user };
    },
  });
}
