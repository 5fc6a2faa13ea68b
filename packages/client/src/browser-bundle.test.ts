import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The client must run in browsers: bundling it for the browser platform must succeed without a
// single Node built-in, and the bundle must not mention `node:` imports.
describe('browser bundle', () => {
  it('bundles for the browser with no Node built-ins', async () => {
    const nodeImports: string[] = [];
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      conditions: ['@interviewkit/source'],
      logLevel: 'silent',
      plugins: [
        {
          name: 'no-node-builtins',
          setup(b) {
            const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
            b.onResolve({ filter: /.*/ }, (args) => {
              if (builtins.has(args.path)) nodeImports.push(`${args.path} (from ${args.importer})`);
              return undefined;
            });
          },
        },
      ],
    });
    expect(nodeImports).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).toContain('InterviewKitClient');
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code.length).toBeGreaterThan(10_000);
  });
});
