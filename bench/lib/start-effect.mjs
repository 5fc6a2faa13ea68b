// The random-start effect (issue 16): the same N candidates started all at once (their answers
// in lock-step) and started at random over a window (their answers spread), against one server
// each, with what the server did in each window: CPU, latencies, and — with `perf` — how many
// system calls of each kind it made (event-loop wake-ups, socket reads and writes, SQLite WAL
// writes and syncs, thread hand-offs), per second and per audio frame. Counts do not depend on
// how busy the machine is; CPU and latencies do.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReferenceAnswers, registerUsers } from './live-bench.mjs';
import { runLive } from './live.mjs';
import { readProcTree, sampleProcess } from './proc-sampler.mjs';
import { startInterviewKit } from './servers.mjs';

/** System calls counted (Linux tracepoints), by what they mean for the server. */
const SYSCALLS = {
  'loop wake-ups': ['epoll_wait', 'epoll_pwait', 'epoll_pwait2'],
  'socket reads': ['read', 'readv', 'recvfrom', 'recvmsg'],
  'socket writes': ['write', 'writev', 'sendto', 'sendmsg'],
  'WAL writes (pwrite64)': ['pwrite64'],
  'syncs (fsync, fdatasync)': ['fsync', 'fdatasync'],
  'thread wake-ups (futex)': ['futex'],
};

/** Whether `perf stat` can count syscall tracepoints here. */
function perfAvailable() {
  const probe = spawnSync('perf', ['stat', '-x,', '-e', 'syscalls:sys_enter_epoll_wait', '--', 'true'], { encoding: 'utf8' });
  return probe.status === 0 && !/not supported|<not counted>|Permission|not found/i.test(probe.stderr ?? '');
}

/** Counts the syscalls of `pids` (every thread) for `seconds`; resolves with counts by syscall. */
function perfCount(pids, seconds) {
  const events = Object.values(SYSCALLS)
    .flat()
    .map((name) => `syscalls:sys_enter_${name}`);
  const proc = spawn('perf', ['stat', '-x,', '-e', events.join(','), '-p', pids.join(','), '--', 'sleep', String(seconds)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let out = '';
  proc.stderr.on('data', (d) => (out += d.toString()));
  return new Promise((resolve) => {
    proc.on('exit', () => {
      const counts = {};
      for (const line of out.split('\n')) {
        const [value, , event] = line.split(',');
        const name = event?.replace('syscalls:sys_enter_', '');
        if (name && /^\d+$/.test(value ?? '')) counts[name] = Number(value);
      }
      resolve(counts);
    });
  });
}

/**
 * Runs N candidates all at once and at random over `startWindowMs`, one fresh server each.
 * @param {object} o
 * @param {number} o.n
 * @param {number} o.warmupMs
 * @param {number} o.measureMs
 * @param {number} [o.answerMs]
 * @param {number} [o.questionCount]
 * @param {number} [o.startWindowMs]  the random mode's window (default 8000, the issue's)
 * @param {number} [o.workers]  WORKERS of the server (default 1: one process, as in the issue)
 * @param {Record<string,string>} [o.env]  more server environment (e.g. PARTIAL_PERSIST_MS)
 * @param {(msg: string) => void} [o.log]
 */
export async function runStartEffect(o) {
  const log = o.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'ik-bench-start-'));
  const databaseUrl = `sqlite:${join(dir, 'live.db')}`;
  const env = { WORKERS: String(o.workers ?? 1), ...o.env };
  const perf = perfAvailable();
  if (!perf) log('perf cannot count syscall tracepoints here: syscall counts are left out');
  const referenceAnswer = await loadReferenceAnswers();
  try {
    const setup = await startInterviewKit({ databaseUrl, env });
    const tokens = await registerUsers(setup.url, o.n, `start-${process.pid}`);
    await setup.stop();
    const modes = [];
    for (const [name, startWindowMs] of [
      ['together', 0],
      ['random', o.startWindowMs ?? 8000],
    ]) {
      const server = await startInterviewKit({ databaseUrl, env });
      let sampler = null;
      let cpu = null;
      let counting = null;
      const loadAvgAtStart = loadavg()[0];
      try {
        const result = await runLive({
          target: 'interviewkit',
          wsUrl: server.wsUrl,
          tokens,
          n: o.n,
          warmupMs: o.warmupMs,
          measureMs: o.measureMs,
          answerMs: o.answerMs,
          questionCount: o.questionCount,
          startWindowMs,
          referenceAnswer,
          log,
          onPhase: (phase) => {
            if (phase === 'measure-start') {
              sampler = sampleProcess(server.pid, 250);
              if (perf) counting = perfCount([...readProcTree(server.pid).keys()], Math.floor(o.measureMs / 1000));
            } else cpu = sampler.stop();
          },
        });
        const counts = counting ? await counting : null;
        const seconds = result.windowSeconds;
        const frames = result.frames.sent;
        const syscalls = counts
          ? Object.fromEntries(
              Object.entries(SYSCALLS).map(([label, names]) => {
                const total = names.reduce((a, n) => a + (counts[n] ?? 0), 0);
                return [label, { perSecond: Math.round(total / seconds), perFrame: frames ? Math.round((total / frames) * 1000) / 1000 : null }];
              }),
            )
          : null;
        modes.push({
          mode: name,
          startWindowSeconds: startWindowMs / 1000,
          loadAvg: [loadAvgAtStart, loadavg()[0]].map((v) => +v.toFixed(2)),
          started: result.started,
          cpuCores: Math.round(cpu.cpuCores * 1000) / 1000,
          framesPerSecond: result.frames.perSecond,
          messagesPerSecond: result.messages.perSecond,
          cpuMsPerFrame: frames ? Math.round(((cpu.cpuCores * seconds * 1000) / frames) * 1000) / 1000 : null,
          transcriptionLatencyMs: result.transcriptionLatencyMs,
          evaluationLatencyMs: result.evaluationLatencyMs,
          generator: result.generator,
          syscalls,
        });
        log(
          `${name}: cpu ${cpu.cpuCores.toFixed(3)} cores, p99 ${result.transcriptionLatencyMs.p99} ms${syscalls ? `, loop wake-ups/frame ${syscalls['loop wake-ups'].perFrame}` : ''}`,
        );
      } finally {
        await server.stop();
      }
    }
    return { n: o.n, workers: env.WORKERS, env: o.env ?? {}, perf, modes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The Markdown table of a start-effect run. */
export function startEffectTable(r) {
  const md = [];
  const labels = Object.keys(SYSCALLS);
  md.push(
    `| start | CPU (cores) | CPU ms / frame | frames/s | frame → transcription p50 / p99 | ${labels.map((l) => `${l} / frame`).join(' | ')} | load avg |`,
  );
  md.push(`|---|---|---|---|---|${labels.map(() => '---|').join('')}---|`);
  for (const m of r.modes) {
    md.push(
      `| ${m.mode === 'random' ? `random over ${m.startWindowSeconds} s` : 'all at once'} | ${m.cpuCores} | ${m.cpuMsPerFrame} | ${m.framesPerSecond} | ${m.transcriptionLatencyMs.p50} / ${m.transcriptionLatencyMs.p99} ms | ${labels.map((l) => (m.syscalls ? m.syscalls[l].perFrame : '–')).join(' | ')} | ${m.loadAvg.join('–')} |`,
    );
  }
  return md.join('\n');
}
