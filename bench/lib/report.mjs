// The Markdown summary of a benchmark report (bench/results/latest.md).
import { startEffectTable } from './start-effect.mjs';

const num = (v, d = 1) =>
  v === null || v === undefined
    ? '–'
    : typeof v === 'number'
      ? Math.abs(v) >= 1000
        ? Math.round(v).toLocaleString('en-US')
        : String(+v.toFixed(d))
      : String(v);
const lat = (s) => (s && s.count ? `${num(s.p50, 1)} / ${num(s.p99, 1)} / ${num(s.max, 0)}` : '–');
const yes = (b) => (b === null || b === undefined ? '–' : b ? 'yes' : '**no**');

/** Goals of issues 8 and 16, evaluated on a report. */
export function goals(report) {
  const out = [];
  const levels = report.live?.levels ?? [];
  const at = (n) => levels.find((l) => l.n === n)?.interviewkit;
  if (report.live) {
    const r = at(2000);
    const p99 = (s) => (s && s.p99 !== null ? s.p99 : null);
    out.push({
      goal: '2,000 live sessions: p99 frame → transcription, done → answer_evaluated and done → next question < 100 ms; nothing dropped; every interview saved',
      measured: r
        ? `p99 ${num(p99(r.transcriptionLatencyMs))} / ${num(p99(r.evaluationLatencyMs))} / ${num(p99(r.nextQuestionLatencyMs))} ms; ${r.frames.dropped} frames dropped, ${r.startFailures} failed to start, ${errorsOf(r)} errors; ${r.saved.saved} of ${r.saved.completed} completed interviews saved`
        : 'N=2000 not run',
      met: r
        ? [r.transcriptionLatencyMs, r.evaluationLatencyMs, r.nextQuestionLatencyMs].every((x) => p99(x) !== null && p99(x) < 100) &&
          r.frames.dropped === 0 &&
          r.startFailures === 0 &&
          errorsOf(r) === 0 &&
          r.saved.completed > 0 &&
          r.saved.saved === r.saved.completed
        : null,
    });
    const measured = levels.filter((l) => l.interviewkit.startFailures === 0);
    if (measured.length) {
      const worst = measured.reduce((a, l) => (l.interviewkit.server.cpuCoresPer1000Sessions > a.interviewkit.server.cpuCoresPer1000Sessions ? l : a));
      out.push({
        goal: 'server CPU ≤ 0.5 cores per 1,000 sessions (every level where all started)',
        measured: `${num(worst.interviewkit.server.cpuCoresPer1000Sessions, 3)} at N=${worst.n} (highest)`,
        met: worst.interviewkit.server.cpuCoresPer1000Sessions <= 0.5,
      });
    }
    const fixed = report.live.ratio;
    if (fixed) {
      out.push({
        goal: `≥ 0.5 of the bare ws server at equal message rates (sessions per core, N=${fixed.n})`,
        measured: fixed.ratio === null ? fixed.reason : num(fixed.ratio, 3),
        met: fixed.ratio === null ? null : fixed.ratio >= 0.5,
      });
    }
  }
  for (const x of attackGoals(report.attack)) out.push(x);
  for (const [db, r] of Object.entries(report.http?.databases ?? {})) {
    if (!r.routes) continue;
    const p99s = Object.values(r.routes).map((x) => x.p99Ms);
    out.push({
      goal: `HTTP p99 < 10 ms on ${db} (${num(r.storedSessions, 0)} sessions)`,
      measured: Object.entries(r.routes)
        .map(([k, x]) => `${k.replace('GET ', '')} ${x.p99Ms} ms`)
        .join(', '),
      met: p99s.every((p) => p < 10),
    });
  }
  return out;
}

/** Goals of issue 15 over every attack scenario (null when no attack was run). */
function attackGoals(attack) {
  if (!attack?.scenarios?.length) return [];
  const all = attack.scenarios;
  const worst = (f) => Math.max(...all.map(f).filter((v) => typeof v === 'number'));
  const runaway = all.filter((s) => /sql|summary/.test(s.attack));
  return [
    {
      goal: 'under every attack: health p99 < 100 ms, no failed probe',
      measured: `worst p99 ${num(worst((s) => s.health.latencyMs.p99))} ms, ${all.reduce((a, s) => a + s.health.failures, 0)} failed probes`,
      met: worst((s) => s.health.latencyMs.p99) < 100 && all.every((s) => s.health.failures === 0),
    },
    {
      goal: `the ${attack.honest} honest interviews: end of answer → feedback p99 < 100 ms`,
      measured: `worst p99 ${num(worst((s) => s.feedbackLatencyMs.p99))} ms`,
      met: worst((s) => s.feedbackLatencyMs.p99) < 100,
    },
    ...(runaway.length
      ? [
          {
            goal: 'server CPU < 0.15 cores within 5 s after a runaway query',
            measured: runaway.map((s) => `${s.attack}: ${s.secondsToIdle ?? '>6'} s`).join(', '),
            met: runaway.every((s) => s.secondsToIdle !== null && s.secondsToIdle <= 5),
          },
        ]
      : []),
    {
      goal: 'server RSS < 600 MB',
      measured: `max ${num(worst((s) => s.maxServerRssMiB))} MiB (${num(worst((s) => s.maxWithSandboxesRssMiB))} MiB with sandbox processes)`,
      met: worst((s) => s.maxServerRssMiB) * 1.048576 < 600,
    },
    { goal: 'SIGTERM exits within 15 s', measured: `slowest ${num(worst((s) => s.sigtermSeconds))} s`, met: worst((s) => s.sigtermSeconds) < 15 },
    {
      goal: 'nothing of the honest interviews lost',
      measured:
        all
          .filter((s) => !s.nothingLost)
          .map((s) => `${s.attack}: ${JSON.stringify(s.lost)}`)
          .join('; ') || 'nothing lost',
      met: all.every((s) => s.nothingLost),
    },
  ];
}

const errorsOf = (r) => r.errors.eventCount + r.errors.socketErrors + r.errors.unexpectedCloses + (r.attributionErrors ?? 0);
const p50p99 = (s) => (s && s.count ? `${num(s.p50, 1)} / ${num(s.p99, 1)}` : '–');
const p99Of = (s) => (s && s.count ? num(s.p99, 1) : '–');

/**
 * The table of the issue: one row per N, InterviewKit against the bare ws server at the same N
 * (same frames, same messages).
 */
export function liveSummaryTable(live) {
  const md = [];
  md.push(
    '| N | server CPU (cores) | per 1,000 sessions | RSS MiB | frame → transcription p50 / p99 | done → answer_evaluated p99 | done → next question p99 | last answer → interview_complete p99 | interviews completed / saved | messages/s (IK / bare) | ratio to bare ws | load avg |',
  );
  md.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const level of live.levels) {
    const r = level.interviewkit;
    const ratio = level.ratio ? (level.ratio.allStarted ? num(level.ratio.sessionsPerCore.ratio, 2) : 'not all started') : '–';
    const started = r.startFailures > 0 ? ` (${r.startFailures} of ${num(r.n, 0)} could not start)` : '';
    md.push(
      `| ${num(level.n, 0)}${started} | ${num(r.server.cpuCores, 2)} (${r.server.processes} proc.) | ${num(r.server.cpuCoresPer1000Sessions, 2)} | ${num(r.server.rssMiB, 0)} | ${p50p99(r.transcriptionLatencyMs)} ms | ${p99Of(r.evaluationLatencyMs)} ms | ${p99Of(r.nextQuestionLatencyMs)} ms | ${p99Of(r.completionLatencyMs)} ms | ${num(r.saved.completed, 0)} / ${num(r.saved.saved, 0)} | ${num(r.messages.perSecond, 0)} / ${level.baseline ? num(level.baseline.messages.perSecond, 0) : '–'} | ${ratio} | ${level.loadAvgAtStart?.[0] ?? '?'}–${level.loadAvgAtEnd?.[0] ?? '?'} |`,
    );
  }
  return md.join('\n');
}

/** Markdown summary. */
export function toMarkdown(report) {
  const md = [];
  const m = report.machine;
  md.push('# InterviewKit benchmark results', '');
  md.push(
    `${report.date} · ${m.cpus} × ${m.cpu} · ${m.memoryGiB} GiB · Node ${m.node} · mode: ${report.mode}${m.loadAvgAtStart ? ` · load average (1 min) ${m.loadAvgAtStart[0]} at start, ${m.loadAvgAtEnd?.[0] ?? '?'} at end` : ''}`,
    '',
  );

  const g = goals(report);
  if (g.length) {
    md.push('## Goals (issues 8, 15 and 16)', '', '| goal | measured | met |', '|---|---|---|');
    for (const x of g) md.push(`| ${x.goal} | ${x.measured} | ${yes(x.met)} |`);
    md.push('');
  }

  if (report.live) {
    const L = report.live;
    const first = L.levels[0]?.interviewkit;
    md.push('## Live capacity', '');
    md.push(
      `\`interviewkit-server\` (workers: ${L.workers}; SQLite file, mock transcriber, offline evaluation), a fresh server per level, against the bare ws server speaking the same protocol (same frames in, same messages out, none of the work). N candidates, started at random over ${L.startWindowSeconds} s, each running ${first?.questionsPerInterview ?? '?'}-question interviews of ${first?.answerSeconds ?? '?'} s spoken answers (PCM16 16 kHz, 100 ms frames in real time) back to back. Window ${first?.windowSeconds ?? '?'} s after every candidate started and a warm-up. Server CPU and RSS are summed over the server's processes (primary and workers, threads included).`,
      '',
    );
    md.push(liveSummaryTable(L), '');
    if (L.ratio)
      md.push(
        `Ratio to the bare ws server, taken at N=${L.ratio.n}: ${L.ratio.ratio === null ? L.ratio.reason : `**${num(L.ratio.ratio, 3)}**`} (sessions per core, InterviewKit's over the baseline's, at equal frames and messages).`,
        '',
      );
    md.push('Every run (latencies in ms: p50 / p99 / max):', '');
    md.push(
      '| N | server | CPU | RSS MiB | KiB / session | frame → transcription | done → answer_evaluated | done → next question | messages/s | KiB/s out | frames sent | late | dropped | errors | gen. CPU / loop p99 |',
    );
    md.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const level of L.levels) {
      for (const key of ['interviewkit', 'baseline']) {
        const r = level[key];
        if (!r) continue;
        const errors = errorsOf(r) + r.startFailures;
        md.push(
          `| ${num(level.n, 0)} | ${key === 'baseline' ? 'bare ws' : 'InterviewKit'} | ${num(r.server.cpuCores * 100, 0)}% | ${num(r.server.rssMiB)} | ${num(r.server.kibPerSession)} | ${lat(r.transcriptionLatencyMs)} | ${lat(r.evaluationLatencyMs)} | ${lat(r.nextQuestionLatencyMs)} | ${num(r.messages.perSecond, 0)} | ${num(r.messages.bytesPerSecond / 1024, 0)} | ${num(r.frames.sent, 0)} | ${r.frames.late} | ${r.frames.dropped} | ${errors} | ${num(r.generator.cpuCores * 100, 0)}% / ${num(r.generator.eventLoopDelayP99Ms)} ms |`,
        );
      }
    }
    md.push('');
    if (L.stoppedEarly) md.push(`Stopped early after N=${L.stoppedEarly.afterN}: ${L.stoppedEarly.reason}; not run: ${L.stoppedEarly.skipped.join(', ')}.`, '');
  }

  if (report.attack) {
    const A = report.attack;
    md.push('## Hostile input (issue 15)', '');
    md.push(
      `Each attack for ${A.attackSeconds} s from ${A.attackers} attacker accounts against a fresh server, beside ${A.honest} honest live voice interviews; then ${A.afterSeconds} s without it. Latencies in ms (p50 / p99 / max); RSS in MiB (the server alone / with its sandbox processes); CPU in cores (server + sandboxes) in each second after the attack.`,
      '',
    );
    md.push(
      '| attack | feedback (done → evaluated) | health | failed probes | max RSS | CPU after (s 1…6) | SIGTERM s | lost | attacker saw |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const s of A.scenarios) {
      md.push(
        `| ${s.attack} | ${lat(s.feedbackLatencyMs)} | ${lat(s.health.latencyMs)} | ${s.health.failures} / ${s.health.probes} | ${num(s.maxServerRssMiB)} / ${num(s.maxWithSandboxesRssMiB)} | ${s.cpuCoresEachSecondAfter.map((c) => num(c, 2)).join(' ')} | ${num(s.sigtermSeconds)} | ${s.nothingLost ? 'nothing' : `**${JSON.stringify(s.lost)}**`} | ${
          Object.entries(s.attacker ?? {})
            .map(([k, v]) => `${k}×${v}`)
            .join(' ') || '–'
        } |`,
      );
    }
    md.push('');
  }

  if (report.startEffect) {
    const r = report.startEffect;
    md.push('## Random start', '');
    md.push(
      `${num(r.n, 0)} candidates against one server (WORKERS=${r.workers}${
        Object.keys(r.env).length
          ? `, ${Object.entries(r.env)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`
          : ''
      }), started all at once, then at random over a window; counts per audio frame sent in the window${r.perf ? '' : ' (perf unavailable: no syscall counts)'}. See bench/README.md "Random start".`,
      '',
    );
    md.push(startEffectTable(r), '');
  }

  if (report.soak) {
    const s = report.soak;
    md.push('## Soak', '');
    md.push(`${s.sessions} live sessions for ${s.minutes} minutes; server RSS each minute (MiB): ${s.memoryEachMinute.map((x) => num(x.rssMiB)).join(', ')}.`);
    md.push(
      `Growth from minute ${s.bound.fromMinute} to the end: ${num(s.growthPercent)}% (bound: ${s.bound.maxGrowthPercent}%) → ${s.withinBound ? 'within bound' : '**beyond the bound**'}. Answers evaluated: ${num(s.result.events.answersEvaluated, 0)}, interviews completed: ${s.result.events.interviewsCompleted}, p99 frame → transcription ${num(s.result.transcriptionLatencyMs.p99)} ms.`,
      '',
    );
  }

  if (report.http) {
    const H = report.http;
    md.push('## HTTP', '');
    md.push(
      `autocannon, ${H.connections} keep-alive connections, ${H.durationS} s per route; one user with ${num(H.sessions, 0)} stored sessions. Latency resolution 1 ms.`,
      '',
    );
    md.push('| database | route | req/s | p50 ms | p99 ms | max ms | req/s vs bare Fastify |', '|---|---|---|---|---|---|---|');
    if (H.bare) md.push(`| – | bare Fastify constant | ${num(H.bare.requestsPerSecond, 0)} | ${H.bare.p50Ms} | ${H.bare.p99Ms} | ${H.bare.maxMs} | 1 |`);
    for (const [db, r] of Object.entries(H.databases)) {
      if (!r.routes) {
        md.push(`| ${db} | skipped: ${r.skipped} | | | | | |`);
        continue;
      }
      for (const [route, x] of Object.entries(r.routes))
        md.push(`| ${db} | ${route} | ${num(x.requestsPerSecond, 0)} | ${x.p50Ms} | ${x.p99Ms} | ${x.maxMs} | ${num(x.vsBare.requestsPerSecond, 3)} |`);
    }
    md.push('');
  }

  if (report.core) {
    md.push('## Core', '', '| benchmark | result | target | met |', '|---|---|---|---|');
    for (const r of report.core)
      md.push(
        `| ${r.file.replace(/^packages\//, '')}: ${r.name} | ${num(r.value, 3)} ${r.unit ?? ''} | ${r.target ? `${r.target.op} ${num(r.target.value, 3)}` : ''} | ${yes(r.met)} |`,
      );
    md.push('');
  }
  return md.join('\n');
}
