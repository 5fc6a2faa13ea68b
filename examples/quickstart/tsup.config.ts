import { defineConfig } from 'tsup';
import { exampleConfig } from '../../scripts/tsup.shared.ts';

export default defineConfig(exampleConfig('src/cli.ts'));
