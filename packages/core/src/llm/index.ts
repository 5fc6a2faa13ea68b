export * from './language-model';
export * from './json';
export * from './json-schema';
