import type { ServerEnvelope, SpeechSynthesizer } from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';

type QuestionMessage = Extract<ServerEnvelope, { event: 'question' }>;

/** Options of {@link QuestionAudio}. */
export interface QuestionAudioOptions {
  sessionId: number;
  voice: SpeechSynthesizer;
  /** The plugin's route prefix (e.g. `/interview`). */
  routePrefix: string;
  log: FastifyBaseLogger;
}

/**
 * The interviewer's voice for one session's questions: gives each `question` message the URL of
 * its audio and starts rendering it at once, so the (cached) audio is ready when the client asks.
 */
export class QuestionAudio {
  constructor(private readonly options: QuestionAudioOptions) {}

  /** `message` with its `audio_url`; rendering starts now (a failure is only logged here). */
  announce(message: QuestionMessage): QuestionMessage {
    const { sessionId, voice, routePrefix, log } = this.options;
    const { index, question } = message.data;
    voice.synthesize(question.text).catch((error: unknown) => log.warn({ err: error, sessionId }, 'rendering the question audio failed'));
    return { ...message, data: { ...message.data, audio_url: `${routePrefix}/api/sessions/${sessionId}/questions/${index}/audio` } };
  }
}
