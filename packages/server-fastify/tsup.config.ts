import { defineConfig } from 'tsup';
import { packageConfig } from '../../scripts/tsup.shared.ts';

// Keep the `node:` prefix: prefix-only built-ins such as `node:sqlite` cannot be imported without it
// (tsup strips it by default, which breaks the import).
export default defineConfig(packageConfig(import.meta.dirname, ['src/index.ts', 'src/testing/index.ts', 'src/bin.ts'], { platform: 'node', target: ['es2023', 'node22'], removeNodeProtocol: false }));
