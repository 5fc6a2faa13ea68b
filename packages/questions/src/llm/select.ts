import type { Embedder, LanguageModel } from '@interviewkit/core';
import { createOfflineLanguageModel } from './offline';
import { createOpenAIEmbedder, createOpenAILanguageModel, type OpenAIEmbedderOptions, type OpenAILanguageModelOptions } from './openai';

/** Options of {@link selectLanguageModel}. */
export interface SelectLanguageModelOptions extends Partial<Omit<OpenAILanguageModelOptions, 'apiKey' | 'client'>> {
  /** An OpenAI API key; when missing or blank the offline model is used. */
  openaiApiKey?: string | null;
}

/** The key sent to an OpenAI-compatible server given by `baseURL` alone (local servers ignore it; the SDK needs one). */
export const LOCAL_SERVER_API_KEY = 'no-key';

/**
 * The language model to use: OpenAI when `openaiApiKey` is set (non-blank); an OpenAI-compatible
 * server (Ollama, vLLM, llama.cpp's server) when only `baseURL` is set, with a placeholder key;
 * otherwise the offline model ({@link createOfflineLanguageModel}, `offline: true`). Check
 * `model.offline` to tell.
 */
export function selectLanguageModel(options: SelectLanguageModelOptions = {}): LanguageModel {
  const { openaiApiKey, ...rest } = options;
  const key = openaiApiKey?.trim() || (rest.baseURL?.trim() ? LOCAL_SERVER_API_KEY : undefined);
  return key ? createOpenAILanguageModel({ ...rest, apiKey: key }) : createOfflineLanguageModel();
}

/** Options of {@link selectEmbedder}. */
export interface SelectEmbedderOptions extends Partial<Omit<OpenAIEmbedderOptions, 'apiKey' | 'client'>> {
  openaiApiKey?: string | null;
}

/**
 * The OpenAI embedder when `openaiApiKey` is set, otherwise `undefined` (core's embedding
 * evaluator then uses its offline lexical evaluation).
 */
export function selectEmbedder(options: SelectEmbedderOptions = {}): Embedder | undefined {
  const { openaiApiKey, ...rest } = options;
  const key = openaiApiKey?.trim();
  return key ? createOpenAIEmbedder({ ...rest, apiKey: key }) : undefined;
}
