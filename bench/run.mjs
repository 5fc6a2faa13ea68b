#!/usr/bin/env node
// `pnpm bench`: live capacity (InterviewKit vs a bare ws server), HTTP session routes on SQLite
// and PostgreSQL (vs a bare Fastify route) and the package benchmarks, in one report:
// bench/results/latest.json and bench/results/latest.md (printed at the end). See bench/README.md.
//
//   node bench/run.mjs [--quick] [--levels=100,500,1000,2000] [--warmup=5] [--measure=60]
//     [--answer=8] [--questions=3] [--start-window=10] [--workers=N] [--ratio-n=1000]
//     [--sessions=100000] [--http-duration=10] [--only=live,http,core,soak,start-effect]
//     [--start-effect-n=1000]
//     [--no-baseline] [--pg=postgres://…] [--no-pg] [--stop-p99=1000] [--soak] [--soak-minutes=10]
//     [--filter=packages/core/] [--out=bench/results]
//     [--attacks=runaway-sql,docx-bomb,…] [--attack-seconds=20] [--honest=50]   (--only=attack)
//
// A package's `pnpm bench` runs only its own benchmarks: `--only=core --filter=packages/<pkg>/`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ATTACKS, runAttackBench } from './lib/attack-bench.mjs';
import { runCoreBench } from './lib/core-bench.mjs';
import { runHttpBench } from './lib/http-bench.mjs';
import { runLiveBench } from './lib/live-bench.mjs';
import { runStartEffect } from './lib/start-effect.mjs';
import { toMarkdown } from './lib/report.mjs';
import { ROOT } from './lib/servers.mjs';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    levels: { type: 'string' },
    warmup: { type: 'string' },
    measure: { type: 'string' },
    answer: { type: 'string', default: '8' },
    questions: { type: 'string', default: '3' },
    'start-window': { type: 'string', default: '10' },
    workers: { type: 'string' },
    'ratio-n': { type: 'string' },
    'start-effect-n': { type: 'string', default: '1000' },
    sessions: { type: 'string' },
    'http-duration': { type: 'string' },
    only: { type: 'string' },
    'no-baseline': { type: 'boolean', default: false },
    pg: { type: 'string' },
    'no-pg': { type: 'boolean', default: false },
    'stop-p99': { type: 'string', default: '1000' },
    soak: { type: 'boolean', default: false },
    'soak-minutes': { type: 'string', default: '10' },
    'soak-sessions': { type: 'string', default: '200' },
    filter: { type: 'string' },
    attacks: { type: 'string' },
    'attack-seconds': { type: 'string' },
    honest: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench', 'results') },
  },
  allowPositionals: false,
});

const quick = args.quick;
const only = new Set((args.only ?? (args.soak ? 'live,http,core,soak' : 'live,http,core,attack')).split(',').map((s) => s.trim()));
const levels = (args.levels ?? (quick ? '50,100' : '100,500,1000,2000'))
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
const warmupMs = Number(args.warmup ?? (quick ? 3 : 5)) * 1000;
// Long enough for interviews (3 questions of 8 s answers ≈ 30 s) to complete inside the window.
const measureMs = Number(args.measure ?? (quick ? 35 : 60)) * 1000;
const answerMs = Number(args.answer) * 1000;
const questionCount = Number(args.questions);
const startWindowMs = Number(args['start-window']) * 1000;
const workers = args.workers === undefined ? undefined : Number(args.workers);
const ratioN = args['ratio-n'] === undefined ? undefined : Number(args['ratio-n']);
const sessions = Number(args.sessions ?? (quick ? 10_000 : 100_000));
const httpDuration = Number(args['http-duration'] ?? (quick ? 3 : 10));
const pgUrl = args['no-pg'] ? null : (args.pg ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

const report = {
  date: new Date().toISOString(),
  mode: args.soak && only.size === 1 ? 'soak' : quick ? 'quick' : 'full',
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: process.platform,
    loadAvgAtStart: loadavg().map((v) => +v.toFixed(2)),
  },
  config: {
    levels,
    warmupMs,
    measureMs,
    answerMs,
    questionCount,
    startWindowMs,
    workers: workers ?? 'one per core',
    ratioN: ratioN ?? null,
    sessions,
    httpDurationS: httpDuration,
    stopP99Ms: Number(args['stop-p99']),
    baseline: !args['no-baseline'],
    postgres: pgUrl ? 'yes' : 'no',
  },
};
const started = performance.now();

if (only.has('core')) {
  log('core benchmarks');
  report.core = await runCoreBench({ log, ...(args.filter ? { filter: args.filter } : {}) });
}
if (only.has('live')) {
  log(`live capacity: N = ${levels.join(', ')}`);
  report.live = await runLiveBench({
    levels,
    warmupMs,
    measureMs,
    answerMs,
    questionCount,
    startWindowMs,
    workers,
    ratioN,
    baseline: !args['no-baseline'],
    stopP99Ms: Number(args['stop-p99']),
    log,
  });
}
if (only.has('start-effect')) {
  const n = Number(args['start-effect-n']);
  log(`random start: ${n} candidates all at once, then at random over ${args['start-window']} s`);
  report.startEffect = await runStartEffect({ n, warmupMs, measureMs, answerMs, questionCount, startWindowMs, workers: workers ?? 1, log });
}
if (only.has('http')) {
  log(`HTTP: ${sessions} sessions`);
  report.http = await runHttpBench({ sessions, durationS: httpDuration, pgUrl, log });
}
if (only.has('attack')) {
  const attacks = args.attacks ? args.attacks.split(',').map((s) => s.trim()) : ATTACKS;
  const honest = Number(args.honest ?? (quick ? 20 : 50));
  const attackSeconds = Number(args['attack-seconds'] ?? (quick ? 8 : 20));
  log(`attacks: ${attacks.join(', ')} — ${attackSeconds} s each beside ${honest} honest live interviews`);
  report.attack = await runAttackBench({ attacks, honest, attackSeconds, log });
}
if (only.has('soak')) {
  const minutes = Number(args['soak-minutes']);
  const n = Number(args['soak-sessions']);
  log(`soak: ${n} live sessions for ${minutes} minutes`);
  const soak = await runLiveBench({
    levels: [n],
    warmupMs: 10_000,
    measureMs: minutes * 60_000,
    answerMs,
    questionCount,
    startWindowMs,
    workers,
    baseline: false,
    log,
  });
  const result = soak.levels[0].interviewkit;
  const memory = result.server.memoryEachMinute ?? [];
  // Bound: RSS at the end at most 20% above RSS after the first minute (heap warmed up, every
  // session running).
  const bound = { fromMinute: 1, maxGrowthPercent: 20 };
  const first = memory.find((x) => x.minute === bound.fromMinute)?.rssMiB;
  const last = memory[memory.length - 1]?.rssMiB;
  const growthPercent = first && last ? Math.round(((last - first) / first) * 1000) / 10 : null;
  report.soak = {
    sessions: n,
    minutes,
    memoryEachMinute: memory,
    bound,
    growthPercent,
    withinBound: growthPercent !== null && growthPercent <= bound.maxGrowthPercent,
    result,
  };
}
report.seconds = Math.round((performance.now() - started) / 1000);
// Other processes on the machine skew every number: the load average says how busy it was.
report.machine.loadAvgAtEnd = loadavg().map((v) => +v.toFixed(2));

const outDir = resolve(args.out);
mkdirSync(outDir, { recursive: true });
const md = toMarkdown(report);
writeFileSync(join(outDir, 'latest.json'), JSON.stringify(report, null, 2) + '\n');
writeFileSync(join(outDir, 'latest.md'), md + '\n');
process.stdout.write(md + '\n');
log(`wrote ${join(outDir, 'latest.json')} and latest.md in ${report.seconds} s`);
