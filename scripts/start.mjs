// `pnpm start`: builds what the reference server and the web page need (turbo's `build:js`
// task — JavaScript only, no declarations — cached, so a second start builds nothing), then runs
// the server in this process with the web page at `/`. The newcomer sees two lines: "building"
// and the server's own line with the URLs. Ctrl-C stops the server gracefully (exit status 0).
//
// Defaults, each overridden by the variable when it is set: NODE_ENV=development (a random
// per-process JWT secret), WEB_ROOT=examples/web/dist, LOG_LEVEL=warn (the JSON request log of
// an operator: `LOG_LEVEL=info pnpm start`).
import './check-node.mjs'; // first: on an old Node it says what to install and exits
import { spawn } from 'node:child_process';
import cluster from 'node:cluster';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SERVER = '@interviewkit/server-fastify';
const WEB = '@interviewkit/example-web';

/** Runs turbo quietly: its output is shown only when the build fails. */
function build() {
  return new Promise((resolve) => {
    const turbo = spawn(
      `${root}node_modules/.bin/${process.platform === 'win32' ? 'turbo.cmd' : 'turbo'}`,
      ['run', 'build:js', `--filter=${SERVER}...`, `--filter=${WEB}...`, '--output-logs=errors-only', '--log-prefix=none'],
      // Turbo's first run prints a telemetry notice; InterviewKit's scripts do not send telemetry.
      { cwd: root, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    turbo.stdout.on('data', (d) => (output += d));
    turbo.stderr.on('data', (d) => (output += d));
    turbo.on('error', (error) => resolve({ ok: false, output: `${output}${error.message}\n` }));
    turbo.on('exit', (code) => resolve({ ok: code === 0, output }));
  });
}

// The server's cluster workers re-run this script (cluster.fork): only the primary builds.
if (cluster.isPrimary) {
  process.stderr.write('InterviewKit: building the server and the web page (cached after the first start)…\n');
  const built = await build();
  if (!built.ok) {
    process.stderr.write(`${built.output}InterviewKit: the build failed (above); nothing was started.\n`);
    process.exit(1);
  }
}

process.env.NODE_ENV = process.env.NODE_ENV || 'development';
process.env.WEB_ROOT = process.env.WEB_ROOT || `${root}examples/web/dist`;
process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'warn';
await import(pathToFileURL(`${root}packages/server-fastify/dist/bin.js`).href);
