import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import { InterviewKitError } from '@interviewkit/core';
import type { FastifyInstance } from 'fastify';

/**
 * Checks that `root` is a built web app (a directory with an `index.html`) and returns its
 * absolute path; raises `CONFIG_MISSING` naming WEB_ROOT otherwise, so a missing build stops the
 * server at start instead of answering 404 to the first visitor.
 */
export function resolveWebRoot(root: string): string {
  const dir = resolve(root);
  if (!existsSync(dir) || !statSync(dir).isDirectory() || !existsSync(join(dir, 'index.html'))) {
    throw new InterviewKitError(
      'CONFIG_MISSING',
      `WEB_ROOT ${dir} is not a built web app (no index.html): build it first (pnpm --filter @interviewkit/example-web build), or unset WEB_ROOT`,
    );
  }
  return dir;
}

/**
 * Serves a built single-page app (Vite's output) at `/`, beside the API, `/ws` and `/docs`.
 * Vite names the files under `assets/` by their content hash, so they are cached for a year and
 * never revalidated; `index.html` (and anything else unhashed) is revalidated on every visit, so a
 * new build shows at once. Unknown paths fall through to the server's JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  const dir = resolveWebRoot(root);
  const assets = `${sep}assets${sep}`;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    index: ['index.html'],
    // swagger-ui registers @fastify/static too; this instance does not need reply.sendFile.
    decorateReply: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.startsWith(dir) && path.slice(dir.length).startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
