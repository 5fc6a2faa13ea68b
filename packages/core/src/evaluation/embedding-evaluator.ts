import { InterviewKitError } from '../errors/interviewkit-error';
import { referenceText } from './answer-analysis';
import type { AnswerEvaluation, Embedder, EvaluateAnswerInput, Evaluator } from './evaluator';
import { gradeForScore, similarityToScore } from './grading';
import { createOfflineEvaluator, type OfflineEvaluatorOptions } from './offline-evaluator';

/** Options of {@link createEmbeddingEvaluator}. */
export interface EmbeddingEvaluatorOptions extends OfflineEvaluatorOptions {
  embedder: Embedder;
  /** Reference embeddings kept (by reference text). Default 1 000. */
  cacheSize?: number;
  /** Called when the embedder fails and the offline similarity is used instead. */
  onFallback?: (error: unknown) => void;
}

/**
 * Similarity as the cosine of the answer's and the reference's embeddings (clamped to [0, 1]);
 * keyword coverage, suggestions and concepts come from the offline evaluator, so they name the
 * question's own keywords whatever the embedding model. When the embedder fails, the offline
 * similarity is used and the result says so (`evaluator` is the offline id, `offline: true`) —
 * an evaluation never fails because a provider did.
 */
export function createEmbeddingEvaluator(options: EmbeddingEvaluatorOptions): Evaluator {
  const offline = createOfflineEvaluator(options);
  const { embedder } = options;
  const id = `embedding:${embedder.provider}/${embedder.modelId}@1`;
  const cacheSize = options.cacheSize ?? 1000;
  const references = new Map<string, number[]>();

  const embedPair = async (reference: string, answer: string, abortSignal?: AbortSignal): Promise<[number[], number[]]> => {
    const cached = references.get(reference);
    if (cached) {
      const { embeddings } = await embedder.embed({ values: [answer], ...(abortSignal ? { abortSignal } : {}) });
      return [cached, expectVector(embeddings[0])];
    }
    const { embeddings } = await embedder.embed({ values: [reference, answer], ...(abortSignal ? { abortSignal } : {}) });
    const ref = expectVector(embeddings[0]);
    if (references.size >= cacheSize) references.delete(references.keys().next().value as string);
    references.set(reference, ref);
    return [ref, expectVector(embeddings[1])];
  };

  return {
    id,
    async evaluate(input: EvaluateAnswerInput): Promise<AnswerEvaluation> {
      const lexical = await offline.evaluate(input);
      if (input.answer.trim().length === 0) return lexical;
      try {
        const [ref, ans] = await embedPair(referenceText(input.question).text, input.answer, input.abortSignal);
        const similarity = Math.round(clamp01(cosine(ref, ans)) * 1000) / 1000;
        const score = similarityToScore(similarity);
        return { ...lexical, similarity, score, grade: gradeForScore(score), evaluator: id, offline: false };
      } catch (error) {
        if (input.abortSignal?.aborted) throw error;
        options.onFallback?.(error);
        return lexical;
      }
    },
  };
}

/** Cosine similarity of two vectors of equal length (0 for a zero vector). */
export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) throw new InterviewKitError('PROVIDER_ERROR', `Embedding lengths differ (${a.length} vs ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

function expectVector(v: number[] | undefined): number[] {
  if (!v || v.length === 0 || v.some((x) => !Number.isFinite(x))) throw new InterviewKitError('PROVIDER_ERROR', 'The embedder returned an invalid vector');
  return v;
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? (v < 0 ? 0 : v > 1 ? 1 : v) : 0;
}
