import type * as z from 'zod';
import type { ProviderIdentity } from './specification';

/** Token usage of one call, when the provider reports it. */
export interface LanguageModelUsage {
  inputTokens?: number;
  outputTokens?: number;
}

/** Options of {@link LanguageModel.generateObject}. */
export interface GenerateObjectOptions<T> {
  /** The zod schema the result must satisfy; the result is always validated against it. */
  schema: z.ZodType<T>;
  /** A short name of the schema (used by providers with structured outputs). */
  schemaName: string;
  system?: string;
  prompt: string;
  /**
   * 0–2; provider default when omitted. Models that do not take one (reasoning models,
   * `capabilities.temperature: false`) ignore it and say so in `warnings`.
   */
  temperature?: number;
  maxOutputTokens?: number;
  /** Per-call timeout in ms (the adapter's default when omitted). */
  timeoutMs?: number;
  abortSignal?: AbortSignal;
}

/** Options of {@link LanguageModel.generateText}. */
export interface GenerateTextOptions {
  system?: string;
  prompt: string;
  temperature?: number;
  maxOutputTokens?: number;
  timeoutMs?: number;
  abortSignal?: AbortSignal;
}

/** What a {@link LanguageModel} honours, declared by its adapter. */
export interface LanguageModelCapabilities {
  /** The provider constrains its output to the JSON schema (structured outputs); the result is validated either way. */
  readonly structuredOutputs: boolean;
  /** A sampling `temperature` is honoured (reasoning models refuse one: the adapter then leaves it out). */
  readonly temperature: boolean;
}

/** What {@link LanguageModel.generateObject} returns. */
export interface GenerateObjectResult<T> {
  object: T;
  usage?: LanguageModelUsage;
  /** Settings the model ignored (e.g. a temperature for a reasoning model) and replies that had to be asked again. */
  warnings?: string[];
}

/** What {@link LanguageModel.generateText} returns. */
export interface GenerateTextResult {
  text: string;
  usage?: LanguageModelUsage;
  warnings?: string[];
}

/**
 * A language model in InterviewKit's vocabulary (`specificationVersion: 'v1'`). Implemented by
 * `@interviewkit/openai` (any OpenAI-compatible endpoint), the offline deterministic provider of
 * `@interviewkit/questions`, and users. Provider SDK types never appear here. Failures raise
 * `InterviewKitError`s (`PROVIDER_*`, `TIMEOUT`, `ABORTED`, `VALIDATION_FAILED` when the output
 * never matched the schema).
 */
export interface LanguageModel extends ProviderIdentity {
  /** True for providers that need no network (their output is templated, not generated). */
  readonly offline: boolean;
  readonly capabilities: LanguageModelCapabilities;
  /** Generates an object that satisfies `schema` (validated; never trusted blindly). */
  generateObject<T>(options: GenerateObjectOptions<T>): Promise<GenerateObjectResult<T>>;
  /** Generates free text. */
  generateText(options: GenerateTextOptions): Promise<GenerateTextResult>;
}
