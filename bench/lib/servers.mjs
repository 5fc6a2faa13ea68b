// Child processes of the benchmarks: the built InterviewKit server (its `interviewkit-server` bin,
// exactly as operators run it), the bare `ws` baseline and a bare Fastify route. Loopback only.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The server started by the live and HTTP benchmarks; `BENCH_SERVER_BIN` runs another build (a comparison). */
export const BIN = process.env.BENCH_SERVER_BIN ?? fileURLToPath(new URL('../../packages/server-fastify/dist/bin.js', import.meta.url));
/** The JWT secret of every benchmark server (tokens stay valid across restarts on one database). */
export const BENCH_JWT_SECRET = 'interviewkit-bench-secret-'.padEnd(48, 'x');

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Wraps a spawned child: collects its stderr (last 64 KiB), counts pino lines at level >= 50
 * (error/fatal), and stops it with SIGTERM (SIGKILL after `killAfterMs`).
 */
function wrapChild(proc, name) {
  let stderr = '';
  let errorLines = 0;
  let warnLines = 0;
  const onLog = (chunk) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-65_536);
    for (const line of text.split('\n')) {
      const m = /"level":(\d+)/.exec(line);
      if (m && Number(m[1]) >= 50) errorLines++;
      else if (m && Number(m[1]) >= 40) warnLines++;
    }
  };
  proc.stderr?.on('data', onLog);
  const exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return {
    name,
    proc,
    pid: proc.pid,
    exited,
    get stderr() {
      return stderr;
    },
    get logErrors() {
      return errorLines;
    },
    get logWarnings() {
      return warnLines;
    },
    onLog,
    async stop(killAfterMs = 20_000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return exited;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/**
 * Starts the built InterviewKit server (`packages/server-fastify/dist/bin.js`) on `databaseUrl`
 * with benchmark limits (auth and WS rate limits raised, live-session cap raised, log level
 * warn). Resolves once `/api/health` answers.
 */
export async function startInterviewKit({ databaseUrl, env = {} }) {
  const port = await freePort();
  const proc = spawn(process.execPath, [BIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      JWT_SECRET: BENCH_JWT_SECRET,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_PER_MINUTE: '10000',
      WS_MESSAGES_PER_SECOND: '1000',
      MAX_LIVE_SESSIONS: '100000',
      REDIS_URL: '',
      ASSEMBLYAI_API_KEY: '',
      OPENAI_API_KEY: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child = wrapChild(proc, 'interviewkit');
  proc.stdout.on('data', child.onLog); // pino writes to stdout
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`interviewkit-server exited with ${proc.exitCode}: ${child.stderr.slice(-2000)}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await child.stop(1000);
      throw new Error(`interviewkit-server did not become healthy: ${child.stderr.slice(-2000)}`);
    }
    await sleep(100);
  }
  return { ...child, url, wsUrl: `ws://127.0.0.1:${port}` };
}

/** Starts a `node <script>` child that prints one JSON line `{"port": n}` once listening. */
async function startPortPrinter(script, name) {
  const proc = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const child = wrapChild(proc, name);
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${child.stderr}`)), 30_000);
    proc.stdout.on('data', (d) => {
      out += d.toString();
      const m = /"port":\s*(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => reject(new Error(`${name} exited (${code}): ${child.stderr}`)));
  });
  return { ...child, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}` };
}

/** The bare `ws` baseline server (bench/lib/baseline-ws-server.mjs). */
export function startBaselineWs() {
  return startPortPrinter(fileURLToPath(new URL('./baseline-ws-server.mjs', import.meta.url)), 'baseline-ws');
}

/** A bare Fastify server with one route returning a constant (bench/lib/bare-fastify-server.mjs). */
export function startBareFastify() {
  return startPortPrinter(fileURLToPath(new URL('./bare-fastify-server.mjs', import.meta.url)), 'bare-fastify');
}
