export * from './question-generator';
export * from './seed-request';
export * from './question-provider';
