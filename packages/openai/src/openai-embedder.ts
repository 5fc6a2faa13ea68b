import { abortedError, InterviewKitError, withRetry, type Embedder } from '@interviewkit/core';
import { mapOpenAIError } from './openai-error';
import { OPENAI_DEFAULT_MODELS } from './openai-models';
import { openAIClient, type OpenAISettings } from './openai-settings';

/** Options of {@link createOpenAIEmbedder}. */
export interface OpenAIEmbedderOptions extends OpenAISettings {
  /** Embedding model. Default {@link OPENAI_DEFAULT_MODELS}.embedding (`text-embedding-3-small`). */
  model?: string;
  /** Output dimensions, for models that can shorten their vectors (`text-embedding-3-*`). */
  dimensions?: number;
  /** Per-request timeout in ms (default 30,000). */
  timeoutMs?: number;
  /** Retries of retryable failures (default 2). */
  maxRetries?: number;
  /** Delay before the first retry in ms (default 500). */
  retryBaseDelayMs?: number;
  /** Values per request (default 256). */
  maxValuesPerCall?: number;
}

/**
 * A core `Embedder` over OpenAI's embeddings endpoint (`openai` SDK). Batches above
 * `maxValuesPerCall`, keeps the input order, checks what came back (one vector per value, all of
 * the requested `dimensions`, or of one length), retries retryable failures with core's backoff
 * and maps errors with {@link mapOpenAIError}.
 */
export function createOpenAIEmbedder(options: OpenAIEmbedderOptions = {}): Embedder {
  const modelId = options.model ?? OPENAI_DEFAULT_MODELS.embedding;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxValuesPerCall = Math.max(1, options.maxValuesPerCall ?? 256);
  if (options.dimensions !== undefined && (!Number.isInteger(options.dimensions) || options.dimensions < 1)) {
    throw new InterviewKitError('INVALID_ARGUMENT', `OpenAI embedding dimensions must be a positive integer, got ${options.dimensions}`);
  }
  const client = openAIClient(options, 'The OpenAI embedder', timeoutMs);
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
                throw new InterviewKitError('PROVIDER_ERROR', `OpenAI embeddings returned ${sorted.length} vectors for ${batch.length} values`, {
                  retryable: false,
                });
              }
              const expected = options.dimensions ?? sorted[0]!.embedding.length;
              if (sorted.some((d) => d.embedding.length !== expected)) {
                throw new InterviewKitError(
                  'PROVIDER_ERROR',
                  `OpenAI embeddings returned vectors of ${[...new Set(sorted.map((d) => d.embedding.length))].join('/')} dimensions, expected ${expected}`,
                  { retryable: false },
                );
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
