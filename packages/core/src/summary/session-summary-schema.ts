import * as z from 'zod';
import { GRADES } from '../evaluation/evaluator';

/** An area (question kind, topic or concept group) with its average score. */
export const SummaryAreaSchema = z.object({
  area: z.string(),
  /** Average answer score of the area, 0–100, 1 dp. */
  score: z.number().min(0).max(100),
  /** Number of answers behind the score. */
  answers: z.number().int().nonnegative(),
  /** One sentence of evidence from the answers (e.g. which keywords were covered or missed). */
  evidence: z.string(),
});
/** An area with its average score. */
export type SummaryArea = z.infer<typeof SummaryAreaSchema>;

/** A concept to practise. */
export const WeakConceptSchema = z.object({
  concept: z.string(),
  /** Times the concept was probed and missed in this session. */
  misses: z.number().int().nonnegative(),
  /** Times it was probed. */
  attempts: z.number().int().nonnegative(),
  /** Mastery level 0–1 after the session, when known. */
  mastery: z.number().min(0).max(1).nullable(),
});
/** A concept to practise. */
export type WeakConcept = z.infer<typeof WeakConceptSchema>;

/**
 * The end-of-session summary (the seed's `session_summary`): overall performance, strongest
 * areas, areas for improvement, specific recommendations and the weakest concepts to practise.
 * Every number comes from the evaluations and metrics; an LLM may only write the prose.
 */
export const SessionSummarySchema = z.object({
  overall: z.object({
    /** Session score 0–100 (average similarity × 100), null when no question was answered. */
    score: z.number().min(0).max(100).nullable(),
    grade: z.enum(GRADES).nullable(),
    questions_answered: z.number().int().nonnegative(),
    total_questions: z.number().int().nonnegative(),
    /** answered / total × 100, rounded. */
    completion_rate: z.number().min(0).max(100),
    /** One sentence on overall performance. */
    headline: z.string(),
  }),
  grade_counts: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int(), F: z.number().int() }),
  strongest_areas: z.array(SummaryAreaSchema),
  areas_for_improvement: z.array(SummaryAreaSchema),
  recommendations: z.array(z.string()),
  weakest_concepts: z.array(WeakConceptSchema),
  /** Notes on delivery (pace, pauses, fillers, latency) against the documented benchmarks. */
  delivery: z.array(z.string()),
  /** A short narrative paragraph. */
  narrative: z.string(),
  /** `deterministic` (built from the numbers alone) or `llm` (prose written by a language model). */
  source: z.enum(['deterministic', 'llm']),
});
/** The end-of-session summary. */
export type SessionSummary = z.infer<typeof SessionSummarySchema>;
