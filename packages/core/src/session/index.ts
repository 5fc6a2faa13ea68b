export * from './session-types';
export * from './question';
export * from './interview-session';
export * from './question-label';
