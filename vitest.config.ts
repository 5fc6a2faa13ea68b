import { defineConfig } from 'vitest/config';

// CI sets IK_TEST_REPORT to a path: a JSON report is written there for the pass/fail summary.
const report = process.env.IK_TEST_REPORT;

// One run over every workspace package and example; each has its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: [
      'packages/*/vitest.config.ts',
      'packages/*/vitest.*.config.ts',
      'examples/*/vitest.config.ts',
      'bench/vitest.config.mjs',
      'scripts/vitest.config.mjs',
    ],
    reporters: report ? ['default', ['json', { outputFile: report }]] : ['default'],
    // Integration tests start servers and child processes; give them room on a 2-core machine.
    passWithNoTests: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
