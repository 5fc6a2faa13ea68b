/** Replaced at build time by tsup with the package's version (see scripts/tsup.shared.ts). */
declare const __PACKAGE_VERSION__: string | undefined;

/** The package version, injected at build time. */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';

export * from './audio/pcm';
export * from './audio/wav';
export * from './vad/energy-vad';
export * from './transcription/streaming-transcriber';
export * from './transcription/mock-transcriber';
export * from './transcription/assemblyai/index';
export * from './pipeline/live-audio-pipeline';
export * from './pipeline/failover-transcriber';
export * from './pipeline/create-live-audio-pipeline';
export * from './pitch/pitch-statistics';
export * from './pitch/yin';
export * from './tts/speech-synthesizer';
export * from './tts/speech-cache';
export * from './tts/openai-errors';
export * from './tts/openai-speech-synthesizer';
