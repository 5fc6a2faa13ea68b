export * from './retry';
export * from './json';
export * from './json-schema';
export * from './offline';
export * from './rubric-score';
export * from './rubric-evaluator';
