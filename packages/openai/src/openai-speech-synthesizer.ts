import {
  InterviewKitError,
  invalidArgumentError,
  speechRenderingKey,
  SPEECH_AUDIO_FORMATS,
  SPEECH_MIME_TYPES,
  validateSpeechText,
  withRetry,
  type SpeechAudioFormat,
  type SpeechSynthesizer,
  type SynthesizeCallOptions,
  type SynthesizedSpeech,
} from '@interviewkit/core';
import * as z from 'zod';
import { mapOpenAIError } from './openai-error';
import { OPENAI_DEFAULT_MODELS } from './openai-models';
import { openAIClient, type OpenAISettings } from './openai-settings';

/** OpenAI's built-in voices (the SDK's list). */
export const OPENAI_BUILT_IN_VOICES = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'fable',
  'onyx',
  'nova',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar',
] as const;

/** Whether `voice` is a custom voice (an id such as `voice_1234`), which the speech endpoint takes as `{ id }`. */
export function isCustomVoice(voice: string): boolean {
  return /^voice_/.test(voice);
}

/** The zod schema of {@link OpenAISpeechOptions} (without `client`). */
export const OpenAISpeechOptionsSchema = z.object({
  apiKey: z.string().min(1).optional(),
  baseURL: z.url().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  model: z.string().min(1).max(100).default(OPENAI_DEFAULT_MODELS.speech),
  voice: z.string().min(1).max(100).default('alloy'),
  format: z.enum(SPEECH_AUDIO_FORMATS).default('mp3'),
  instructions: z.string().min(1).max(4096).optional(),
  speed: z.number().min(0.25).max(4).optional(),
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  maxRetries: z.number().int().min(0).max(10).default(2),
  retryBaseDelayMs: z.number().int().min(0).max(60_000).default(500),
});

/** Options of {@link createOpenAISpeechSynthesizer}. */
export interface OpenAISpeechOptions extends OpenAISettings {
  /** Speech model. Default {@link OPENAI_DEFAULT_MODELS}.speech (`gpt-4o-mini-tts`, which takes `instructions`). */
  model?: string;
  /** A built-in voice ({@link OPENAI_BUILT_IN_VOICES}) or a custom voice id (`voice_…`, sent as `{ id }`: {@link isCustomVoice}). Default `alloy`. */
  voice?: string;
  /** Audio format. Default `mp3` (plays in every browser). */
  format?: SpeechAudioFormat;
  /** How to speak (tone, pace); models other than `tts-1`/`tts-1-hd`. */
  instructions?: string;
  /** Speaking speed, 0.25–4 (OpenAI's default 1). */
  speed?: number;
  /** Per-request timeout (ms). Default 30 000. */
  timeoutMs?: number;
  /** Retries of 408/409/429/5xx and connection failures (core's backoff, honouring `retry-after`). Default 2. */
  maxRetries?: number;
  /** Delay before the first retry in ms (default 500). */
  retryBaseDelayMs?: number;
}

/**
 * A core `SpeechSynthesizer` over OpenAI's speech endpoint (`POST /v1/audio/speech`) with the
 * official `openai` SDK. Every call reaches the provider: wrap it in `@interviewkit/speech`'s
 * `CachedSpeechSynthesizer` to render each question once (the reference server does). A custom
 * voice (`voice_…`) is sent as `{ id }`, as the API requires; built-in voices by name.
 */
export function createOpenAISpeechSynthesizer(options: OpenAISpeechOptions = {}): SpeechSynthesizer {
  const { client: given, ...rest } = options;
  const parsed = OpenAISpeechOptionsSchema.safeParse(rest);
  if (!parsed.success) throw invalidArgumentError('OpenAI speech options', parsed.error.issues, parsed.error);
  const o = parsed.data;
  const client = openAIClient({ ...options, ...(given ? { client: given } : {}) }, 'OpenAI text-to-speech', o.timeoutMs);
  const voice: string | { id: string } = isCustomVoice(o.voice) ? { id: o.voice } : o.voice;
  // The endpoint is deliberately not part of the identity: a proxy in front of OpenAI renders the same audio.
  const voiceId = JSON.stringify(['openai', o.model, o.voice, o.format, o.instructions ?? null, o.speed ?? null]);
  return {
    specificationVersion: 'v1',
    provider: 'openai',
    modelId: o.model,
    capabilities: { instructions: !/^tts-1/.test(o.model) },
    format: o.format,
    voiceId,
    async synthesize(text: string, call: SynthesizeCallOptions = {}): Promise<SynthesizedSpeech> {
      const input = validateSpeechText(text);
      const audio = await withRetry(
        async () => {
          try {
            const response = await client.audio.speech.create(
              {
                model: o.model,
                voice,
                input,
                response_format: o.format,
                ...(o.instructions ? { instructions: o.instructions } : {}),
                ...(o.speed !== undefined ? { speed: o.speed } : {}),
              },
              { timeout: o.timeoutMs, maxRetries: 0, ...(call.abortSignal ? { signal: call.abortSignal } : {}) },
            );
            return new Uint8Array(await response.arrayBuffer());
          } catch (error) {
            throw mapOpenAIError(error, 'OpenAI text-to-speech');
          }
        },
        { retries: o.maxRetries, baseDelayMs: o.retryBaseDelayMs, ...(call.abortSignal ? { abortSignal: call.abortSignal } : {}) },
      );
      if (audio.byteLength === 0)
        throw new InterviewKitError('PROVIDER_ERROR', 'OpenAI text-to-speech returned no audio', { details: { provider: 'openai' }, retryable: false });
      return { audio, format: o.format, mimeType: SPEECH_MIME_TYPES[o.format], key: await speechRenderingKey(voiceId, input), source: 'provider' };
    },
  };
}
