import { defineConfig } from 'tsup';
import { packageConfig } from '../../scripts/tsup.shared.ts';

export default defineConfig(packageConfig(import.meta.dirname, ['src/index.ts', 'src/openai-models.ts', 'src/testing/index.ts'], { platform: 'node' }));
