export * from './retry';
export * from './json';
export * from './json-schema';
export * from './openai-errors';
export * from './openai';
export * from './offline';
export * from './select';
