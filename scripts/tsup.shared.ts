import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Options } from 'tsup';

/**
 * The one tsup configuration every @interviewkit package builds with: ESM only, source maps, and
 * the package version injected as __PACKAGE_VERSION__. JavaScript only: the declarations (with
 * declaration maps) come from scripts/build-types.mjs, which the package's `build` script runs
 * after tsup; `build:js` (what `pnpm start` runs) stops here, so a re-build keeps the
 * declarations of the last full build. The source maps point into src/ (published) rather than
 * embedding it a second time.
 */
export function packageConfig(dir: string, entry: string[], overrides: Partial<Options> = {}): Options {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string };
  return {
    entry,
    format: ['esm'],
    target: 'es2023',
    dts: false,
    sourcemap: true,
    clean: ['!**/*.d.ts', '!**/*.d.ts.map'],
    esbuildOptions(options) {
      options.sourcesContent = false;
    },
    splitting: true,
    treeshake: true,
    tsconfig: 'tsconfig.build.json',
    define: { __PACKAGE_VERSION__: JSON.stringify(pkg.version) },
    ...overrides,
  };
}

/** The tsup configuration of the runnable examples: one Node ESM entry, no declarations. */
export function exampleConfig(entry: string): Options {
  return { entry: [entry], format: ['esm'], platform: 'node', target: 'es2023', clean: true, sourcemap: true, dts: false };
}
