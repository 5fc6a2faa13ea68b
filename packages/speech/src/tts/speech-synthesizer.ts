import { InterviewKitError } from '@interviewkit/core';

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
   * A stable identifier of this rendering (a SHA-256 of the voice configuration and the text),
   * usable as a file name or URL path segment, e.g. `/tts/<key>.mp3`.
   */
  key: string;
  /** Where the audio came from: a provider call, the memory cache or the directory cache. */
  source: 'provider' | 'memory' | 'disk';
}

/** Per-call options of {@link SpeechSynthesizer.synthesize}. */
export interface SynthesizeCallOptions {
  abortSignal?: AbortSignal;
}

/**
 * Turns interviewer text (a question) into audio, in InterviewKit's vocabulary: the server never
 * sees a provider SDK type. Errors are `InterviewKitError`s (`PROVIDER_AUTH`, `PROVIDER_QUOTA`,
 * `RATE_LIMITED`, `PROVIDER_UNAVAILABLE`, `TIMEOUT`, `ABORTED`, `PROVIDER_ERROR`,
 * `INVALID_ARGUMENT`).
 */
export interface SpeechSynthesizer {
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
