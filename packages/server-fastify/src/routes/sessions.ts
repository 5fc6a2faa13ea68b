import { errorBody, InterviewKitError, replay, type ResearchMetrics } from '@interviewkit/core';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { type Authenticator, defineRoute } from '../http/route';
import type { SessionRecord, Storage } from '../storage/storage';
import {
  ListSessionsQuerySchema,
  SessionListItemSchema,
  ListSessionsResponseSchema,
  SessionDetailResponseSchema,
  SessionEventsResponseSchema,
} from '@interviewkit/core';

export { ListSessionsQuerySchema, SessionListItemSchema, ListSessionsResponseSchema };

export const SessionIdParamsSchema = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export function encodeCursor(id: number): string {
  return Buffer.from(`s:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^s:(\d{1,15})$/.exec(text);
  if (!match) throw new InterviewKitError('VALIDATION_FAILED', 'Invalid cursor: pass the next_cursor of the previous page');
  return Number(match[1]);
}

/** The public view of a stored session. */
export function sessionView(s: SessionRecord): Record<string, unknown> {
  const { owner_instance: _owner, event_count, ...rest } = s;
  // While the interview runs, its questions' reference answers and keywords stay hidden.
  const questions = s.status === 'live' ? s.questions.map(({ referenceAnswer: _r, expectedKeywords: _k, ...q }) => q) : s.questions;
  return { ...rest, questions, event_count };
}

/** Registers the session history, details and event-log routes. */
export function registerSessionRoutes(app: FastifyInstance, storage: Storage, authenticate: Authenticator): void {
  defineRoute(app, authenticate, {
    method: 'GET',
    url: '/api/sessions',
    operationId: 'listSessions',
    summary: "The caller's sessions, most recent first (cursor pagination)",
    tags: ['sessions'],
    query: ListSessionsQuerySchema,
    responses: { 200: ListSessionsResponseSchema },
    handler: async ({ query, userId }) => {
      const beforeId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = await storage.sessions.list(userId, {
        ...(query.type ? { type: query.type } : {}),
        ...(beforeId ? { beforeId } : {}),
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return { sessions: page, next_cursor: rows.length > query.limit && last ? encodeCursor(last.id) : null };
    },
  });

  const load = async (id: number, userId: string): Promise<SessionRecord> => {
    // Another user's session is reported exactly like a missing one.
    const session = await storage.sessions.get(id, userId);
    if (!session) throw new InterviewKitError('SESSION_NOT_FOUND', `Session ${id} not found`);
    return session;
  };

  defineRoute(app, authenticate, {
    method: 'GET',
    url: '/api/sessions/:id',
    operationId: 'getSession',
    responses: { 200: SessionDetailResponseSchema },
    errors: [404],
    summary: 'One session: questions, answers and transcripts, feedback, speech metrics, mastery updates',
    tags: ['sessions'],
    params: SessionIdParamsSchema,
    handler: async ({ params, userId }) => ({ session: sessionView(await load(params.id, userId)) }),
  });

  defineRoute(app, authenticate, {
    method: 'GET',
    url: '/api/sessions/:id/events',
    operationId: 'getSessionEvents',
    responses: { 200: SessionEventsResponseSchema },
    errors: [404],
    summary: "A session's event log, and its research metrics recomputed from the log",
    tags: ['sessions'],
    params: SessionIdParamsSchema,
    query: z.object({ after: z.coerce.number().int().min(0).default(0) }),
    handler: async ({ params, query, userId }) => {
      const session = await load(params.id, userId);
      const events = await storage.events.list(session.id, query.after);
      let metrics: ResearchMetrics | null = null;
      let metricsError: { code: string; message: string } | null = null;
      if (query.after === 0) {
        try {
          metrics = replay(events.map((e) => e.event));
        } catch (error) {
          const { code, message } = errorBody(error);
          metricsError = { code, message };
        }
      }
      return {
        session_id: session.id,
        status: session.status,
        events: events.map((e) => ({ seq: e.seq, ...e.event })),
        metrics,
        ...(metricsError ? { metrics_error: metricsError } : {}),
      };
    },
  });
}
