import { InterviewKitError, createOfflineEvaluator, type AnswerEvaluation, type Evaluator } from '@interviewkit/core';
import { debuggingQuestion, findDebuggingChallenge } from '../bank';

const defaultEvaluator = createOfflineEvaluator();

/**
 * Evaluates a candidate's explanation of a debugging challenge against the challenge's own bug
 * and fix (the reference answer) and its keywords — with the offline evaluator by default, or
 * any `Evaluator` (e.g. embeddings).
 */
export async function evaluateDebuggingExplanation(
  challengeId: string,
  explanation: string,
  evaluator: Evaluator = defaultEvaluator,
): Promise<AnswerEvaluation> {
  const challenge = findDebuggingChallenge(challengeId);
  if (!challenge) throw new InterviewKitError('NOT_FOUND', `No debugging challenge ${challengeId}`);
  return evaluator.evaluate({ question: debuggingQuestion(challenge), answer: explanation });
}
