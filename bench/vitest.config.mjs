import { defineProject } from 'vitest/config';

// The benchmark harness's smoke test: tiny runs of the live and HTTP benchmarks against the built
// packages (dist), checking the report's shape and that transcripts and evaluations arrived.
export default defineProject({
  test: { name: 'bench', environment: 'node', include: ['*.test.mjs'], testTimeout: 180_000, hookTimeout: 60_000 },
});
