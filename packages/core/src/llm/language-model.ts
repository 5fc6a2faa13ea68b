import type * as z from 'zod';

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
  /** 0–2; provider default when omitted. */
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

/**
 * A language model in InterviewKit's vocabulary. Implemented by `@interviewkit/questions`
 * (OpenAI, and an offline deterministic provider) and by users. Provider SDK types never appear
 * here. Failures raise `InterviewKitError`s (`PROVIDER_*`, `TIMEOUT`, `ABORTED`,
 * `VALIDATION_FAILED` when the output never matched the schema).
 */
export interface LanguageModel {
  readonly specificationVersion: 'v1';
  /** Provider id, e.g. `openai` or `offline`. */
  readonly provider: string;
  readonly modelId: string;
  /** True for providers that need no network (their output is templated, not generated). */
  readonly offline: boolean;
  /** Generates an object that satisfies `schema` (validated; never trusted blindly). */
  generateObject<T>(options: GenerateObjectOptions<T>): Promise<{ object: T; usage?: LanguageModelUsage; warnings?: string[] }>;
  /** Generates free text. */
  generateText(options: GenerateTextOptions): Promise<{ text: string; usage?: LanguageModelUsage }>;
}
