import * as z from 'zod';
import type { Question } from '../session/question';

/**
 * Turns texts into embedding vectors. Implemented by `@interviewkit/questions` (OpenAI) and by
 * users; the offline evaluator needs none.
 */
export interface Embedder {
  /** Version of this interface the implementation follows. */
  readonly specificationVersion: 'v1';
  /** Provider id, e.g. `openai`. */
  readonly provider: string;
  /** Model id, e.g. `text-embedding-3-small`. */
  readonly modelId: string;
  /** Most values accepted by one call; callers batch above it. */
  readonly maxValuesPerCall?: number;
  /** Embeds `values` in order; vectors of one model have equal length. */
  embed(options: { values: string[]; abortSignal?: AbortSignal }): Promise<{ embeddings: number[][] }>;
}

/** Speech measures of one answer that evaluation may turn into suggestions. */
export interface AnswerSpeechStats {
  /** Words spoken in the answer. */
  words: number;
  /** Speaking time of the answer in ms. */
  speakingMs: number;
  /** Filler words in the answer. */
  fillerCount: number;
  /** Pauses longer than the long-pause threshold in the answer. */
  longPauseCount: number;
}

/** Input of {@link Evaluator.evaluate}. */
export interface EvaluateAnswerInput {
  question: Question;
  /** The answer text (a transcript or a typed answer); may be empty. */
  answer: string;
  /** Speech measures when the answer was spoken. */
  speech?: AnswerSpeechStats;
  abortSignal?: AbortSignal;
}

/** Codes of improvement suggestions. */
export const SUGGESTION_CODES = [
  'no_answer',
  'too_short',
  'missing_keywords',
  'off_topic',
  'partial_coverage',
  'filler_heavy',
  'long_pauses',
  'keyword_list',
  'add_example',
  'structure',
  /** A coding answer that was executed: its result differs from the expected one, or it failed. */
  'incorrect_result',
] as const;
/** One of {@link SUGGESTION_CODES}. */
export type SuggestionCode = (typeof SUGGESTION_CODES)[number];

/** A specific improvement suggestion. */
export const SuggestionSchema = z.object({
  code: z.enum(SUGGESTION_CODES),
  /** A sentence addressed to the candidate, naming specifics (missing terms by name, counts). */
  message: z.string().max(500),
});
/** A specific improvement suggestion. */
export type Suggestion = z.infer<typeof SuggestionSchema>;

/** Letter grades of answers and sessions. */
export const GRADES = ['A', 'B', 'C', 'D', 'F'] as const;
/** One of {@link GRADES}. */
export type Grade = (typeof GRADES)[number];

/**
 * How an answer treated one concept of its question:
 * - `covered`: stated correctly (in any words);
 * - `partly`: touched on, incomplete or vague;
 * - `missed`: not addressed;
 * - `wrong`: addressed with a misconception (e.g. two related terms swapped, a relation reversed,
 *   a negated fact).
 */
export const CONCEPT_VERDICTS = ['covered', 'partly', 'missed', 'wrong'] as const;
/** One of {@link CONCEPT_VERDICTS}. */
export type ConceptVerdict = (typeof CONCEPT_VERDICTS)[number];

/** What a concept gained or lost from one answer (input to mastery updates). */
export const ConceptObservationSchema = z.object({
  concept: z.string().max(100),
  /**
   * Whether the answer addressed the concept. Evaluators that give a {@link ConceptVerdict} set it
   * to true for `covered` and `partly` only.
   */
  mentioned: z.boolean(),
  /** The evaluator's verdict on this concept, when it gives one. */
  verdict: z.enum(CONCEPT_VERDICTS).optional(),
  /** The words of the answer that show the verdict (a short quote), when there are any. */
  evidence: z.string().max(300).optional(),
});
/** A concept mentioned or missed by an answer. */
export type ConceptObservation = z.infer<typeof ConceptObservationSchema>;

/** The evaluation of one answer. */
export const AnswerEvaluationSchema = z.object({
  /** Semantic similarity of the answer to the question's reference answer, 0–1. */
  similarity: z.number().min(0).max(1),
  /** Share of the question's expected keywords the answer covers (with synonyms), 0–1. */
  keywordCoverage: z.number().min(0).max(1),
  matchedKeywords: z.array(z.string()),
  missingKeywords: z.array(z.string()),
  suggestions: z.array(SuggestionSchema),
  /** One observation per concept of the question. */
  concepts: z.array(ConceptObservationSchema),
  /** Misconceptions the answer states, each a sentence addressed to the candidate (may be empty). */
  misconceptions: z.array(z.string().max(500)).max(10).optional(),
  /** Answer score 0–100 (similarity × 100, rounded to 1 dp). */
  score: z.number().min(0).max(100),
  grade: z.enum(GRADES),
  /** Identifies the evaluator and its version, e.g. `offline-lexical@1`. */
  evaluator: z.string(),
  /** True when produced without any network provider. */
  offline: z.boolean(),
});
/** The evaluation of one answer. */
export type AnswerEvaluation = z.infer<typeof AnswerEvaluationSchema>;

/**
 * Scores one answer against its question: similarity to the reference answer, coverage of the
 * question's own expected keywords, suggestions and concept observations.
 */
export interface Evaluator {
  /** Identifies the evaluator and its version. */
  readonly id: string;
  evaluate(input: EvaluateAnswerInput): Promise<AnswerEvaluation>;
}
