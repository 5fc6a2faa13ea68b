export * from './session-types';
export * from './json-limits';
export * from './question';
export * from './interview-session';
export * from './question-label';
