import * as z from 'zod';
import { CONCEPT_VERDICTS, type AnswerEvaluation, type ConceptObservation, type ConceptVerdict } from '../evaluation/evaluator';
import type { MasteryUpdate } from '../protocol/ws-protocol';
import type { Question } from '../session/question';
import { DifficultySchema, type Difficulty } from '../session/session-types';

/**
 * The documented thresholds of the mastery rules. Scores are answer similarities (0–1).
 *
 * - Mastery levels are exponentially weighted averages with weight `max(1 / attempts, alpha)`:
 *   the first answer sets the level, later answers move it by `alpha` of the difference, so old
 *   answers fade but one answer never swings an established level completely.
 * - A concept observation comes from the evaluator's verdict on that concept when it gives one
 *   (`conceptCredit`: covered 1, partly 0.5, missed 0.15, wrong 0 — a wrong statement pulls the
 *   concept down hardest). Without a verdict it falls back to the `mentioned` flag: the answer's
 *   score when mentioned, `missedConceptFactor` of it when not — except that an answer scoring at
 *   least `goodFrom` counts as addressing every concept of its question (word matching misses
 *   paraphrases; a high score against a reference that covers the concept shows it was answered).
 * - Weak concepts: at least `minAttempts` observations, mastery below `weakBelow`, and a latest
 *   observation that was not a good one (a concept answered well is never called weak). Strong
 *   concepts: at least `minAttempts` and mastery at or above `strongFrom` (one `wrong` verdict
 *   takes a concept at full mastery down to 0.7, below it).
 * - Difficulty goes up one step after `promoteAfter` consecutive answers scoring at least
 *   `goodFrom`, and down one step after `demoteAfter` consecutive answers below `poorBelow`.
 * - Learning velocity is the least-squares slope of the last `velocityWindow` scores, in score
 *   points (0–1) per answer: positive means improving.
 */
export const MASTERY_RULES = Object.freeze({
  alpha: 0.3,
  conceptCredit: Object.freeze({ covered: 1, partly: 0.5, missed: 0.15, wrong: 0 } satisfies Record<ConceptVerdict, number>),
  missedConceptFactor: 0.25,
  minAttempts: 2,
  weakBelow: 0.5,
  strongFrom: 0.75,
  goodFrom: 0.7,
  poorBelow: 0.4,
  promoteAfter: 2,
  demoteAfter: 2,
  velocityWindow: 5,
  historyLength: 20,
});

/** Mastery of one concept inside a topic. */
export const ConceptMasterySchema = z.object({
  mastery: z.number().min(0).max(1),
  attempts: z.number().int().nonnegative(),
  /** Observations in which the answer did not address the concept (missed, wrong, or not mentioned in a weak answer). */
  misses: z.number().int().nonnegative(),
  /**
   * The verdict of the latest observation (for observations without one: `covered` when the
   * concept counted as answered well, `missed` when it counted as a miss, else `partly`).
   * Absent in records written before verdicts existed.
   */
  last: z.enum(CONCEPT_VERDICTS).optional(),
});
/** Mastery of one concept. */
export type ConceptMastery = z.infer<typeof ConceptMasterySchema>;

/** A user's mastery of one topic (stored as JSON by servers; snake_case like the other records). */
export const TopicMasterySchema = z.object({
  topic: z.string().min(1).max(100),
  mastery_level: z.number().min(0).max(1),
  attempts: z.number().int().nonnegative(),
  concepts: z.record(z.string(), ConceptMasterySchema),
  /** The most recent answer scores (0–1), oldest first, at most `historyLength`. */
  history: z.array(z.number().min(0).max(1)),
  /** The difficulty the next question of this topic should have. */
  difficulty: DifficultySchema,
  updated_at: z.string(),
});
/** A user's mastery of one topic. */
export type TopicMastery = z.infer<typeof TopicMasterySchema>;

/** Input of {@link applyEvaluation}. */
export interface MasteryObservation {
  question: Question;
  evaluation: AnswerEvaluation;
  /** ISO timestamp of the answer. */
  at: string;
  /** Topic to file the answer under (default: the question's topic, else `general`). */
  topic?: string;
}

const DIFFICULTY_STEPS: readonly Difficulty[] = ['easy', 'medium', 'hard'];

/** A fresh mastery record for `topic`. */
export function emptyTopicMastery(topic: string, difficulty: Difficulty = 'medium', at = ''): TopicMastery {
  return { topic, mastery_level: 0, attempts: 0, concepts: {}, history: [], difficulty, updated_at: at };
}

/**
 * The pure update rule: previous mastery (or null) + one evaluated answer → next mastery and the
 * changes to report (`MasteryUpdate`: the topic level, then each concept of the question).
 * Deterministic; never mutates its input.
 */
export function applyEvaluation(previous: TopicMastery | null, observation: MasteryObservation): { mastery: TopicMastery; updates: MasteryUpdate[] } {
  const { question, evaluation } = observation;
  const topic = observation.topic ?? question.topic ?? 'general';
  const prev = previous ?? emptyTopicMastery(topic, question.difficulty, observation.at);
  const score = clamp01(evaluation.similarity);
  const attempts = prev.attempts + 1;
  const level = ewma(prev.mastery_level, score, attempts);
  const updates: MasteryUpdate[] = [{ topic, concept: null, before: round3(prev.mastery_level), after: round3(level) }];

  const concepts: Record<string, ConceptMastery> = { ...prev.concepts };
  const observed = new Map(evaluation.concepts.map((c) => [c.concept, c]));
  for (const concept of question.concepts) {
    const was = concepts[concept] ?? { mastery: 0, attempts: 0, misses: 0 };
    const evidence = conceptEvidence(observed.get(concept) ?? { concept, mentioned: false }, score);
    const next: ConceptMastery = {
      mastery: round3(ewma(was.mastery, evidence.value, was.attempts + 1)),
      attempts: was.attempts + 1,
      misses: was.misses + (evidence.miss ? 1 : 0),
      last: evidence.verdict,
    };
    concepts[concept] = next;
    updates.push({ topic, concept, before: round3(was.mastery), after: next.mastery });
  }

  const history = [...prev.history, round3(score)].slice(-MASTERY_RULES.historyLength);
  return {
    mastery: {
      topic,
      mastery_level: round3(level),
      attempts,
      concepts,
      history,
      difficulty: nextDifficulty(prev.difficulty, history),
      updated_at: observation.at,
    },
    updates,
  };
}

/** What one concept observation says about the concept (see {@link MASTERY_RULES}). */
export interface ConceptEvidence {
  /** The observation's value 0–1, folded into the concept's mastery. */
  value: number;
  /** Whether it counts as a miss (not addressed, or addressed wrongly). */
  miss: boolean;
  /** The verdict it amounts to (the evaluator's, or one read from `mentioned` and the score). */
  verdict: ConceptVerdict;
}

/**
 * The value of one concept observation for mastery: from the evaluator's verdict when there is
 * one (`conceptCredit`), else from `mentioned` and the answer's score `similarity` (0–1), where an
 * answer scoring at least `goodFrom` counts as addressing the concept even if its words were not
 * found. Used by {@link applyEvaluation} and by the session summary's weakest concepts, so both
 * read a concept the same way.
 */
export function conceptEvidence(observation: ConceptObservation, similarity: number): ConceptEvidence {
  const score = clamp01(similarity);
  if (observation.verdict) {
    const verdict = observation.verdict;
    return { value: MASTERY_RULES.conceptCredit[verdict], miss: verdict === 'missed' || verdict === 'wrong', verdict };
  }
  const good = score >= MASTERY_RULES.goodFrom;
  if (observation.mentioned || good) return { value: score, miss: false, verdict: good ? 'covered' : 'partly' };
  return { value: score * MASTERY_RULES.missedConceptFactor, miss: true, verdict: 'missed' };
}

/**
 * The difficulty after the latest answer: one step up after `promoteAfter` consecutive good
 * answers, one step down after `demoteAfter` consecutive poor ones, else unchanged. Only the run
 * of answers since the last change counts, so a promotion needs fresh evidence at the new level.
 */
export function nextDifficulty(current: Difficulty, history: readonly number[]): Difficulty {
  const last = history.at(-1);
  if (last === undefined) return current;
  const run = trailingRun(history, (s) => s >= MASTERY_RULES.goodFrom);
  const poorRun = trailingRun(history, (s) => s < MASTERY_RULES.poorBelow);
  const step = DIFFICULTY_STEPS.indexOf(current);
  // Promote exactly when the run reaches a multiple of the threshold (one step per full run).
  if (run > 0 && run % MASTERY_RULES.promoteAfter === 0) return DIFFICULTY_STEPS[Math.min(step + 1, DIFFICULTY_STEPS.length - 1)]!;
  if (poorRun > 0 && poorRun % MASTERY_RULES.demoteAfter === 0) return DIFFICULTY_STEPS[Math.max(step - 1, 0)]!;
  return current;
}

/**
 * Concepts of a topic that are weak (enough attempts, low mastery, and not answered well the
 * last time), weakest first.
 */
export function weakConcepts(mastery: Pick<TopicMastery, 'concepts'>): string[] {
  return Object.entries(mastery.concepts)
    .filter(([, c]) => c.attempts >= MASTERY_RULES.minAttempts && c.mastery < MASTERY_RULES.weakBelow && c.last !== 'covered')
    .sort((a, b) => a[1].mastery - b[1].mastery || a[0].localeCompare(b[0]))
    .map(([name]) => name);
}

/** Concepts of a topic that are strong (enough attempts, high mastery), strongest first. */
export function strongConcepts(mastery: Pick<TopicMastery, 'concepts'>): string[] {
  return Object.entries(mastery.concepts)
    .filter(([, c]) => c.attempts >= MASTERY_RULES.minAttempts && c.mastery >= MASTERY_RULES.strongFrom)
    .sort((a, b) => b[1].mastery - a[1].mastery || a[0].localeCompare(b[0]))
    .map(([name]) => name);
}

/** Least-squares slope of the last `velocityWindow` scores (score per answer); 0 with fewer than 2. */
export function learningVelocity(history: readonly number[]): number {
  const ys = history.slice(-MASTERY_RULES.velocityWindow);
  const n = ys.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (i - meanX) * (ys[i]! - meanY);
    den += (i - meanX) ** 2;
  }
  return round3(num / den);
}

/** The mastery report of one topic: level, weak and strong concepts, velocity, difficulty. */
export interface TopicMasteryReport {
  topic: string;
  mastery_level: number;
  attempts: number;
  weak_concepts: string[];
  strong_concepts: string[];
  learning_velocity: number;
  difficulty: Difficulty;
  updated_at: string;
}

/** Summarizes a mastery record for display and APIs. */
export function masteryReport(mastery: TopicMastery): TopicMasteryReport {
  return {
    topic: mastery.topic,
    mastery_level: mastery.mastery_level,
    attempts: mastery.attempts,
    weak_concepts: weakConcepts(mastery),
    strong_concepts: strongConcepts(mastery),
    learning_velocity: learningVelocity(mastery.history),
    difficulty: mastery.difficulty,
    updated_at: mastery.updated_at,
  };
}

function trailingRun(history: readonly number[], predicate: (s: number) => boolean): number {
  let n = 0;
  for (let i = history.length - 1; i >= 0 && predicate(history[i]!); i--) n++;
  return n;
}

function ewma(previous: number, value: number, attempts: number): number {
  const weight = Math.max(1 / attempts, MASTERY_RULES.alpha);
  return clamp01(previous + weight * (value - previous));
}

function clamp01(v: number): number {
  return Number.isFinite(v) ? (v < 0 ? 0 : v > 1 ? 1 : v) : 0;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
