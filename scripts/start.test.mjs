import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

describe('pnpm start (scripts/start.mjs), as a new user runs it', () => {
  it(
    'with two workers: builds once (the workers re-run the script but do not build), serves the web page at / and the API, stops on Ctrl-C',
    { timeout: 240_000 },
    async () => {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'ik-start-'));
      const child = spawn(process.execPath, [`${root}scripts/start.mjs`], {
        cwd: root,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', WORKERS: '2', DATABASE_URL: `sqlite://${join(dir, 'ik.db')}`, NODE_ENV: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      try {
        const deadline = Date.now() + 200_000;
        while (!output.includes('InterviewKit is running') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        expect(output).toContain(`open http://127.0.0.1:${port}/ in a browser`);
        const page = await fetch(`http://127.0.0.1:${port}/`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/text\/html/);
        const health = await fetch(`http://127.0.0.1:${port}/api/health`);
        expect(await health.json()).toMatchObject({ status: 'ok' });
        expect(output.match(/building the server and the web page/g)).toHaveLength(1);
      } finally {
        child.kill('SIGINT');
        const end = await exited;
        rmSync(dir, { recursive: true, force: true });
        expect(end.code).toBe(0);
      }
    },
  );
});
