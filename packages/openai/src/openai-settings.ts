import { InterviewKitError } from '@interviewkit/core';
import OpenAI from 'openai';

/** Settings every OpenAI model of this package takes. */
export interface OpenAISettings {
  /** API key. Default: the `OPENAI_API_KEY` environment variable, read when the model is created. */
  apiKey?: string;
  /**
   * An OpenAI-compatible endpoint (Azure OpenAI, a proxy, Ollama, vLLM, llama.cpp's server, a
   * Whisper server), e.g. `http://127.0.0.1:8000/v1`. Default: `OPENAI_BASE_URL`, else OpenAI's.
   * With an endpoint and no key, {@link LOCAL_SERVER_API_KEY} is sent (local servers ignore it).
   */
  baseURL?: string;
  /** Extra HTTP headers sent with every request (a proxy's auth, an organisation header). */
  headers?: Record<string, string>;
  /** A preconfigured SDK client (tests, custom fetch, Azure); `apiKey`, `baseURL` and `headers` are then ignored. */
  client?: OpenAI;
}

/** The key sent to an OpenAI-compatible server given by its URL alone (local servers ignore it; the SDK needs one). */
export const LOCAL_SERVER_API_KEY = 'no-key';

/**
 * The SDK client of a model: the given one, or a new one with the key (from the settings or,
 * lazily, from `OPENAI_API_KEY` — never at import time) and the endpoint. The SDK's own retries
 * are off: each model retries with core's one backoff, so there is one retry policy. A missing key
 * without an endpoint raises `CONFIG_MISSING` naming the variable.
 */
export function openAIClient(settings: OpenAISettings, what: string, timeoutMs: number): OpenAI {
  if (settings.client) return settings.client;
  const env = typeof process === 'undefined' ? {} : process.env;
  const baseURL = settings.baseURL ?? (env.OPENAI_BASE_URL?.trim() || undefined);
  const apiKey = settings.apiKey?.trim() || env.OPENAI_API_KEY?.trim() || (baseURL ? LOCAL_SERVER_API_KEY : undefined);
  if (!apiKey)
    throw new InterviewKitError(
      'CONFIG_MISSING',
      `${what} needs an API key: pass apiKey or set OPENAI_API_KEY (or an OpenAI-compatible endpoint: baseURL / OPENAI_BASE_URL)`,
    );
  return new OpenAI({
    apiKey,
    ...(baseURL ? { baseURL } : {}),
    ...(settings.headers ? { defaultHeaders: settings.headers } : {}),
    timeout: timeoutMs,
    maxRetries: 0,
  });
}
