import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { TEST_SECRET } from './server';
import { envWithout, sourceNodeArgs } from './source-process';

/** `interviewkit-server --workers N` (TypeScript sources) in a child process. */
export interface TestCluster {
  proc: ChildProcess;
  url: string;
  wsUrl: string;
  /** Every JSON log line printed so far (primary and workers). */
  lines: Array<Record<string, unknown> & { msg?: string }>;
  /** The `worker started` lines of the primary: instance id and pid of each worker forked. */
  workers(): Array<{ instance: string; workerPid: number }>;
  /** How many `Server listening at` lines the workers printed. */
  listening(): number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stderr(): string;
}

/** Starts the bin with `--workers <workers>` on `env`; resolves once every worker listens. */
export function startCluster(env: Record<string, string>, workers = 2): Promise<TestCluster> {
  const clean = envWithout(['JWT_SECRET', 'NODE_ENV', 'DATABASE_URL', 'PORT', 'REDIS_URL', 'WORKERS', 'INSTANCE_ID']);
  const proc = spawn(process.execPath, sourceNodeArgs('bin.ts', ['--workers', String(workers)]), {
    env: { ...clean, NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', AUTH_RATE_LIMIT_PER_MINUTE: '1000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: TestCluster['lines'] = [];
  let stderr = '';
  let partial = '';
  proc.stdout!.on('data', (d: Buffer) => {
    partial += d.toString();
    const complete = partial.split('\n');
    partial = complete.pop()!;
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line) as TestCluster['lines'][number]);
      } catch {
        // not a log line
      }
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const listeningLines = () => lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('Server listening at'));
  const cluster: Omit<TestCluster, 'url' | 'wsUrl'> = {
    proc,
    lines,
    exited,
    workers: () => lines.filter((l) => l.msg === 'worker started').map((l) => ({ instance: l.instance as string, workerPid: l.workerPid as number })),
    listening: () => listeningLines().length,
    stderr: () => stderr,
  };
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`the cluster did not start: ${stderr.slice(-2000)}`)), 120_000);
    const poll = setInterval(() => {
      if (listeningLines().length < workers) return;
      clearInterval(poll);
      clearTimeout(deadline);
      const url = /Server listening at (\S+)/.exec(listeningLines()[0]!.msg!)![1]!;
      resolve({ ...cluster, url, wsUrl: url.replace(/^http/, 'ws') });
    }, 100);
    void exited.then(({ code }) => {
      clearInterval(poll);
      clearTimeout(deadline);
      reject(new Error(`the cluster exited (${code}): ${stderr.slice(-2000)}`));
    });
  });
}

/** A keep-alive HTTP connection: every request on it reaches the same worker. */
export interface PinnedConnection {
  json(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; body: Record<string, unknown> }>;
  text(method: string, path: string, options?: { token?: string; body?: unknown }): Promise<{ status: number; contentType: string | undefined; body: string }>;
  close(): void;
}

/** Opens one keep-alive connection to `url` (the cluster hands it to one worker, which keeps it). */
export function pinnedConnection(url: string): PinnedConnection {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const text: PinnedConnection['text'] = (method, path, options = {}) =>
    new Promise((resolve, reject) => {
      const body = options.body === undefined ? undefined : JSON.stringify(options.body);
      const req = request(
        `${url}${path}`,
        {
          method,
          agent,
          headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
        },
        (res) => {
          let out = '';
          res.on('data', (d: Buffer) => (out += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: out }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  return {
    text,
    json: async (method, path, options) => {
      const res = await text(method, path, options);
      return { status: res.status, body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} };
    },
    close: () => agent.destroy(),
  };
}
