import type { Embedder, LanguageModel } from '@interviewkit/core';
import { createOfflineLanguageModel } from './offline';
import { createOpenAIEmbedder, createOpenAILanguageModel, type OpenAIEmbedderOptions, type OpenAILanguageModelOptions } from './openai';

/** Options of {@link selectLanguageModel}. */
export interface SelectLanguageModelOptions extends Partial<Omit<OpenAILanguageModelOptions, 'apiKey' | 'client'>> {
  /** An OpenAI API key; when missing or blank the offline model is used. */
  openaiApiKey?: string | null;
}

/**
 * The language model to use: OpenAI when `openaiApiKey` is set (non-blank), otherwise the offline
 * model ({@link createOfflineLanguageModel}, `offline: true`). Check `model.offline` to tell.
 */
export function selectLanguageModel(options: SelectLanguageModelOptions = {}): LanguageModel {
  const { openaiApiKey, ...rest } = options;
  const key = openaiApiKey?.trim();
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
