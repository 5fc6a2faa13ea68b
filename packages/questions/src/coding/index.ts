export * from './sql-challenges';
export * from './sql-runner';
export * from './sql-sandbox';
export * from './challenge-evaluator';
export * from './sql-question';
