import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../scripts/vitest.shared.ts';

export default defineProject({
  ...sourceConditions,
  test: { name: 'assemblyai', environment: 'node' },
});
