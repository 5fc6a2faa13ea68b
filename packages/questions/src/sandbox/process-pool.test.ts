import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { childSource } from './child-runtime';
import { SandboxPool } from './process-pool';
import { isProcessAlive as alive } from '../testing/processes';

const pools: SandboxPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

function pool(options: Partial<ConstructorParameters<typeof SandboxPool>[0]> = {}): SandboxPool {
  const p = new SandboxPool({
    name: 'test',
    // Jobs: { op: 'echo', value } | { op: 'throw' } | { op: 'spin' } | { op: 'grow' } | { op: 'sleep', ms }.
    handler: () => (job: { op: string; value?: unknown; ms?: number }) => {
      if (job.op === 'echo') return job.value;
      if (job.op === 'throw') throw new Error('boom');
      if (job.op === 'sleep') return new Promise((resolve) => setTimeout(() => resolve('slept'), job.ms));
      if (job.op === 'spin') for (;;);
      const kept: Buffer[] = [];
      for (;;) kept.push(Buffer.alloc(8 * 1024 * 1024, 1));
    },
    ...options,
  } as ConstructorParameters<typeof SandboxPool>[0]);
  pools.push(p);
  return p;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return condition();
}

describe('SandboxPool', () => {
  it('runs jobs in a child process and reuses it; a thrown error is an `error` outcome', async () => {
    const p = pool();
    expect(await p.run({ op: 'echo', value: { a: [1, 'x'] } }, { timeoutMs: 5000 })).toMatchObject({ kind: 'ok', value: { a: [1, 'x'] } });
    expect(await p.run({ op: 'throw' }, { timeoutMs: 5000 })).toMatchObject({ kind: 'error', message: 'boom' });
    expect(await p.run({ op: 'echo', value: 2 }, { timeoutMs: 5000 })).toMatchObject({ kind: 'ok', value: 2 });
    expect(p.stats()).toMatchObject({ spawned: 1, processes: 1 });
    expect(p.pids()[0]).not.toBe(process.pid);
  });

  it('kills a runaway job at its time limit: the process is gone, the next job gets a fresh one', async () => {
    const p = pool();
    await p.run({ op: 'echo', value: 1 }, { timeoutMs: 5000 });
    const [pid] = p.pids();
    const outcome = await p.run({ op: 'spin' }, { timeoutMs: 300 });
    expect(outcome.kind).toBe('timeout');
    expect(alive(pid!)).toBe(false);
    expect(await p.run({ op: 'echo', value: 3 }, { timeoutMs: 5000 })).toMatchObject({ kind: 'ok', value: 3 });
    expect(p.stats()).toMatchObject({ killedOnTimeout: 1, spawned: 2 });
  });

  it('a child that passes its memory limit kills itself: the job ends `memory`, the parent is untouched', async () => {
    const p = pool({ memoryLimitMb: 128, heapLimitMb: 64 });
    const rssBefore = process.memoryUsage.rss();
    const outcome = await p.run({ op: 'grow' }, { timeoutMs: 20_000 });
    expect(outcome.kind).toBe('memory');
    expect(p.stats().killedOnMemory).toBe(1);
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(100 * 1024 * 1024);
  });

  it('refuses work past its queue with RATE_LIMITED and a retry hint instead of queueing without bound', async () => {
    const p = pool({ size: 1, maxQueue: 1 });
    const running = p.run({ op: 'sleep', ms: 400 }, { timeoutMs: 5000 });
    const queued = p.run({ op: 'echo', value: 'second' }, { timeoutMs: 5000 });
    const refused = await p.run({ op: 'echo', value: 'third' }, { timeoutMs: 3000 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { retry_after_seconds: 3 } });
    expect(await running).toMatchObject({ kind: 'ok', value: 'slept' });
    expect(await queued).toMatchObject({ kind: 'ok', value: 'second' });
    expect(p.stats().refused).toBe(1);
  });

  it('refuses a job that waited longer than its time limit for a process, so work ends soon after its sender stops', async () => {
    const p = pool({ size: 1 });
    const running = p.run({ op: 'spin' }, { timeoutMs: 1500 });
    const waiting = await p.run({ op: 'echo', value: 1 }, { timeoutMs: 300 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(waiting).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await running).toMatchObject({ kind: 'timeout' });
  });

  it('a queued job can be cancelled; close() ends what is running', async () => {
    const p = pool({ size: 1 });
    const running = p.run({ op: 'spin' }, { timeoutMs: 60_000 });
    const controller = new AbortController();
    const queued = p.run({ op: 'echo', value: 1 }, { timeoutMs: 5000, signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toMatchObject({ code: 'ABORTED' });
    await until(() => p.pids().length === 1, 5000);
    const [pid] = p.pids();
    await p.close();
    expect(await running).toMatchObject({ kind: 'crashed' });
    expect(alive(pid!)).toBe(false);
  });

  it('a child whose parent was killed (SIGKILL) kills itself, even in the middle of a runaway job', { timeout: 30_000 }, async () => {
    // A throwaway parent process starts a sandbox child (the pool's own program) on a runaway job,
    // prints the child's pid, and is then killed.
    const source = childSource({ memoryLimitBytes: 256 * 1024 * 1024 }, () => () => {
      for (;;);
    });
    const script = `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', process.env.CHILD_SOURCE], { env: {}, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' });
      child.on('message', (m) => {
        if (m.ready) { child.send({ id: 1, payload: {} }); setTimeout(() => process.stdout.write('CHILD ' + child.pid + '\\n'), 200); }
      });
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['-e', script], { env: { ...process.env, CHILD_SOURCE: source }, stdio: ['ignore', 'pipe', 'inherit'] });
    const childPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /CHILD (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.once('exit', (code) => reject(new Error(`parent exited early (${code}): ${out}`)));
    });
    expect(alive(childPid)).toBe(true);
    parent.kill('SIGKILL');
    const gone = await until(() => !alive(childPid), 5000);
    if (!gone) console.log((await import('node:child_process')).execSync(`ps -o pid,ppid,stat,cmd -p ${childPid}`).toString());
    expect(gone).toBe(true);
  });
});
