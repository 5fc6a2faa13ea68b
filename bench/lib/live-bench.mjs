// Live-capacity benchmark: for each N, the same load against InterviewKit (`interviewkit-server`,
// a primary and a worker per core unless `workers` says otherwise; a fresh server per level, one
// SQLite file for the whole run) and against the bare `ws` baseline speaking the same protocol.
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runLive } from './live.mjs';
import { readTreeTotals, sampleProcess } from './proc-sampler.mjs';
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
 * @param {number} [o.questionCount]  questions per interview (default 3)
 * @param {number} [o.startWindowMs]  candidates start at random over this window (default 10 000; 0 = all at once)
 * @param {number} [o.workers]  WORKERS of the server (default: unset, one per core)
 * @param {number} [o.ratioN]  the N at which the ratio to the bare ws server is taken (default 1000, else the largest level)
 * @param {boolean} [o.baseline]  also run the bare ws baseline (default true)
 * @param {number} [o.stopP99Ms]  stop before the next level when p99 transcription latency exceeds this
 * @param {(msg: string) => void} [o.log]
 * @param {(minute: number, sample: object) => void} [o.onMinute]  soak: memory sample each minute
 */
export async function runLiveBench(o) {
  const log = o.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'ik-bench-live-'));
  const databaseFile = join(dir, 'live.db');
  const databaseUrl = `sqlite:${databaseFile}`;
  const referenceAnswer = await loadReferenceAnswers();
  const startWindowMs = o.startWindowMs ?? 10_000;
  const serverEnv = o.workers ? { WORKERS: String(o.workers) } : {};
  const levels = [];
  let stoppedEarly = null;
  try {
    // Users are registered over HTTP on the run's database, as many as the level needs (before
    // its measurement); tokens stay valid on every later server process (same JWT secret, same
    // database).
    const tokens = [];
    let registerSeconds = 0;
    for (const [levelIndex, n] of o.levels.entries()) {
      if (tokens.length < n) {
        const setup = await startInterviewKit({ databaseUrl, env: serverEnv });
        const registerStarted = performance.now();
        const more = await registerUsers(setup.url, n - tokens.length, `live-${process.pid}-${tokens.length}`);
        tokens.push(...more);
        registerSeconds += (performance.now() - registerStarted) / 1000;
        log(`registered ${more.length} more users (${tokens.length} in all) in ${((performance.now() - registerStarted) / 1000).toFixed(1)} s`);
        await setup.stop();
      }
      // Other processes on the machine skew every number: the load average says how busy it was.
      const level = { n, loadAvgAtStart: loadavg().map((v) => +v.toFixed(2)) };
      const common = { n, tokens, o: { ...o, startWindowMs, seed: levelIndex + 1 }, log, referenceAnswer };
      const ik = await startInterviewKit({ databaseUrl, env: serverEnv });
      try {
        level.interviewkit = await measureLevel({ server: ik, target: 'interviewkit', ...common });
      } finally {
        const exit = await ik.stop();
        level.interviewkit.server.exit = exit;
        level.interviewkit.server.logErrors = ik.logErrors;
        level.interviewkit.server.logWarnings = ik.logWarnings;
        if (ik.logErrors > 0) level.interviewkit.server.lastLog = ik.stderr.slice(-1500);
      }
      level.interviewkit.saved = savedCheck(databaseFile, level.interviewkit.completedSessions);
      delete level.interviewkit.completedSessions;
      if (o.baseline !== false) {
        const base = await startBaselineWs();
        try {
          level.baseline = await measureLevel({ server: base, target: 'baseline', ...common });
          delete level.baseline.completedSessions;
        } finally {
          await base.stop();
        }
        level.ratio = ratios(level.baseline, level.interviewkit);
      }
      level.loadAvgAtEnd = loadavg().map((v) => +v.toFixed(2));
      levels.push(level);
      const r = level.interviewkit;
      log(
        `N=${n}: interviewkit cpu ${(r.server.cpuCores * 100).toFixed(0)}% (${r.server.processes} processes) rss ${r.server.rssMiB} MiB ` +
          `transcription p50/p99 ${r.transcriptionLatencyMs.p50}/${r.transcriptionLatencyMs.p99} ms, evaluation p99 ${r.evaluationLatencyMs.p99} ms, next question p99 ${r.nextQuestionLatencyMs.p99} ms, ` +
          `complete p99 ${r.completionLatencyMs.p99} ms, interviews ${r.events.interviewsCompleted} (saved ${r.saved.saved}), dropped ${r.frames.dropped}, errors ${r.errors.eventCount}` +
          (level.baseline
            ? ` | baseline cpu ${(level.baseline.server.cpuCores * 100).toFixed(0)}% p99 ${level.baseline.transcriptionLatencyMs.p99} ms, messages ${level.baseline.messages.perSecond}/s vs ${r.messages.perSecond}/s`
            : ''),
      );
      const reason = saturation(r, o.stopP99Ms ?? 1000);
      if (reason && n !== o.levels[o.levels.length - 1]) {
        stoppedEarly = { afterN: n, reason, skipped: o.levels.filter((x) => x > n) };
        log(`stopping early after N=${n}: ${reason}`);
        break;
      }
    }
    return {
      databaseUrl: 'sqlite (temporary file)',
      workers: o.workers ?? 'one per core',
      startWindowSeconds: startWindowMs / 1000,
      usersRegistered: tokens.length,
      registerSeconds: Math.round(registerSeconds * 10) / 10,
      levels,
      ratio: ratioAtFixedN(levels, o.ratioN),
      stoppedEarly,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Why a level counts as saturated (null when it kept up). */
function saturation(r, stopP99Ms) {
  if (r.startFailures > r.n * 0.01) return `${r.startFailures} of ${r.n} candidates could not start`;
  if (r.transcriptionLatencyMs.p99 !== null && r.transcriptionLatencyMs.p99 > stopP99Ms)
    return `p99 transcription latency ${r.transcriptionLatencyMs.p99} ms > ${stopP99Ms} ms`;
  if (r.frames.dropped > r.frames.scheduled * 0.01) return `${r.frames.dropped} frames dropped`;
  return null;
}

async function measureLevel({ server, target, n, tokens, o, log, referenceAnswer }) {
  await sleep(500);
  const idle = readTreeTotals(server.pid);
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
    questionCount: o.questionCount,
    startWindowMs: o.startWindowMs,
    seed: o.seed,
    referenceAnswer,
    log,
    onPhase: (phase) => {
      if (phase === 'measure-start') sampler = sampleProcess(server.pid, 250);
      else atWindowEnd = sampler.stop();
    },
    onMinute: (minute) => {
      const { rssBytes } = readTreeTotals(server.pid);
      const sample = { minute, rssMiB: Math.round((rssBytes / MiB) * 10) / 10 };
      memory.push(sample);
      log(`${target} N=${n} minute ${minute}: rss ${sample.rssMiB} MiB`);
      o.onMinute?.(minute, sample);
    },
  });
  const live = Math.max(1, result.started);
  result.server = {
    // Summed over the server's process tree (a primary and its workers; threads included).
    cpuCores: Math.round(atWindowEnd.cpuCores * 1000) / 1000,
    cpuCoresPer1000Sessions: Math.round((atWindowEnd.cpuCores / live) * 1000 * 1000) / 1000,
    processes: atWindowEnd.processes,
    idleRssMiB: Math.round((idle.rssBytes / MiB) * 10) / 10,
    rssMiB: Math.round((atWindowEnd.rssBytes / MiB) * 10) / 10,
    peakRssMiB: Math.round((atWindowEnd.peakRssBytes / MiB) * 10) / 10,
    kibPerSession: Math.round(((atWindowEnd.rssBytes - idle.rssBytes) / 1024 / live) * 10) / 10,
    ...(memory.length ? { memoryEachMinute: memory } : {}),
  };
  return result;
}

/**
 * Whether every interview that completed in the window is saved: its row is `completed` with its
 * metrics and summary, and its user's mastery is stored (read from the SQLite file after the
 * server has stopped).
 */
function savedCheck(file, sessionIds) {
  if (sessionIds.length === 0) return { completed: 0, saved: 0, withSummary: 0, usersWithMastery: 0, missing: [] };
  const db = new DatabaseSync(file);
  try {
    const row = db.prepare(
      'SELECT status, speech_metrics IS NOT NULL AS metrics, feedback IS NOT NULL AS summary, user_id FROM interview_sessions WHERE id = ?',
    );
    const mastery = db.prepare('SELECT COUNT(*) AS n FROM user_mastery WHERE user_id = ?');
    let saved = 0;
    let withSummary = 0;
    const users = new Set();
    const missing = [];
    for (const id of sessionIds) {
      const r = row.get(id);
      if (r && r.status === 'completed' && r.metrics) {
        saved++;
        if (r.summary) withSummary++;
        users.add(r.user_id);
      } else if (missing.length < 5) missing.push(id);
    }
    const usersWithMastery = [...users].filter((u) => mastery.get(u).n > 0).length;
    return { completed: sessionIds.length, saved, withSummary, users: users.size, usersWithMastery, missing };
  } finally {
    db.close();
  }
}

/** InterviewKit as a fraction of the bare ws server at the same load (same frames, same messages). */
function ratios(base, ik) {
  const perCore = (r) => (r.server.cpuCores > 0 ? r.started / r.server.cpuCores : null);
  const ikPerCore = perCore(ik);
  const basePerCore = perCore(base);
  const allStarted = ik.startFailures === 0 && base.startFailures === 0;
  return {
    allStarted,
    // Sessions one core sustains: InterviewKit's over the baseline's (throughput per CPU).
    sessionsPerCore: {
      interviewkit: round0(ikPerCore),
      baseline: round0(basePerCore),
      ratio: allStarted && ikPerCore && basePerCore ? Math.round((ikPerCore / basePerCore) * 1000) / 1000 : null,
    },
    // The two servers' traffic: the baseline sends what InterviewKit sends.
    messagesPerSecond: {
      interviewkit: ik.messages.perSecond,
      baseline: base.messages.perSecond,
      ratio: ik.messages.perSecond > 0 ? Math.round((base.messages.perSecond / ik.messages.perSecond) * 1000) / 1000 : null,
    },
    bytesPerSecond: {
      interviewkit: ik.messages.bytesPerSecond,
      baseline: base.messages.bytesPerSecond,
      ratio: ik.messages.bytesPerSecond > 0 ? Math.round((base.messages.bytesPerSecond / ik.messages.bytesPerSecond) * 1000) / 1000 : null,
    },
    framesPerSecond: { interviewkit: ik.frames.perSecond, baseline: base.frames.perSecond },
  };
}

/** The ratio to the bare ws server at one fixed N (`ratioN`, default 1000, else the largest level run), only if every session started. */
function ratioAtFixedN(levels, ratioN) {
  const withRatio = levels.filter((l) => l.ratio);
  if (withRatio.length === 0) return null;
  const target = ratioN ?? (withRatio.some((l) => l.n === 1000) ? 1000 : withRatio[withRatio.length - 1].n);
  const level = withRatio.find((l) => l.n === target);
  if (!level) return { n: target, ratio: null, reason: `N=${target} was not run` };
  if (!level.ratio.allStarted) return { n: target, ratio: null, reason: 'not every session started' };
  return { n: target, ratio: level.ratio.sessionsPerCore.ratio };
}

const round0 = (v) => (v === null ? null : Math.round(v));
