import type { AnswerEvaluation } from '../evaluation/evaluator';
import type { MasteryUpdate } from '../protocol/ws-protocol';
import type { TopicMastery } from '../mastery/mastery';
import type { Question } from '../session/question';
import type { Difficulty, SessionType } from '../session/session-types';

// The mastery contract: core's TopicMastery (../mastery), stored per user.
export type { TopicMastery, ConceptMastery } from '../mastery/mastery';

/** A user's mastery of one topic as stored: core's {@link TopicMastery} plus the user id. */
export interface MasteryRecord extends TopicMastery {
  user_id: string;
}

/** Input of {@link MasteryRules.apply}: one evaluated answer of a user. */
export interface MasteryObservationInput {
  userId: string;
  question: Question;
  evaluation: AnswerEvaluation;
  /** ISO timestamp of the answer. */
  at: string;
}

/** Folds evaluated answers into a user's per-topic mastery (core's rules by default). */
export interface MasteryRules {
  /**
   * Applies one evaluated answer to the user's mastery of the question's topic; returns the new
   * record and what changed. `record` is null the first time.
   */
  apply(record: MasteryRecord | null, input: MasteryObservationInput): { record: MasteryRecord; updates: MasteryUpdate[] };
  /**
   * The difficulty the user has reached on a session's topic, from their mastery records: a server
   * uses it when a request names no difficulty. Undefined (or no method): `medium`.
   */
  difficultyFor?(input: { records: readonly MasteryRecord[]; sessionType: SessionType; topic?: string }): Difficulty | undefined;
}
