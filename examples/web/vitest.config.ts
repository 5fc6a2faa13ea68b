import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../scripts/vitest.shared.ts';

export default defineProject({
  ...sourceConditions,
  test: {
    name: 'example-web',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
