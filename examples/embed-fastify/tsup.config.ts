import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'es2023',
  clean: true,
  sourcemap: true,
  dts: false,
});
