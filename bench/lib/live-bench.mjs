// Live-capacity benchmark: for each N, the same load against the bare `ws` baseline and against
// one InterviewKit server process (fresh process per level, one SQLite file for the whole run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runLive } from './live.mjs';
import { readProc, sampleProcess } from './proc-sampler.mjs';
import { ROOT, startBaselineWs, startInterviewKit } from './servers.mjs';

const MiB = 2 ** 20;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The bank's reference answers by question id (to script realistic answers). */
export async function loadReferenceAnswers() {
  const { questionBank } = await import(pathToFileURL(join(ROOT, 'packages/questions/dist/index.js')).href);
  const byId = new Map(questionBank().map((q) => [q.id, q.referenceAnswer ?? q.text]));
  return (id) => byId.get(id);
}

/** Registers `count` users through `POST /api/auth/register` (8 at a time); returns their tokens. */
export async function registerUsers(baseUrl, count, prefix) {
  const tokens = new Array(count);
  let next = 0;
  async function worker() {
    while (next < count) {
      const i = next++;
      const res = await fetch(`${baseUrl}/api/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${prefix}-${i}@bench.example.com`, password: 'bench-password-123' }),
      });
      if (res.status !== 201) throw new Error(`register ${i}: ${res.status} ${await res.text()}`);
      tokens[i] = (await res.json()).token;
    }
  }
  await Promise.all(Array.from({ length: Math.min(8, count) }, worker));
  return tokens;
}

/**
 * Runs the live benchmark.
 * @param {object} o
 * @param {number[]} o.levels  N values, ascending
 * @param {number} o.warmupMs
 * @param {number} o.measureMs
 * @param {number} [o.answerMs]
 * @param {boolean} [o.baseline]  also run the bare ws baseline (default true)
 * @param {number} [o.stopP99Ms]  stop before the next level when p99 transcription latency exceeds this
 * @param {(msg: string) => void} [o.log]
 * @param {(minute: number, sample: object) => void} [o.onMinute]  soak: memory sample each minute
 */
export async function runLiveBench(o) {
  const log = o.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'ik-bench-live-'));
  const databaseUrl = `sqlite:${join(dir, 'live.db')}`;
  const referenceAnswer = await loadReferenceAnswers();
  const levels = [];
  let stoppedEarly = null;
  try {
    // Users are registered over HTTP on the run's database, as many as the level needs (before
    // its measurement); tokens stay valid on every later server process (same JWT secret, same
    // database).
    const tokens = [];
    let registerSeconds = 0;
    for (const n of o.levels) {
      if (tokens.length < n) {
        const setup = await startInterviewKit({ databaseUrl });
        const registerStarted = performance.now();
        const more = await registerUsers(setup.url, n - tokens.length, `live-${process.pid}-${tokens.length}`);
        tokens.push(...more);
        registerSeconds += (performance.now() - registerStarted) / 1000;
        log(`registered ${more.length} more users (${tokens.length} in all) in ${((performance.now() - registerStarted) / 1000).toFixed(1)} s`);
        await setup.stop();
      }
      const level = { n };
      if (o.baseline !== false) {
        const base = await startBaselineWs();
        try {
          level.baseline = await measureLevel({ server: base, target: 'baseline', n, tokens, o, log });
        } finally {
          await base.stop();
        }
      }
      const ik = await startInterviewKit({ databaseUrl });
      try {
        level.interviewkit = await measureLevel({ server: ik, target: 'interviewkit', n, tokens, o, log, referenceAnswer });
      } finally {
        const exit = await ik.stop();
        level.interviewkit.server.exit = exit;
        level.interviewkit.server.logErrors = ik.logErrors;
        level.interviewkit.server.logWarnings = ik.logWarnings;
        if (ik.logErrors > 0) level.interviewkit.server.lastLog = ik.stderr.slice(-1500);
      }
      if (level.baseline) level.ratio = ratios(level.baseline, level.interviewkit);
      levels.push(level);
      const r = level.interviewkit;
      log(
        `N=${n}: interviewkit cpu ${(r.server.cpuCores * 100).toFixed(0)}% rss ${r.server.rssMiB} MiB (${r.server.kibPerSession} KiB/session) ` +
          `transcription p50/p99/max ${r.transcriptionLatencyMs.p50}/${r.transcriptionLatencyMs.p99}/${r.transcriptionLatencyMs.max} ms, ` +
          `evaluation p50/p99 ${r.evaluationLatencyMs.p50}/${r.evaluationLatencyMs.p99} ms, late ${r.frames.late}, dropped ${r.frames.dropped}, errors ${r.errors.eventCount}` +
          (level.baseline ? ` | baseline cpu ${(level.baseline.server.cpuCores * 100).toFixed(0)}% p99 ${level.baseline.transcriptionLatencyMs.p99} ms` : ''),
      );
      const reason = saturation(r, o.stopP99Ms ?? 1000);
      if (reason && n !== o.levels[o.levels.length - 1]) {
        stoppedEarly = { afterN: n, reason, skipped: o.levels.filter((x) => x > n) };
        log(`stopping early after N=${n}: ${reason}`);
        break;
      }
    }
    return { databaseUrl: 'sqlite (temporary file)', usersRegistered: tokens.length, registerSeconds: Math.round(registerSeconds * 10) / 10, levels, stoppedEarly };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Why a level counts as saturated (null when it kept up). */
function saturation(r, stopP99Ms) {
  if (r.startFailures > r.n * 0.01) return `${r.startFailures} of ${r.n} candidates could not start`;
  if (r.transcriptionLatencyMs.p99 !== null && r.transcriptionLatencyMs.p99 > stopP99Ms) return `p99 transcription latency ${r.transcriptionLatencyMs.p99} ms > ${stopP99Ms} ms`;
  if (r.frames.dropped > r.frames.scheduled * 0.01) return `${r.frames.dropped} frames dropped`;
  return null;
}

async function measureLevel({ server, target, n, tokens, o, log, referenceAnswer }) {
  await sleep(500);
  const idle = readProc(server.pid);
  let sampler = null;
  let atWindowEnd = null;
  const memory = [];
  const result = await runLive({
    target,
    wsUrl: server.wsUrl,
    tokens,
    n,
    warmupMs: o.warmupMs,
    measureMs: o.measureMs,
    answerMs: o.answerMs,
    referenceAnswer,
    log,
    onPhase: (phase) => {
      if (phase === 'measure-start') sampler = sampleProcess(server.pid, 250);
      else atWindowEnd = sampler.stop();
    },
    onMinute: (minute) => {
      const { rssBytes } = readProc(server.pid);
      const sample = { minute, rssMiB: Math.round((rssBytes / MiB) * 10) / 10 };
      memory.push(sample);
      log(`${target} N=${n} minute ${minute}: rss ${sample.rssMiB} MiB`);
      o.onMinute?.(minute, sample);
    },
  });
  const live = Math.max(1, result.started);
  result.server = {
    cpuCores: Math.round(atWindowEnd.cpuCores * 1000) / 1000,
    idleRssMiB: Math.round((idle.rssBytes / MiB) * 10) / 10,
    rssMiB: Math.round((atWindowEnd.rssBytes / MiB) * 10) / 10,
    peakRssMiB: Math.round((atWindowEnd.peakRssBytes / MiB) * 10) / 10,
    kibPerSession: Math.round(((atWindowEnd.rssBytes - idle.rssBytes) / 1024 / live) * 10) / 10,
    ...(memory.length ? { memoryEachMinute: memory } : {}),
  };
  return result;
}

/** InterviewKit as a fraction of the bare ws server at the same load. */
function ratios(base, ik) {
  const perCore = (r) => (r.server.cpuCores > 0 ? r.started / r.server.cpuCores : null);
  const ikPerCore = perCore(ik);
  const basePerCore = perCore(base);
  return {
    // Sessions one core sustains: InterviewKit's over the baseline's (throughput per CPU).
    sessionsPerCore: { interviewkit: round0(ikPerCore), baseline: round0(basePerCore), ratio: ikPerCore && basePerCore ? Math.round((ikPerCore / basePerCore) * 1000) / 1000 : null },
    // Frames delivered on schedule: InterviewKit's over the baseline's.
    framesPerSecond: base.frames.perSecond > 0 ? Math.round((ik.frames.perSecond / base.frames.perSecond) * 1000) / 1000 : null,
  };
}

const round0 = (v) => (v === null ? null : Math.round(v));
