export * from './question-generator';
