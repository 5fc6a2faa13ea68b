#!/usr/bin/env node
// Declarations of a package, with declaration maps: `node ../../scripts/build-types.mjs src/index.ts src/testing/index.ts`
// run in the package's directory after tsup (which builds the JavaScript only). One bundled
// .d.ts per entry beside its .js (dist/index.d.ts, dist/testing/index.d.ts) and a .d.ts.map
// pointing into src/, so "go to definition" in an editor lands in the TypeScript source the
// package ships. tsup's own dts step cannot emit declaration maps (it turns them off), hence
// rollup-plugin-dts here.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { rollup } from 'rollup';
import { dts } from 'rollup-plugin-dts';

const entries = process.argv.slice(2);
if (entries.length === 0) {
  console.error('usage: build-types.mjs <entry.ts>...');
  process.exit(2);
}

// Declarations of an earlier build go first, so a removed entry leaves nothing behind.
if (existsSync('dist')) {
  for (const entry of readdirSync('dist', { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && /\.d\.ts(\.map)?$/.test(entry.name)) rmSync(join(entry.parentPath, entry.name));
  }
}

const input = Object.fromEntries(entries.map((file) => [file.replace(/^src\//, '').replace(/\.ts$/, ''), file]));
const bundle = await rollup({
  input,
  // Every bare import (workspace packages, zod, fastify, …) stays an import of that package.
  external: (id) => !id.startsWith('.') && !isAbsolute(id),
  plugins: [dts({ tsconfig: 'tsconfig.build.json', sourcemap: true, compilerOptions: { declarationMap: true } })],
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'EMPTY_BUNDLE') return;
    warn(warning);
  },
});
await bundle.write({ dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: '[name]-[hash].d.ts', sourcemap: true });
await bundle.close();
