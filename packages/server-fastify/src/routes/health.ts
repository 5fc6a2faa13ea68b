import { InterviewKitError } from '@interviewkit/core';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { type Authenticator, defineRoute } from '../http/route';
import type { Storage } from '../storage/storage';

/** Registers `GET /api/health` (liveness) and `GET /api/ready` (the database answers). */
export function registerHealthRoutes(app: FastifyInstance, storage: Storage, authenticate: Authenticator, info: () => Record<string, unknown>): void {
  defineRoute(app, authenticate, {
    method: 'GET',
    url: '/api/health',
    operationId: 'getHealth',
    // Probes poll these from a few addresses; a flood from one is turned away (and never reaches the database).
    rateLimitPerMinute: 600,
    summary: 'Liveness: the process is up',
    tags: ['health'],
    auth: false,
    responses: { 200: z.object({ status: z.literal('ok') }).passthrough() },
    handler: async () => ({ status: 'ok', ...info() }),
  });
  defineRoute(app, authenticate, {
    method: 'GET',
    url: '/api/ready',
    operationId: 'getReadiness',
    rateLimitPerMinute: 600,
    summary: 'Readiness: the database answers',
    tags: ['health'],
    auth: false,
    responses: { 200: z.object({ status: z.literal('ready'), database: z.string() }) },
    handler: async () => {
      if (!(await storage.ping())) throw new InterviewKitError('STORAGE_UNAVAILABLE', 'The database is not reachable');
      return { status: 'ready', database: storage.dialect };
    },
  });
}
