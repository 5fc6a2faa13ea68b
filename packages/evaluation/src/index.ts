export { createConceptEvaluator, CONCEPT_EVALUATOR_ID, VERDICT_VALUE, type ConceptEvaluatorOptions, type ConceptExplanation } from './evaluator';
export { bankConceptAlternatives } from './bank/alternatives';
export type { ConceptAlternatives } from './model/question-model';
export {
  parseCorpus,
  scoreCorpus,
  isQueryAnswer,
  CalibrationCorpusSchema,
  ANSWER_KINDS,
  type AnswerKind,
  type CorpusItem,
  type ScoredItem,
} from './calibration/corpus';
export { calibrationReport, reportMarkdown, spearman, type CalibrationReport, type OrderingCheck } from './calibration/report';
