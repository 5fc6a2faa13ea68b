export * from './question-source';
export * from './queue-question-source';
export * from './answer-transcript';
export * from './engine-options';
export * from './interview-engine';
export * from './adaptive-question-source';
