export * from './evaluator';
export * from './grading';
export * from './text';
export * from './answer-analysis';
export * from './offline-evaluator';
export * from './embedding-evaluator';
