import type { Difficulty, SessionType } from '../session/session-types';
import type { Question } from '../session/question';
import type { AnswerEvaluation } from '../evaluation/evaluator';
import type { AdaptationReason } from '../protocol/ws-protocol';

/**
 * What the engine asks a question provider for: a question of this session type, topic,
 * difficulty and (ideally) these concepts, that is none of the excluded ones.
 */
export interface QuestionRequest {
  sessionType: SessionType;
  topic?: string;
  subtopic?: string;
  difficulty: Difficulty;
  /** Concepts the question should probe, most important first (may be empty). */
  concepts: string[];
  /** Ids of questions already asked in this session or recently to this user. */
  excludeIds: string[];
  /** Texts of questions already asked (for near-duplicate checks by generators). */
  excludeTexts: string[];
  /** The reason for the request (agentic mode), e.g. `follow_up`, `simplify`, `deepen`, `move_topic`. */
  intent?: string;
  abortSignal?: AbortSignal;
}

/**
 * Finds or generates one question for a request (implemented by `@interviewkit/questions`
 * from its bank and an optional language model). Returns null when nothing fits.
 */
export interface QuestionProvider {
  find(request: QuestionRequest): Promise<Question | null>;
}

/** One finished turn, as the question source sees it. */
export interface AnsweredTurn {
  index: number;
  question: Question;
  answer: string;
  /** Null when the answer could not be evaluated. */
  evaluation: AnswerEvaluation | null;
}

/** Context passed to {@link QuestionSource.next}. */
export interface QuestionSourceContext {
  /** Index the next question will have. */
  index: number;
  /** Session time in ms. */
  elapsedMs: number;
  /** Every finished turn so far, in order. */
  history: readonly AnsweredTurn[];
  abortSignal?: AbortSignal;
}

/** The next question, with an optional note shown to the candidate ("Let's try a simpler question."). */
export interface NextQuestion {
  question: Question;
  /** A sentence for the candidate saying why this question follows. */
  note?: string;
  /** Why it was chosen, for programs (adaptive sources); sent on the `question` event as `adaptation`. */
  adaptation?: AdaptationReason;
}

/**
 * Where an interview's questions come from: a fixed queue, or an adaptive generator that looks at
 * the answers so far. Returns null when the interview should end.
 */
export interface QuestionSource {
  /** Planned number of questions, or null when open-ended. */
  readonly total: number | null;
  next(context: QuestionSourceContext): Promise<NextQuestion | null>;
}
