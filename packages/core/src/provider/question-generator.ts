import type { Question } from '../session/question';
import type { Difficulty, SessionType } from '../session/session-types';
import type { ProviderIdentity } from './specification';

/** A request for a list of questions (the HTTP question endpoints and live sessions). */
export interface QuestionListRequest {
  sessionType: SessionType;
  count: number;
  difficulty: Difficulty;
  topic?: string;
  /** The user's résumé (résumé-based sessions): its text and the parsed profile. */
  resume?: { text: string; parsed: unknown };
  /** Ids of questions to avoid (recently asked). */
  excludeIds?: string[];
  abortSignal?: AbortSignal;
}

/**
 * Produces question lists (`specificationVersion: 'v1'`). `@interviewkit/questions` implements it
 * over its bank and a language model; `modelId` names what generates (`bank`, or the model).
 * Failures raise `InterviewKitError`s (`PRECONDITION_FAILED` when a résumé is needed and missing).
 */
export interface QuestionGenerator extends ProviderIdentity {
  generate(request: QuestionListRequest): Promise<Question[]>;
}
