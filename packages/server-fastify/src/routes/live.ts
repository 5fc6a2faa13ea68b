import { InterviewKitError } from '@interviewkit/core';
import type { FastifyInstance } from 'fastify';
import { type Authenticator, defineRoute } from '../http/route';
import type { StopController } from '../live/stop';
import { StopInterviewBodySchema, StopInterviewResponseSchema } from '@interviewkit/core';

export { StopInterviewBodySchema };

/** Registers the HTTP fallback of the WebSocket stop. */
export function registerLiveRoutes(app: FastifyInstance, authenticate: Authenticator, stopper: StopController): void {
  defineRoute(app, authenticate, {
    method: 'POST',
    url: '/api/stop_interview',
    operationId: 'stopInterview',
    summary: "Stops the caller's live interview (HTTP fallback of the WebSocket stop_interview); answers the interview_complete data",
    tags: ['live'],
    body: StopInterviewBodySchema,
    responses: { 200: StopInterviewResponseSchema },
    errors: [403, 404],
    handler: async ({ body, userId }) => {
      if (body.user_id !== undefined && String(body.user_id) !== userId)
        throw new InterviewKitError('FORBIDDEN', 'user_id does not match the authenticated user');
      return stopper.stop(userId, {
        ...(body.session_id !== undefined ? { sessionId: body.session_id } : {}),
        ...(body.session_type ? { sessionType: body.session_type } : {}),
      });
    },
  });
}
