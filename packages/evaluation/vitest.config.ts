import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../scripts/vitest.shared.ts';

export default defineProject({
  ...sourceConditions,
  // The first test of a file opens WordNet, the wink model and the word vectors: seconds on a busy machine.
  test: { name: 'evaluation', environment: 'node', testTimeout: 30_000 },
});
