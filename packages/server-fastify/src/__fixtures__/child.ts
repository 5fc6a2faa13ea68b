import { type ChildProcess, spawn } from 'node:child_process';
import { TEST_SECRET } from './server';
import { sourceNodeArgs } from './source-process';

export interface Child {
  proc: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts the real server (TypeScript sources) in a child process. */
export function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, sourceNodeArgs('__fixtures__/child-server.ts'), {
    env: { ...process.env, JWT_SECRET: TEST_SECRET, REDIS_URL: '', INSTANCE_ID: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`child did not start: ${stderr}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1]!, exited });
      }
    });
    void exited.then((code) => reject(new Error(`child exited (${code}): ${stderr}`)));
  });
}

/** Kills (SIGKILL) every child still running and waits for each to exit; empties the list. */
export async function stopChildren(children: Child[]): Promise<void> {
  for (const c of children.splice(0)) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
    await c.exited;
  }
}

export async function json(url: string, init: RequestInit & { token?: string } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
