export * from './evaluator';
export * from './grading';
