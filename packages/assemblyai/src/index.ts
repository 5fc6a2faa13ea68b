/**
 * @interviewkit/assemblyai — AssemblyAI Universal-Streaming v3 behind InterviewKit's transcriber
 * contract: `createAssemblyAITranscriber` (a core `LiveTranscriber`) and temporary tokens for
 * browsers.
 */
export { createAssemblyAITranscriber } from './assemblyai-transcriber';
export {
  ASSEMBLYAI_SPEECH_MODELS,
  AssemblyAITranscriberOptionsSchema,
  type AssemblyAISpeechModel,
  type AssemblyAITranscriberOptions,
} from './assemblyai-options';
export { classifyAssemblyAIFailure, type AssemblyAIFailure, type ClassifiedFailure } from './assemblyai-error';
export { createAssemblyAITemporaryToken, type AssemblyAITemporaryTokenOptions } from './assemblyai-temporary-token';

/** Replaced at build time by tsup with the package's version (see scripts/tsup.shared.ts). */
declare const __PACKAGE_VERSION__: string | undefined;

/** The package version, injected at build time. */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';
