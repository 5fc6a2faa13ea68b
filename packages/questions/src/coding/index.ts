export * from './sql-challenges';
export * from './sql-runner';
