import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../scripts/vitest.shared.ts';

// Runs core's portability tests inside the Edge runtime (Web APIs only, no Node built-ins):
// core must work unchanged in browsers, workers and edge functions.
export default defineProject({
  ...sourceConditions,
  test: { name: 'core-edge', environment: 'edge-runtime', include: ['src/**/*.edge.test.ts'] },
});
