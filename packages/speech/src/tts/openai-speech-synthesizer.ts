import { InterviewKitError } from '@interviewkit/core';
import OpenAI from 'openai';
import { z } from 'zod';
import { mapSpeechProviderError } from './openai-errors';
import { CachedSpeechSynthesizer, speechCacheKey, type SpeechCacheOptions } from './speech-cache';
import { SPEECH_AUDIO_FORMATS, SPEECH_MIME_TYPES, validateSpeechText, type SpeechAudioFormat, type SpeechSynthesizer, type SynthesizeCallOptions, type SynthesizedSpeech } from './speech-synthesizer';

/** Options of {@link OpenAISpeechSynthesizer}. */
export const OpenAISpeechOptionsSchema = z.object({
  /** API key (required unless a `client` is given). */
  apiKey: z.string().min(1).optional(),
  /** An OpenAI-compatible endpoint, e.g. `http://127.0.0.1:8080/v1`. Default: the SDK's (OpenAI). */
  baseURL: z.url().optional(),
  /** Speech model: `gpt-4o-mini-tts` (default, takes `instructions`), `tts-1`, `tts-1-hd`, … */
  model: z.string().min(1).max(100).default('gpt-4o-mini-tts'),
  /** A built-in voice (`alloy`, `ash`, `coral`, `sage`, `verse`, …) or a custom voice id. Default `alloy`. */
  voice: z.string().min(1).max(100).default('alloy'),
  /** Audio format. Default `mp3` (plays in every browser). */
  format: z.enum(SPEECH_AUDIO_FORMATS).default('mp3'),
  /** How to speak (tone, pace); `gpt-4o-mini-tts` only — OpenAI ignores it for `tts-1`. */
  instructions: z.string().min(1).max(4096).optional(),
  /** Speaking speed, 0.25–4 (OpenAI's default 1). */
  speed: z.number().min(0.25).max(4).optional(),
  /** Per-request timeout (ms). Default 30 000. */
  timeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  /** Retries of 408/409/429/5xx and connection failures by the SDK (exponential backoff, honours `retry-after`). Default 2. */
  maxRetries: z.number().int().min(0).max(10).default(2),
});
/** Options of {@link OpenAISpeechSynthesizer}. */
export type OpenAISpeechOptions = z.input<typeof OpenAISpeechOptionsSchema> & {
  /** An existing SDK client (its key and endpoint are used; `apiKey` and `baseURL` are ignored). */
  client?: OpenAI;
};

/**
 * Text-to-speech through OpenAI's speech endpoint (`POST /v1/audio/speech`) with the official
 * `openai` SDK: `client.audio.speech.create({ model, voice, input, response_format, … })`.
 * Every call reaches the provider; wrap it in a {@link CachedSpeechSynthesizer} (or use
 * {@link createOpenAISpeechSynthesizer}) to render each question once.
 */
export class OpenAISpeechSynthesizer implements SpeechSynthesizer {
  readonly format: SpeechAudioFormat;
  readonly voiceId: string;
  readonly options: z.output<typeof OpenAISpeechOptionsSchema>;
  private readonly client: OpenAI;

  constructor(options: OpenAISpeechOptions) {
    const { client, ...rest } = options;
    const parsed = OpenAISpeechOptionsSchema.safeParse(rest);
    if (!parsed.success) throw new InterviewKitError('INVALID_ARGUMENT', `Invalid OpenAI speech options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.options = parsed.data;
    if (!client && !this.options.apiKey) throw new InterviewKitError('CONFIG_MISSING', 'OpenAI text-to-speech needs an API key (OPENAI_API_KEY)');
    this.client = client ?? new OpenAI({ apiKey: this.options.apiKey, ...(this.options.baseURL ? { baseURL: this.options.baseURL } : {}), timeout: this.options.timeoutMs, maxRetries: this.options.maxRetries });
    this.format = this.options.format;
    const { model, voice, format, instructions, speed } = this.options;
    // The endpoint is deliberately not part of the identity: a proxy in front of OpenAI renders the same audio.
    this.voiceId = JSON.stringify(['openai', model, voice, format, instructions ?? null, speed ?? null]);
  }

  async synthesize(text: string, options: SynthesizeCallOptions = {}): Promise<SynthesizedSpeech> {
    const input = validateSpeechText(text);
    const { model, voice, format, instructions, speed } = this.options;
    let audio: Uint8Array;
    try {
      const response = await this.client.audio.speech.create(
        { model, voice, input, response_format: format, ...(instructions ? { instructions } : {}), ...(speed !== undefined ? { speed } : {}) },
        { ...(options.abortSignal ? { signal: options.abortSignal } : {}) },
      );
      audio = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      throw mapSpeechProviderError(error);
    }
    if (audio.byteLength === 0) throw new InterviewKitError('PROVIDER_ERROR', 'OpenAI text-to-speech returned no audio', { details: { provider: 'openai' }, retryable: false });
    return { audio, format, mimeType: SPEECH_MIME_TYPES[format], key: speechCacheKey(this.voiceId, input), source: 'provider' };
  }
}

/**
 * An OpenAI speech synthesizer that renders each text once: in memory (bounded LRU) and, with
 * `cache.directory`, on disk. `cache: false` disables caching.
 */
export function createOpenAISpeechSynthesizer(options: OpenAISpeechOptions & { cache?: SpeechCacheOptions | false }): SpeechSynthesizer {
  const { cache, ...rest } = options;
  const synthesizer = new OpenAISpeechSynthesizer(rest);
  return cache === false ? synthesizer : new CachedSpeechSynthesizer(synthesizer, cache ?? {});
}
