import { defineProject } from 'vitest/config';

// Tests of the repository's own scripts (the Node version check that `pnpm start` and `pnpm test` run first).
export default defineProject({
  test: { name: 'scripts', environment: 'node', include: ['*.test.mjs'] },
});
