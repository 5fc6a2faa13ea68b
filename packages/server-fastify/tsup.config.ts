import { defineConfig } from 'tsup';
import { packageConfig } from '../../scripts/tsup.shared.ts';

// Keep the `node:` prefix: prefix-only built-ins such as `node:sqlite` cannot be imported without it
// (tsup strips it by default, which breaks the import). storage-thread is the entry of the SQLite
// storage thread (dist/storage/storage-thread.js, started by ThreadedStorage).
export default defineConfig(
  packageConfig(import.meta.dirname, ['src/index.ts', 'src/bin.ts', 'src/storage/storage-thread.ts'], {
    platform: 'node',
    target: ['es2023', 'node22'],
    removeNodeProtocol: false,
  }),
);
