// The evaluator contract is declared with the evaluation code (../evaluation/evaluator.ts);
// re-exported here so every provider contract can be found in this folder.
export type { AnswerEvaluation, AnswerSpeechStats, ConceptObservation, EvaluateAnswerInput, Evaluator, Suggestion } from '../evaluation/evaluator';
