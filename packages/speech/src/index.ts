/** Replaced at build time by tsup with the package's version (see scripts/tsup.shared.ts). */
declare const __PACKAGE_VERSION__: string | undefined;

/** The package version, injected at build time. */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';

export * from './audio/pcm';
export * from './audio/wav';
export * from './vad/energy-vad';
export * from './transcription/streaming-transcriber';
export * from './transcription/mock-transcriber';
export * from './transcription/stream-adapter';
export * from './transcription/segment-adapter';
export * from './pipeline/live-audio-pipeline';
export * from './pipeline/failover-transcriber';
export * from './pipeline/create-live-audio-pipeline';
export * from './pitch/pitch-statistics';
export * from './pitch/yin';
export * from './tts/speech-cache';
// The synthesizer contract moved to @interviewkit/core (provider contracts live there); re-exported
// so speech's API keeps these names.
export {
  MAX_SPEECH_TEXT_LENGTH,
  SPEECH_AUDIO_FORMATS,
  SPEECH_MIME_TYPES,
  validateSpeechText,
  type SpeechAudioFormat,
  type SpeechSynthesizer,
  type SynthesizeCallOptions,
  type SynthesizedSpeech,
} from '@interviewkit/core';
