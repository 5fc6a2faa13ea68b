import { InterviewKitError } from '../errors/interviewkit-error';
import type { ProviderIdentity } from './specification';

/** Audio encodings a {@link SpeechSynthesizer} can produce (OpenAI's `response_format` values). */
export const SPEECH_AUDIO_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
/** One of {@link SPEECH_AUDIO_FORMATS}. */
export type SpeechAudioFormat = (typeof SPEECH_AUDIO_FORMATS)[number];

/** MIME type to serve each format with (`pcm` is raw 24 kHz 16-bit little-endian mono from OpenAI). */
export const SPEECH_MIME_TYPES: Readonly<Record<SpeechAudioFormat, string>> = {
  mp3: 'audio/mpeg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  flac: 'audio/flac',
  wav: 'audio/wav',
  pcm: 'audio/L16;rate=24000;channels=1',
};

/** Longest text a synthesizer accepts (OpenAI's limit for one speech request). */
export const MAX_SPEECH_TEXT_LENGTH = 4096;

/** Audio of one rendered text. */
export interface SynthesizedSpeech {
  /** The encoded audio. */
  audio: Uint8Array;
  format: SpeechAudioFormat;
  mimeType: string;
  /**
   * A stable identifier of this rendering ({@link speechRenderingKey} of the synthesizer's
   * `voiceId` and the text), usable as a file name, URL path segment or HTTP ETag.
   */
  key: string;
  /** Where the audio came from: a provider call, or a cache (memory, directory). */
  source: 'provider' | 'memory' | 'disk';
}

/** Per-call options of {@link SpeechSynthesizer.synthesize}. */
export interface SynthesizeCallOptions {
  abortSignal?: AbortSignal;
}

/** What a {@link SpeechSynthesizer} can do. */
export interface SpeechSynthesizerCapabilities {
  /** Follows `instructions` on how to speak (tone, pace). */
  readonly instructions: boolean;
}

/**
 * Turns interviewer text (a question) into audio, in InterviewKit's vocabulary
 * (`specificationVersion: 'v1'`): the server never sees a provider SDK type. Implemented by
 * `@interviewkit/openai`; `@interviewkit/speech` wraps any of them in a cache. Errors are
 * `InterviewKitError`s (`PROVIDER_AUTH`, `PROVIDER_QUOTA`, `RATE_LIMITED`, `PROVIDER_UNAVAILABLE`,
 * `TIMEOUT`, `ABORTED`, `PROVIDER_ERROR`, `INVALID_ARGUMENT`).
 */
export interface SpeechSynthesizer extends ProviderIdentity {
  readonly capabilities: SpeechSynthesizerCapabilities;
  /** The audio format this synthesizer produces. */
  readonly format: SpeechAudioFormat;
  /**
   * Everything besides the text that determines the audio (provider, model, voice, format,
   * instructions, speed): equal `voiceId` and text give equal audio, which is what caches key on.
   */
  readonly voiceId: string;
  /** Renders `text` (1–4096 characters after trimming). */
  synthesize(text: string, options?: SynthesizeCallOptions): Promise<SynthesizedSpeech>;
}

/** Trims and checks text to synthesize: empty or longer than {@link MAX_SPEECH_TEXT_LENGTH} → `INVALID_ARGUMENT`. */
export function validateSpeechText(text: string): string {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  if (trimmed.length === 0) throw new InterviewKitError('INVALID_ARGUMENT', 'Text to synthesize is empty');
  if (trimmed.length > MAX_SPEECH_TEXT_LENGTH) {
    throw new InterviewKitError('INVALID_ARGUMENT', `Text to synthesize has ${trimmed.length} characters; the limit is ${MAX_SPEECH_TEXT_LENGTH}`);
  }
  return trimmed;
}

/**
 * The key of `text` spoken with `voiceId`: the hex SHA-256 of `voiceId`, a newline and the text
 * (Web Crypto, so it works wherever core runs). Synthesizers and caches use it alike, so a
 * rendering has one name whoever produced it.
 */
export async function speechRenderingKey(voiceId: string, text: string): Promise<string> {
  const data = new TextEncoder().encode(`${voiceId}\n${text}`);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', data));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
