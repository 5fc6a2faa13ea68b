export * from './question-generator';
export * from './seed-request';
export * from './question-provider';
export * from './stored-difficulty';
export * from './agentic-session';
