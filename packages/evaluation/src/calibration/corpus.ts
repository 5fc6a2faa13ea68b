import { QuestionSchema, type Evaluator, type Question } from '@interviewkit/core';
import * as z from 'zod';

/** Kinds of graded answers in a calibration corpus. */
export const ANSWER_KINDS = ['standard', 'own_words', 'partial', 'misconception', 'off_topic', 'keyword_list', 'prose'] as const;
/** One of {@link ANSWER_KINDS}. */
export type AnswerKind = (typeof ANSWER_KINDS)[number];

const CorpusAnswerSchema = z.object({
  kind: z.enum(ANSWER_KINDS),
  /** True grade, 0 (worthless) to 4 (complete and correct). */
  grade: z.number().int().min(0).max(4),
  text: z.string(),
  note: z.string().optional(),
});

/** A calibration corpus: questions (the core `Question` shape) each with graded answers. */
export const CalibrationCorpusSchema = z.object({
  name: z.string(),
  questions: z.array(
    z.looseObject({
      id: z.string(),
      answers: z.array(CorpusAnswerSchema).min(1),
    }),
  ),
});

/** One graded answer of a corpus, with its parsed question. */
export interface CorpusItem {
  question: Question;
  kind: AnswerKind;
  grade: number;
  text: string;
}

/**
 * Parses a corpus (the JSON of `calibration/corpus.json`) into items. The question fields follow
 * core's `QuestionSchema`; `extra` carries SQL tables (`challenge: 'sql'`, `setupSql`, …).
 */
export function parseCorpus(json: unknown): { name: string; items: CorpusItem[] } {
  const corpus = CalibrationCorpusSchema.parse(json);
  const items: CorpusItem[] = [];
  for (const raw of corpus.questions) {
    const { answers, ...fields } = raw;
    const question = QuestionSchema.parse(fields);
    for (const a of answers) items.push({ question, kind: a.kind, grade: a.grade, text: a.text });
  }
  return { name: corpus.name, items };
}

/** An item with the score an evaluator gave it. */
export interface ScoredItem extends CorpusItem {
  score: number;
}

/**
 * Whether the item is judged by the evaluator being calibrated: a SQL query answer to a question
 * that carries its tables is judged by running it (the challenge evaluator), not as prose.
 */
export function isQueryAnswer(item: CorpusItem): boolean {
  const sql = item.question.extra?.['challenge'] === 'sql';
  return sql && /^\s*(select|with)\b/i.test(item.text) && /\bfrom\b/i.test(item.text);
}

/** Scores every item with `evaluator`, in corpus order. */
export async function scoreCorpus(evaluator: Evaluator, items: readonly CorpusItem[]): Promise<ScoredItem[]> {
  const out: ScoredItem[] = [];
  for (const item of items) {
    const { score } = await evaluator.evaluate({ question: item.question, answer: item.text });
    out.push({ ...item, score });
  }
  return out;
}
