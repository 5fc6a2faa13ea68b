import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../scripts/vitest.shared.ts';

export default defineProject({
  ...sourceConditions,
  test: { name: 'core', environment: 'node', exclude: ['**/node_modules/**', 'src/**/*.edge.test.ts'] },
});
