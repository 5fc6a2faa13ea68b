import {
  abortedError,
  InterviewKitError,
  invalidArgumentError,
  issueSummary,
  withRetry,
  writeWav,
  type SegmentTranscriber,
  type SegmentTranscript,
  type TranscribeSegmentOptions,
} from '@interviewkit/core';
import { toFile } from 'openai';
import * as z from 'zod';
import { mapOpenAIError } from './openai-error';
import { OPENAI_DEFAULT_MODELS } from './openai-models';
import { openAIClient, type OpenAISettings } from './openai-settings';

/** Options of {@link createOpenAITranscriber}. */
export interface OpenAITranscriberOptions extends OpenAISettings {
  /** Transcription model. Default {@link OPENAI_DEFAULT_MODELS}.transcription (`gpt-transcribe`). */
  model?: string;
  /** ISO-639-1 language of the speech (e.g. `en`): better accuracy and latency. */
  language?: string;
  /** Text guiding the transcription (e.g. the technical terms of the question). */
  prompt?: string;
  /**
   * Ask for word timings (`response_format: verbose_json`, `timestamp_granularities: ['word']`).
   * Only `whisper-1` (and Whisper servers) give them; the `gpt-*-transcribe` models answer `json`
   * only. Default: true for models named `whisper*`, false otherwise — words are then timed by the
   * voice activity detector that cut the segment.
   */
  wordTimestamps?: boolean;
  /** Per-request timeout in ms (default 30,000). */
  timeoutMs?: number;
  /** Retries of retryable failures (429, 5xx, timeouts, dropped connections); default 2. */
  maxRetries?: number;
  /** Delay before the first retry in ms (default 500). */
  retryBaseDelayMs?: number;
}

const OptionsSchema = z.object({
  model: z.string().min(1).max(100).optional(),
  language: z
    .string()
    .regex(/^[a-z]{2}$/, 'an ISO-639-1 code such as en')
    .optional(),
  prompt: z.string().max(2000).optional(),
  timeoutMs: z.number().int().min(100).max(600_000).optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  retryBaseDelayMs: z.number().int().min(0).max(60_000).optional(),
});

/** What the endpoint answers (validated: the provider is a boundary). Word times are seconds. */
const ResponseSchema = z.object({
  text: z.string(),
  words: z.array(z.object({ word: z.string(), start: z.number().nonnegative(), end: z.number().nonnegative() })).optional(),
});

/**
 * Speech-to-text with OpenAI's transcription endpoint (`POST /v1/audio/transcriptions`), one call
 * per speech segment — a core `SegmentTranscriber` (`capabilities.streaming: false`): the live
 * pipeline cuts the candidate's audio with its voice activity detector and sends each segment as a
 * WAV file. Why per segment rather than the Realtime API's streaming transcription: it works with
 * every OpenAI-compatible server that transcribes (Whisper servers, vLLM, LocalAI — few of them
 * speak Realtime), each segment is an independent request that can be retried (no long-lived
 * socket to reconnect, no real-time pacing), and the speech metrics come from the VAD either way;
 * what it gives up is live partials (a segment's text arrives when the segment ends).
 * Failures are typed (auth and quota are not retried; 429, 5xx, timeouts and dropped connections
 * are, with core's backoff); a malformed reply is `PROVIDER_ERROR`.
 */
export function createOpenAITranscriber(options: OpenAITranscriberOptions = {}): SegmentTranscriber {
  const { client: _client, apiKey: _apiKey, baseURL: _baseURL, headers: _headers, wordTimestamps: _wordTimestamps, ...checked } = options;
  const parsed = OptionsSchema.safeParse(checked);
  if (!parsed.success) throw invalidArgumentError('OpenAI transcriber options', parsed.error.issues, parsed.error);
  const modelId = options.model ?? OPENAI_DEFAULT_MODELS.transcription;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const wordTimestamps = options.wordTimestamps ?? /^whisper/i.test(modelId);
  const client = openAIClient(options, 'The OpenAI transcriber', timeoutMs);

  return {
    specificationVersion: 'v1',
    provider: 'openai',
    modelId,
    capabilities: { streaming: false, interimResults: false, wordTimestamps, scripting: false },
    async transcribe({ audio, sampleRate, abortSignal }: TranscribeSegmentOptions): Promise<SegmentTranscript> {
      if (audio.length === 0) return { text: '' };
      const wav = writeWav(audio, sampleRate);
      return withRetry(
        async () => {
          let response: unknown;
          try {
            response = await client.audio.transcriptions.create(
              {
                model: modelId,
                file: await toFile(wav, 'segment.wav', { type: 'audio/wav' }),
                response_format: wordTimestamps ? 'verbose_json' : 'json',
                ...(wordTimestamps ? { timestamp_granularities: ['word' as const] } : {}),
                ...(options.language ? { language: options.language } : {}),
                ...(options.prompt ? { prompt: options.prompt } : {}),
              },
              { timeout: timeoutMs, maxRetries: 0, ...(abortSignal ? { signal: abortSignal } : {}) },
            );
          } catch (error) {
            if (abortSignal?.aborted) throw abortedError(abortSignal);
            throw mapOpenAIError(error, 'OpenAI transcription');
          }
          const reply = ResponseSchema.safeParse(response);
          if (!reply.success) {
            throw new InterviewKitError('PROVIDER_ERROR', `OpenAI transcription answered an invalid reply: ${issueSummary(reply.error.issues)}`, {
              retryable: true,
              details: { provider: 'openai', kind: 'protocol' },
            });
          }
          const words = reply.data.words?.map((w) => ({ text: w.word, start: Math.round(w.start * 1000), end: Math.round(Math.max(w.start, w.end) * 1000) }));
          return { text: reply.data.text.trim(), ...(words && words.length > 0 ? { words } : {}) };
        },
        { retries: options.maxRetries ?? 2, baseDelayMs: options.retryBaseDelayMs ?? 500, ...(abortSignal ? { abortSignal } : {}) },
      );
    },
  };
}
