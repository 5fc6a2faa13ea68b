import * as z from 'zod';
import { boundedJsonObject } from './json-limits';
import { DifficultySchema, SessionTypeSchema } from './session-types';

/**
 * An expected keyword of a question: the term, plus synonyms and alternative spellings that
 * count as a match ("mutex" ~ "mutual exclusion", "lock"). Multi-word terms match as phrases.
 */
export const ExpectedKeywordSchema = z.object({
  term: z.string().min(1).max(80),
  synonyms: z.array(z.string().min(1).max(80)).max(20).default([]),
});
/** An expected keyword with its synonyms. */
export type ExpectedKeyword = z.infer<typeof ExpectedKeywordSchema>;

/** A keyword given either as a bare string or as `{ term, synonyms }`. */
export const ExpectedKeywordInputSchema = z.union([
  z
    .string()
    .min(1)
    .max(80)
    .transform((term): ExpectedKeyword => ({ term, synonyms: [] })),
  ExpectedKeywordSchema,
]);

/**
 * One interview question with everything needed to evaluate an answer to it: a reference
 * answer, the question's own expected keywords (never a domain-wide list), the concepts it
 * probes (for mastery tracking) and a hint.
 */
export const QuestionSchema = z.object({
  /** Stable id (bank id, or a hash of the text for generated questions). */
  id: z.string().min(1).max(200),
  /** The question as asked. */
  text: z.string().min(1).max(4000),
  sessionType: SessionTypeSchema.optional(),
  /** Topic, e.g. `dbms`, `operating_systems`, `behavioral`. */
  topic: z.string().min(1).max(100).optional(),
  /** Finer grouping inside the topic, e.g. `normalization`. */
  subtopic: z.string().min(1).max(100).optional(),
  difficulty: DifficultySchema.default('medium'),
  /** Kind of question, e.g. `behavioral`, `situational`, `technical`, `project`, `coding`, `debugging`. */
  kind: z.string().min(1).max(50).optional(),
  /** A strong answer, used as the reference for semantic similarity. */
  referenceAnswer: z.string().max(8000).optional(),
  expectedKeywords: z.array(ExpectedKeywordInputSchema).max(40).default([]),
  /** Concepts the question probes; mastery is tracked per concept. */
  concepts: z.array(z.string().min(1).max(100)).max(20).default([]),
  hint: z.string().max(1000).optional(),
  /** Where the question came from. */
  source: z.enum(['bank', 'llm', 'offline', 'resume', 'custom']).optional(),
  /**
   * Free-form extra data (coding challenge tables, debugging snippet, ...), bounded by
   * {@link EXTRA_JSON_LIMITS}: at most 10 levels deep, 5,000 values and 64 KiB serialised.
   */
  extra: boundedJsonObject().optional(),
});
/** A question (output type: defaults applied). */
export type Question = z.infer<typeof QuestionSchema>;
/** A question as accepted on input (optional fields may be omitted). */
export type QuestionInput = z.input<typeof QuestionSchema>;
