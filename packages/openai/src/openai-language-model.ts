import {
  abortedError,
  InterviewKitError,
  jsonSchemaForOutput,
  parseJsonWithSchema,
  withRetry,
  type GenerateObjectOptions,
  type GenerateObjectResult,
  type GenerateTextOptions,
  type GenerateTextResult,
  type LanguageModel,
  type LanguageModelUsage,
} from '@interviewkit/core';
import type OpenAI from 'openai';
import type * as z from 'zod';
import { mapOpenAIError } from './openai-error';
import { isReasoningModel, OPENAI_DEFAULT_MODELS } from './openai-models';
import { openAIClient, type OpenAISettings } from './openai-settings';

/** Reasoning effort of reasoning models (OpenAI's `reasoning_effort`). */
export type OpenAIReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high';

/** Options of {@link createOpenAILanguageModel}. */
export interface OpenAILanguageModelOptions extends OpenAISettings {
  /** Chat model. Default {@link OPENAI_DEFAULT_MODELS}.chat (`gpt-5.4-mini`). */
  model?: string;
  /**
   * Whether the model is a reasoning model, which refuses a sampling temperature. Default: guessed
   * from the name ({@link isReasoningModel}); set it for OpenAI-compatible servers with other names.
   */
  reasoning?: boolean;
  /** `reasoning_effort` sent to reasoning models (provider default when unset). */
  reasoningEffort?: OpenAIReasoningEffort;
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
  /** Default sampling temperature (provider default when omitted; ignored by reasoning models). */
  temperature?: number;
}

/** A structured-outputs schema name: `[a-zA-Z0-9_-]{1,64}`. */
function schemaNameFor(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_-]+/g, '_').slice(0, 64);
  return cleaned.length > 0 ? cleaned : 'result';
}

function usageOf(usage: { prompt_tokens?: number; completion_tokens?: number } | undefined | null): LanguageModelUsage | undefined {
  if (!usage) return undefined;
  return { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens };
}

interface CallSettings {
  temperature?: number;
  maxOutputTokens?: number;
  timeoutMs?: number;
  abortSignal?: AbortSignal;
}

/**
 * A core `LanguageModel` over OpenAI's chat completions with the official `openai` SDK, for OpenAI
 * or any compatible endpoint. Objects are requested with structured outputs
 * (`response_format: json_schema`, from `z.toJSONSchema`) and never trusted: a reply cut at the
 * token limit (`finish_reason: "length"`) is refused; the reply is stripped of code fences,
 * extracted, repaired and validated with the caller's zod schema (core's `parseJsonWithSchema`); an invalid reply is asked for again (with the validation errors) up to
 * `maxValidationRetries` times, then `VALIDATION_FAILED` is thrown. Reasoning models get no
 * temperature (they refuse one) — a temperature asked for is reported in `warnings` instead — and
 * `max_completion_tokens` rather than `max_tokens`. Provider errors are mapped
 * ({@link mapOpenAIError}) and retryable ones retried with core's backoff (`withRetry`).
 */
export function createOpenAILanguageModel(options: OpenAILanguageModelOptions = {}): LanguageModel {
  const modelId = options.model ?? OPENAI_DEFAULT_MODELS.chat;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxValidationRetries = Math.max(0, options.maxValidationRetries ?? 1);
  const reasoning = options.reasoning ?? isReasoningModel(modelId);
  const client = openAIClient(options, 'The OpenAI language model', timeoutMs);

  async function complete(
    messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[],
    call: CallSettings,
    responseFormat: OpenAI.Chat.Completions.ChatCompletionCreateParams['response_format'] | undefined,
    what: string,
    warnings: string[],
  ): Promise<{ content: string; truncated: boolean; usage?: LanguageModelUsage }> {
    const temperature = call.temperature ?? options.temperature;
    if (temperature !== undefined && reasoning) warnings.push(`temperature ${temperature} ignored: ${modelId} is a reasoning model and refuses one`);
    return withRetry(
      async () => {
        try {
          const completion = await client.chat.completions.create(
            {
              model: modelId,
              messages,
              ...(temperature === undefined || reasoning ? {} : { temperature }),
              ...(reasoning && options.reasoningEffort ? { reasoning_effort: options.reasoningEffort } : {}),
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
    capabilities: { structuredOutputs: true, temperature: !reasoning },

    async generateObject<T>(call: GenerateObjectOptions<T>): Promise<GenerateObjectResult<T>> {
      const name = schemaNameFor(call.schemaName);
      const responseFormat = {
        type: 'json_schema' as const,
        json_schema: { name, schema: jsonSchemaForOutput(call.schema as z.ZodType), strict: options.strictSchemas ?? false },
      };
      const system = [call.system, `Reply with one JSON value that matches the "${name}" schema. No prose, no code fences.`].filter(Boolean).join('\n\n');
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
        { role: 'system', content: system },
        { role: 'user', content: call.prompt },
      ];
      const warnings: string[] = [];
      const usage: LanguageModelUsage = {};
      for (let attempt = 0; ; attempt++) {
        const reply = await complete(messages, call, responseFormat, `OpenAI ${call.schemaName}`, attempt === 0 ? warnings : []);
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

    async generateText(call: GenerateTextOptions): Promise<GenerateTextResult> {
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
        ...(call.system ? [{ role: 'system' as const, content: call.system }] : []),
        { role: 'user', content: call.prompt },
      ];
      const warnings: string[] = [];
      const reply = await complete(messages, call, undefined, 'OpenAI text generation', warnings);
      return { text: reply.content, ...(reply.usage ? { usage: reply.usage } : {}), ...(warnings.length > 0 ? { warnings } : {}) };
    },
  };
}
