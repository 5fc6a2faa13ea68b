/**
 * @interviewkit/openai — OpenAI (and any OpenAI-compatible endpoint) behind InterviewKit's provider
 * contracts: a language model, embeddings, text-to-speech and speech-to-text, with one error
 * mapping and current default models.
 */
export { createOpenAILanguageModel, type OpenAILanguageModelOptions, type OpenAIReasoningEffort } from './openai-language-model';
export { createOpenAIEmbedder, type OpenAIEmbedderOptions } from './openai-embedder';
export {
  createOpenAISpeechSynthesizer,
  isCustomVoice,
  OPENAI_BUILT_IN_VOICES,
  OpenAISpeechOptionsSchema,
  type OpenAISpeechOptions,
} from './openai-speech-synthesizer';
export { createOpenAITranscriber, type OpenAITranscriberOptions } from './openai-transcriber';
export { mapOpenAIError } from './openai-error';
export { isReasoningModel, OPENAI_DEFAULT_MODELS, OPENAI_MODEL_DEPRECATIONS, openAIModelDeprecation, type OpenAIModelDeprecation } from './openai-models';
export { LOCAL_SERVER_API_KEY, type OpenAISettings } from './openai-settings';

/** Replaced at build time by tsup with the package's version (see scripts/tsup.shared.ts). */
declare const __PACKAGE_VERSION__: string | undefined;

/** The package version, injected at build time. */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';
