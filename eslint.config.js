// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/coverage/**', 'examples/web/public/**', '**/*.d.ts'],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A test that floats a promise cannot fail; a handler that returns one loses its errors.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'it', property: 'only' }, { object: 'describe', property: 'only' }],
    },
  },
  {
    // Core runs in browsers and edge workers: no Node built-ins, no vendor SDKs. zod only as a
    // namespace: `import { z } from 'zod'` takes the whole z object, every locale included, into
    // a browser bundle (core's replay + metrics: 104 KB gzip instead of 40 KB; checked by
    // scripts/check-bundle-size.mjs).
    files: ['packages/core/src/**/*.ts', 'packages/client/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/__fixtures__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['node:*', 'fs', 'path', 'ws', 'openai', 'assemblyai', 'fastify', 'kysely'], message: 'core and client must run in a browser.' }],
        },
      ],
      // (no-restricted-imports' importNames would flag `import * as z` too, which is the fix.)
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value=/^zod(\\/.*)?$/] > ImportSpecifier[imported.name='z']",
          message: "Import zod as a namespace: import * as z from 'zod' (the named z drags every zod locale into browser bundles).",
        },
      ],
    },
  },
  {
    // Vendors live in their own packages (packages/openai, packages/assemblyai); content and speech
    // never import them, and the server picks them only in its composition root (defaults.ts, with
    // the model defaults its config schema shows).
    files: ['packages/speech/src/**/*.ts', 'packages/questions/src/**/*.ts', 'packages/server-fastify/src/**/*.ts'],
    ignores: ['packages/server-fastify/src/defaults.ts', 'packages/server-fastify/src/config.ts', '**/*.test.ts', '**/__fixtures__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'openai',
                'openai/*',
                'assemblyai',
                'assemblyai/*',
                '@interviewkit/openai',
                '@interviewkit/openai/*',
                '@interviewkit/assemblyai',
                '@interviewkit/assemblyai/*',
              ],
              message: "Vendor code lives in its own package; only the server's defaults.ts picks vendors.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
