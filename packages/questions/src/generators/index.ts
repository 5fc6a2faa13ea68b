export * from './question-generator';
export * from './seed-request';
