import { InterviewKitError, type Embedder, type GenerateObjectOptions, type GenerateTextOptions, type LanguageModel, type LanguageModelUsage } from '@interviewkit/core';
import OpenAI from 'openai';
import type { z } from 'zod';
import { parseJsonWithSchema } from './json';
import { jsonSchemaForOutput } from './json-schema';
import { mapOpenAIError } from './openai-errors';
import { abortedError, withRetry } from './retry';

/** Options of {@link createOpenAILanguageModel}. */
export interface OpenAILanguageModelOptions {
  apiKey: string;
  /** An OpenAI-compatible endpoint (default: the SDK's, i.e. `https://api.openai.com/v1`). */
  baseURL?: string;
  /** Chat model (default `gpt-4o-mini`). */
  model?: string;
  /** Per-call timeout in ms (default 30,000); a call's `timeoutMs` overrides it. */
  timeoutMs?: number;
  /** Retries of retryable failures (429, 5xx, timeouts, connection errors); default 2. */
  maxRetries?: number;
  /** Extra attempts when the reply is not valid JSON for the schema (default 1). */
  maxValidationRetries?: number;
  /** Delay before the first retry in ms (default 500). */
  retryBaseDelayMs?: number;
  /** Whether to request strict structured outputs (default `false`: zod optionals are not strict-compatible). */
  strictSchemas?: boolean;
  /** Default sampling temperature (provider default when omitted). */
  temperature?: number;
  /** A preconfigured client (tests, proxies); `apiKey`/`baseURL` are then ignored. */
  client?: OpenAI;
}

const DEFAULT_CHAT_MODEL = 'gpt-4o-mini';
const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';

/** A structured-outputs schema name: `[a-zA-Z0-9_-]{1,64}`. */
function schemaNameFor(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, 64);
  return cleaned.length > 0 ? cleaned : 'result';
}

function usageOf(usage: { prompt_tokens?: number; completion_tokens?: number } | undefined | null): LanguageModelUsage | undefined {
  if (!usage) return undefined;
  return { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
}


/**
 * A {@link LanguageModel} backed by the official `openai` SDK (chat completions). Objects are
 * requested with structured outputs (`response_format: json_schema`, from `z.toJSONSchema`) and
 * never trusted: a reply cut at the token limit (`finish_reason: "length"`) is refused, the reply
 * is stripped of code fences, extracted, repaired and validated with the caller's zod schema; an invalid reply is asked for again (with the validation errors) up to
 * `maxValidationRetries` times, then `VALIDATION_FAILED` is thrown. Provider errors are mapped
 * ({@link mapOpenAIError}) and retryable ones retried with backoff ({@link withRetry}); the SDK's
 * own retries are disabled so there is one retry policy.
 */
export function createOpenAILanguageModel(options: OpenAILanguageModelOptions): LanguageModel {
  const modelId = options.model ?? DEFAULT_CHAT_MODEL;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxValidationRetries = Math.max(0, options.maxValidationRetries ?? 1);
  if (!options.client && !options.apiKey) throw new InterviewKitError('INVALID_ARGUMENT', 'createOpenAILanguageModel needs an apiKey');
  const client = options.client ?? new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: timeoutMs, maxRetries: 0 });

  async function complete(
    messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[],
    call: { temperature?: number; maxOutputTokens?: number; timeoutMs?: number; abortSignal?: AbortSignal },
    responseFormat: OpenAI.Chat.Completions.ChatCompletionCreateParams['response_format'] | undefined,
    what: string,
  ): Promise<{ content: string; truncated: boolean; usage?: LanguageModelUsage }> {
    return withRetry(
      async () => {
        try {
          const temperature = call.temperature ?? options.temperature;
          const completion = await client.chat.completions.create(
            {
              model: modelId,
              messages,
              ...(temperature === undefined ? {} : { temperature }),
              ...(call.maxOutputTokens === undefined ? {} : { max_completion_tokens: call.maxOutputTokens }),
              ...(responseFormat ? { response_format: responseFormat } : {}),
            },
            { timeout: call.timeoutMs ?? timeoutMs, maxRetries: 0, signal: call.abortSignal },
          );
          const choice = completion.choices[0];
          const content = choice?.message.content;
          if (choice?.message.refusal) {
            throw new InterviewKitError('PROVIDER_ERROR', `${what}: the model refused (${choice.message.refusal.slice(0, 120)})`, { retryable: false });
          }
          if (typeof content !== 'string' || content.trim() === '') {
            throw new InterviewKitError('PROVIDER_ERROR', `${what}: the model returned no content`, { retryable: true });
          }
          return { content, truncated: choice?.finish_reason === 'length', usage: usageOf(completion.usage) };
        } catch (error) {
          if (call.abortSignal?.aborted) throw abortedError(call.abortSignal);
          throw mapOpenAIError(error, what);
        }
      },
      { retries: options.maxRetries ?? 2, baseDelayMs: options.retryBaseDelayMs ?? 500, abortSignal: call.abortSignal },
    );
  }

  return {
    specificationVersion: 'v1',
    provider: 'openai',
    modelId,
    offline: false,

    async generateObject<T>(call: GenerateObjectOptions<T>) {
      const name = schemaNameFor(call.schemaName);
      const responseFormat = {
        type: 'json_schema' as const,
        json_schema: { name, schema: jsonSchemaForOutput(call.schema as z.ZodType), strict: options.strictSchemas ?? false },
      };
      const system = [call.system, `Reply with one JSON value that matches the "${name}" schema. No prose, no code fences.`]
        .filter(Boolean)
        .join('\n\n');
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
        { role: 'system', content: system },
        { role: 'user', content: call.prompt },
      ];
      const warnings: string[] = [];
      const usage: LanguageModelUsage = {};
      for (let attempt = 0; ; attempt++) {
        const reply = await complete(messages, call, responseFormat, `OpenAI ${call.schemaName}`);
        if (reply.usage) {
          usage.inputTokens = (usage.inputTokens ?? 0) + (reply.usage.inputTokens ?? 0);
          usage.outputTokens = (usage.outputTokens ?? 0) + (reply.usage.outputTokens ?? 0);
        }
        try {
          // A reply cut at the token limit may still repair into valid JSON, silently missing its
          // tail (the last items of a list): never accept it.
          if (reply.truncated) throw new InterviewKitError('VALIDATION_FAILED', `${call.schemaName} from ${modelId} was cut off at the token limit`);
          const object = parseJsonWithSchema(reply.content, call.schema, `${call.schemaName} from ${modelId}`);
          return { object, usage, ...(warnings.length > 0 ? { warnings } : {}) };
        } catch (error) {
          if (attempt >= maxValidationRetries) throw error;
          const message = error instanceof Error ? error.message : String(error);
          warnings.push(`attempt ${attempt + 1} was invalid: ${message}`);
          messages.push(
            { role: 'assistant', content: reply.content },
            { role: 'user', content: `That reply was invalid (${message.slice(0, 500)}). Reply again with only valid JSON matching the schema.` },
          );
        }
      }
    },

    async generateText(call: GenerateTextOptions) {
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
        ...(call.system ? [{ role: 'system' as const, content: call.system }] : []),
        { role: 'user', content: call.prompt },
      ];
      const reply = await complete(messages, call, undefined, 'OpenAI text generation');
      return { text: reply.content, ...(reply.usage ? { usage: reply.usage } : {}) };
    },
  };
}

/** Options of {@link createOpenAIEmbedder}. */
export interface OpenAIEmbedderOptions {
  apiKey: string;
  baseURL?: string;
  /** Embedding model (default `text-embedding-3-small`). */
  model?: string;
  /** Output dimensions, for models that support shortening. */
  dimensions?: number;
  timeoutMs?: number;
  maxRetries?: number;
  retryBaseDelayMs?: number;
  /** Values per request (default 256). */
  maxValuesPerCall?: number;
  client?: OpenAI;
}

/**
 * An {@link Embedder} backed by the `openai` SDK's embeddings endpoint. Batches above
 * `maxValuesPerCall`, keeps the input order, retries retryable failures and maps errors like
 * {@link createOpenAILanguageModel}.
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const modelId = options.model ?? DEFAULT_EMBEDDING_MODEL;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxValuesPerCall = Math.max(1, options.maxValuesPerCall ?? 256);
  if (!options.client && !options.apiKey) throw new InterviewKitError('INVALID_ARGUMENT', 'createOpenAIEmbedder needs an apiKey');
  const client = options.client ?? new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, timeout: timeoutMs, maxRetries: 0 });
  return {
    specificationVersion: 'v1',
    provider: 'openai',
    modelId,
    maxValuesPerCall,
    async embed({ values, abortSignal }) {
      const embeddings: number[][] = [];
      for (let start = 0; start < values.length; start += maxValuesPerCall) {
        const batch = values.slice(start, start + maxValuesPerCall);
        const vectors = await withRetry(
          async () => {
            try {
              const response = await client.embeddings.create(
                { model: modelId, input: batch, encoding_format: 'float', ...(options.dimensions ? { dimensions: options.dimensions } : {}) },
                { timeout: timeoutMs, maxRetries: 0, signal: abortSignal },
              );
              const sorted = [...response.data].sort((a, b) => a.index - b.index);
              if (sorted.length !== batch.length || sorted.some((d) => !Array.isArray(d.embedding))) {
                throw new InterviewKitError('PROVIDER_ERROR', `OpenAI embeddings returned ${sorted.length} vectors for ${batch.length} values`, { retryable: false });
              }
              return sorted.map((d) => d.embedding);
            } catch (error) {
              if (abortSignal?.aborted) throw abortedError(abortSignal);
              throw mapOpenAIError(error, 'OpenAI embeddings');
            }
          },
          { retries: options.maxRetries ?? 2, baseDelayMs: options.retryBaseDelayMs ?? 500, abortSignal },
        );
        embeddings.push(...vectors);
      }
      return { embeddings };
    },
  };
}
