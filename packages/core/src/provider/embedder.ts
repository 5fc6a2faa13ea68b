// The embedder contract is declared with the evaluators that use it (../evaluation/evaluator.ts);
// re-exported here so every provider contract can be found in this folder.
export type { Embedder } from '../evaluation/evaluator';
