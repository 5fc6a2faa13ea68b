import { InterviewKitError } from '@interviewkit/core';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod';
import { type Authenticator, defineRoute } from '../http/route';
import type { RemoteQuestions } from '../live/coordinator';
import type { LiveSessionRegistry } from '../live/registry';
import type { ServerPorts } from '../ports';
import type { Storage } from '../storage/storage';

const ParamsSchema = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  index: z.coerce.number().int().min(0).max(10_000),
});

/**
 * `GET /api/sessions/:id/questions/:index/audio`: the interviewer reading question `index` of
 * the caller's session (the `audio_url` of its `question` event), rendered once by the
 * interviewer-voice port and cached. 404 when text-to-speech is not configured.
 */
export function registerQuestionAudioRoute(
  app: FastifyInstance,
  authenticate: Authenticator,
  storage: Storage,
  registry: LiveSessionRegistry,
  ports: ServerPorts,
  remote?: RemoteQuestions,
): void {
  defineRoute(app, authenticate, {
    method: 'GET',
    url: '/api/sessions/:id/questions/:index/audio',
    operationId: 'getQuestionAudio',
    otherResponses: {
      200: { description: 'The question read aloud (cacheable; ETag)', content: { 'audio/*': { schema: { type: 'string', format: 'binary' } } } },
      304: { description: 'Not modified (If-None-Match matched the ETag)', type: 'null' },
    },
    errors: [404],
    summary: "The interviewer's audio of a question (text-to-speech, when configured)",
    tags: ['live'],
    params: ParamsSchema,
    handler: async ({ params, userId, request, reply }) => {
      const voice = ports.interviewerVoice;
      if (!voice) throw new InterviewKitError('NOT_FOUND', 'Text-to-speech is not configured on this server');
      // Another user's session is reported exactly like a missing one.
      const live = registry.get(params.id, userId);
      let question = live?.askedQuestion(params.index);
      if (!question) {
        const stored = await storage.sessions.get(params.id, userId);
        if (!stored) throw new InterviewKitError('SESSION_NOT_FOUND', `Session ${params.id} not found`);
        question = stored.questions[params.index];
        // A live session held by another process (worker, instance): its owner knows the question just asked.
        if (!question && stored.status === 'live' && remote) question = (await remote.askedQuestion(stored, params.index)) ?? undefined;
      }
      if (!question) throw new InterviewKitError('NOT_FOUND', `Question ${params.index} has not been asked in session ${params.id}`);
      const speech = await voice.synthesize(question.text);
      if (request.headers['if-none-match'] === `"${speech.key}"`) return reply.status(304).send();
      reply.header('content-type', speech.mimeType).header('cache-control', 'private, max-age=86400').header('etag', `"${speech.key}"`);
      return reply.send(Buffer.from(speech.audio.buffer, speech.audio.byteOffset, speech.audio.byteLength));
    },
  });
}
