import { defaultClientConditions, defineConfig, type ProxyOptions } from 'vite';

/**
 * `/api` and `/ws` are proxied to an InterviewKit server, so the page and the API share one
 * origin (no CORS set-up). Used by `vite` (dev), `vite preview` and the end-to-end test.
 */
export function interviewKitProxy(target: string): Record<string, ProxyOptions> {
  return {
    '/api': { target, changeOrigin: true },
    '/ws': { target: target.replace(/^http/, 'ws'), ws: true, changeOrigin: true },
  };
}

const target = process.env.INTERVIEWKIT_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  // The workspace packages' TypeScript sources are bundled directly (no package build needed).
  resolve: { conditions: ['@interviewkit/source', ...defaultClientConditions] },
  server: { port: 5173, proxy: interviewKitProxy(target) },
  preview: { port: 4173, proxy: interviewKitProxy(target) },
  build: { target: 'es2022', sourcemap: true },
});
