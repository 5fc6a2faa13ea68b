import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { envWithout, sourceNodeArgs } from './__fixtures__/source-process';

function runBin(
  env: Record<string, string>,
  untilLine?: RegExp,
  whileUp?: (url: string) => Promise<void>,
  stop: (proc: ChildProcess, stdout: () => string) => void = (proc) => proc.kill('SIGINT'),
): Promise<{ code: number | null; stdout: string; stderr: string; failure?: unknown }> {
  const clean = envWithout(['JWT_SECRET', 'NODE_ENV', 'DATABASE_URL', 'PORT', 'WEB_ROOT', 'LOG_LEVEL']);
  const proc = spawn(process.execPath, sourceNodeArgs('bin.ts'), {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  let failure: unknown;
  const check = (): void => {
    if (!untilLine || signalled || !untilLine.test(stdout + stderr)) return;
    signalled = true;
    const url = /(http:\/\/[^\s/]+)\/ in a browser|API (http:\/\/[^\s/]+)\/api/.exec(stderr);
    void (whileUp && url ? whileUp(url[1] ?? url[2]!) : Promise.resolve()).catch((error: unknown) => (failure = error)).finally(() => stop(proc, () => stdout));
  };
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    check();
  });
  proc.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    check();
  });
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, stdout, stderr, failure })));
}

describe('interviewkit-server (bin)', () => {
  it('refuses to start without JWT_SECRET in production, naming the variable', { timeout: 30_000 }, async () => {
    const { code, stderr } = await runBin({});
    expect(code).toBe(78);
    expect(stderr).toMatch(/JWT_SECRET is required outside development/);
    const bad = await runBin({ JWT_SECRET: 'x'.repeat(40), PORT: 'abc' });
    expect(bad.code).toBe(78);
    expect(bad.stderr).toMatch(/PORT \(port\)/);
    // Workers share one database: a private in-memory one cannot be split between them.
    const memory = await runBin({ JWT_SECRET: 'x'.repeat(40), DATABASE_URL: ':memory:', WORKERS: '2' });
    expect(memory.code).toBe(78);
    expect(memory.stderr).toMatch(/WORKERS \(workers\) above 1 needs a database the workers share/);
  });

  // The default runs a worker per core under a primary (one worker on a single core); the primary
  // prints the one line.
  it(
    'starts on an embedded SQLite file, logs JSON with pino on stdout, says where it runs in one line on stderr and exits cleanly on SIGINT',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'ik-bin-'));
      try {
        const { code, stdout, stderr } = await runBin(
          { JWT_SECRET: 'x'.repeat(40), DATABASE_URL: `sqlite:${join(dir, 'ik.db')}`, PORT: '0' },
          /API is running/,
        );
        expect(code).toBe(0);
        const lines = stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { msg: string; level: number });
        expect(lines.some((l) => /Server listening at/.test(l.msg))).toBe(true);
        expect(lines.some((l) => /shutting down/.test(l.msg))).toBe(true);
        expect(stderr.trim().split('\n')).toEqual([
          expect.stringMatching(/^InterviewKit API is running: http:\/\/127\.0\.0\.1:\d+\/api · docs http:\/\/127\.0\.0\.1:\d+\/docs · Ctrl-C stops it$/),
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  // Ctrl-C in a terminal signals the primary and every worker; the primary's request to stop can
  // reach a worker before the worker's own SIGINT. That order used to read as a second Ctrl-C: the
  // workers exited 1 ("second signal") and `pnpm start` ended with "ELIFECYCLE Command failed".
  it('ends cleanly (exit 0) on one Ctrl-C even when the primary tells the workers before their own SIGINT arrives', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ik-bin-ctrlc-'));
    const told = new Set<number>();
    try {
      const { code, stdout } = await runBin(
        { JWT_SECRET: 'x'.repeat(40), DATABASE_URL: `sqlite:${join(dir, 'ik.db')}`, PORT: '0', WORKERS: '2', LOG_LEVEL: 'info' },
        /API is running/,
        undefined,
        (proc, stdoutOf) => {
          const workers = stdoutOf()
            .split('\n')
            .flatMap((line) => (line.includes('"worker started"') ? [(JSON.parse(line) as { workerPid: number }).workerPid] : []));
          expect(workers).toHaveLength(2);
          proc.kill('SIGINT');
          // Each worker's own SIGINT comes once it is stopping on the primary's request.
          let seen = stdoutOf().length;
          const poll = setInterval(() => {
            const fresh = stdoutOf().slice(seen);
            seen += fresh.length;
            for (const line of fresh.split('\n')) {
              const pid = /"pid":(\d+).*"signal":"primary".*shutting down/.exec(line)?.[1];
              if (pid === undefined || told.has(Number(pid))) continue;
              told.add(Number(pid));
              try {
                process.kill(Number(pid), 'SIGINT');
              } catch {
                // already gone
              }
            }
            if (told.size === workers.length) clearInterval(poll);
          }, 2);
          proc.once('exit', () => clearInterval(poll));
        },
      );
      expect(told.size).toBe(2);
      expect(stdout).not.toMatch(/second signal/);
      expect(code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('serves a built web app at / (WEB_ROOT) beside the API and the docs', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ik-bin-web-'));
    try {
      const web = join(dir, 'web');
      mkdirSync(join(web, 'assets'), { recursive: true });
      writeFileSync(join(web, 'index.html'), '<!doctype html><title>InterviewKit page</title><script type="module" src="/assets/app-1a2b3c.js"></script>');
      writeFileSync(join(web, 'assets', 'app-1a2b3c.js'), 'console.log("app")');
      const { code, stderr, failure } = await runBin(
        { NODE_ENV: 'development', DATABASE_URL: `sqlite:${join(dir, 'ik.db')}`, PORT: '0', WEB_ROOT: web, LOG_LEVEL: 'warn' },
        /in a browser/,
        async (url) => {
          const page = await fetch(`${url}/`);
          expect(page.status).toBe(200);
          expect(page.headers.get('content-type')).toMatch(/text\/html/);
          expect(page.headers.get('cache-control')).toBe('no-cache');
          expect(await page.text()).toContain('InterviewKit page');
          const asset = await fetch(`${url}/assets/app-1a2b3c.js`);
          expect(asset.status).toBe(200);
          expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
          expect(((await (await fetch(`${url}/api/health`)).json()) as { status: string }).status).toBe('ok');
          expect((await fetch(`${url}/docs/`)).status).toBe(200);
          const missing = await fetch(`${url}/no-such-page`);
          expect(missing.status).toBe(404);
          expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
        },
      );
      expect(failure).toBeUndefined();
      expect(code).toBe(0);
      // LOG_LEVEL=warn in development: nothing on stderr but the one line (the random JWT secret is expected there, not a warning).
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^InterviewKit is running: open http:\/\/127\.0\.0\.1:\d+\/ in a browser · API .*\/api · docs .*\/docs · Ctrl-C stops it$/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a WEB_ROOT that is not a built web app, naming the variable', { timeout: 30_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ik-bin-noweb-'));
    try {
      const { code, stderr } = await runBin({ NODE_ENV: 'development', DATABASE_URL: `sqlite:${join(dir, 'ik.db')}`, PORT: '0', WEB_ROOT: dir });
      expect(code).toBe(78);
      expect(stderr).toMatch(/^interviewkit-server: WEB_ROOT .* is not a built web app \(no index\.html\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
