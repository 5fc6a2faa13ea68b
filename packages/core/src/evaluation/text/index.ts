export * from './porter-stemmer';
export * from './stop-words';
export * from './tokenize';
export * from './lexicon';
export * from './term-weights';
