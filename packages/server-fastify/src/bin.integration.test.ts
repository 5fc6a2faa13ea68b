import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const here = import.meta.dirname;

function runBin(env: Record<string, string>, untilLine?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['JWT_SECRET', 'NODE_ENV', 'DATABASE_URL', 'PORT'].includes(k)));
  const proc = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', '--conditions=@interviewkit/source', '--import', join(here, '__fixtures__/ts-loader.mjs'), join(here, 'bin.ts')], {
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalled = false;
  proc.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (untilLine && !signalled && untilLine.test(stdout)) {
      signalled = true;
      proc.kill('SIGTERM');
    }
  });
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => proc.once('exit', (code) => resolve({ code, stdout, stderr })));
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

  // The default runs a worker per core under a primary (one worker on a single core).
  it('starts on an embedded SQLite file, logs JSON with pino and exits cleanly on SIGTERM', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ik-bin-'));
    try {
      const { code, stdout } = await runBin({ JWT_SECRET: 'x'.repeat(40), DATABASE_URL: `sqlite:${join(dir, 'ik.db')}`, PORT: '0' }, /Server listening at/);
      expect(code).toBe(0);
      const lines = stdout.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; level: number });
      expect(lines.some((l) => /Server listening at/.test(l.msg))).toBe(true);
      expect(lines.some((l) => /shutting down/.test(l.msg))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
