// The Markdown summary of a benchmark report (bench/results/latest.md).

const num = (v, d = 1) => (v === null || v === undefined ? '–' : typeof v === 'number' ? (Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en-US') : String(+v.toFixed(d))) : String(v));
const lat = (s) => (s && s.count ? `${num(s.p50, 1)} / ${num(s.p99, 1)} / ${num(s.max, 0)}` : '–');
const yes = (b) => (b === null || b === undefined ? '–' : b ? 'yes' : '**no**');

/** Goals of issue 8, evaluated on a report. */
export function goals(report) {
  const out = [];
  const levels = report.live?.levels ?? [];
  const at1000 = levels.find((l) => l.n === 1000)?.interviewkit;
  if (report.live) {
    out.push({
      goal: '1,000 live sessions, p99 frame→transcription < 100 ms, nothing dropped',
      measured: at1000 ? `p99 ${num(at1000.transcriptionLatencyMs.p99)} ms, ${at1000.frames.dropped} dropped, ${at1000.frames.late} late, ${at1000.startFailures} failed to start` : 'N=1000 not run',
      met: at1000 ? at1000.transcriptionLatencyMs.p99 !== null && at1000.transcriptionLatencyMs.p99 < 100 && at1000.frames.dropped === 0 && at1000.startFailures === 0 : null,
    });
    const ratios = levels.filter((l) => l.ratio?.sessionsPerCore?.ratio != null).map((l) => l.ratio.sessionsPerCore.ratio);
    if (ratios.length) {
      const worst = Math.min(...ratios);
      out.push({ goal: 'throughput ≥ 0.5 of the bare ws server (sessions per CPU core)', measured: `${num(worst, 3)} (lowest over the levels)`, met: worst >= 0.5 });
    }
  }
  for (const x of attackGoals(report.attack)) out.push(x);
  for (const [db, r] of Object.entries(report.http?.databases ?? {})) {
    if (!r.routes) continue;
    const p99s = Object.values(r.routes).map((x) => x.p99Ms);
    out.push({ goal: `HTTP p99 < 10 ms on ${db} (${num(r.storedSessions, 0)} sessions)`, measured: Object.entries(r.routes).map(([k, x]) => `${k.replace('GET ', '')} ${x.p99Ms} ms`).join(', '), met: p99s.every((p) => p < 10) });
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
    { goal: 'under every attack: health p99 < 100 ms, no failed probe', measured: `worst p99 ${num(worst((s) => s.health.latencyMs.p99))} ms, ${all.reduce((a, s) => a + s.health.failures, 0)} failed probes`, met: worst((s) => s.health.latencyMs.p99) < 100 && all.every((s) => s.health.failures === 0) },
    { goal: `the ${attack.honest} honest interviews: end of answer → feedback p99 < 100 ms`, measured: `worst p99 ${num(worst((s) => s.feedbackLatencyMs.p99))} ms`, met: worst((s) => s.feedbackLatencyMs.p99) < 100 },
    ...(runaway.length ? [{ goal: 'server CPU < 0.15 cores within 5 s after a runaway query', measured: runaway.map((s) => `${s.attack}: ${s.secondsToIdle ?? '>6'} s`).join(', '), met: runaway.every((s) => s.secondsToIdle !== null && s.secondsToIdle <= 5) }] : []),
    { goal: 'server RSS < 600 MB', measured: `max ${num(worst((s) => s.maxServerRssMiB))} MiB (${num(worst((s) => s.maxWithSandboxesRssMiB))} MiB with sandbox processes)`, met: worst((s) => s.maxServerRssMiB) * 1.048576 < 600 },
    { goal: 'SIGTERM exits within 15 s', measured: `slowest ${num(worst((s) => s.sigtermSeconds))} s`, met: worst((s) => s.sigtermSeconds) < 15 },
    { goal: 'nothing of the honest interviews lost', measured: all.filter((s) => !s.nothingLost).map((s) => `${s.attack}: ${JSON.stringify(s.lost)}`).join('; ') || 'nothing lost', met: all.every((s) => s.nothingLost) },
  ];
}

/** Markdown summary. */
export function toMarkdown(report) {
  const md = [];
  const m = report.machine;
  md.push('# InterviewKit benchmark results', '');
  md.push(`${report.date} · ${m.cpus} × ${m.cpu} · ${m.memoryGiB} GiB · Node ${m.node} · mode: ${report.mode}${m.loadAvgAtStart ? ` · load average (1 min) ${m.loadAvgAtStart[0]} at start, ${m.loadAvgAtEnd?.[0] ?? '?'} at end` : ''}`, '');

  const g = goals(report);
  if (g.length) {
    md.push('## Goals (issues 8 and 15)', '', '| goal | measured | met |', '|---|---|---|');
    for (const x of g) md.push(`| ${x.goal} | ${x.measured} | ${yes(x.met)} |`);
    md.push('');
  }

  if (report.live) {
    const L = report.live;
    md.push('## Live capacity', '');
    md.push(
      `One server process (\`interviewkit-server\`, SQLite, mock transcriber, offline evaluation) per level; N candidates each streaming PCM16 16 kHz in 100 ms frames in real time, ${L.levels[0]?.interviewkit?.answerSeconds ?? '?'} s answers. Window ${L.levels[0]?.interviewkit?.windowSeconds ?? '?'} s after ramp-up and warm-up. Latencies in ms (p50 / p99 / max).`,
      '',
    );
    md.push('| N | server | CPU | RSS MiB | KiB / session | frame → transcription | done → answer_evaluated | frames sent | late | dropped | errors | gen. CPU / loop p99 |');
    md.push('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const level of L.levels) {
      for (const key of ['baseline', 'interviewkit']) {
        const r = level[key];
        if (!r) continue;
        const errors = r.errors.eventCount + r.errors.socketErrors + r.errors.unexpectedCloses + r.startFailures + (r.attributionErrors ?? 0);
        md.push(
          `| ${num(level.n, 0)} | ${key === 'baseline' ? 'bare ws' : 'InterviewKit'} | ${num(r.server.cpuCores * 100, 0)}% | ${num(r.server.rssMiB)} | ${key === 'baseline' ? num(r.server.kibPerSession) : num(r.server.kibPerSession)} | ${lat(r.transcriptionLatencyMs)} | ${lat(r.evaluationLatencyMs)} | ${num(r.frames.sent, 0)} | ${r.frames.late} | ${r.frames.dropped} | ${errors} | ${num(r.generator.cpuCores * 100, 0)}% / ${num(r.generator.eventLoopDelayP99Ms)} ms |`,
        );
      }
    }
    md.push('');
    const withRatio = L.levels.filter((l) => l.ratio);
    if (withRatio.length) {
      md.push('InterviewKit as a fraction of the bare ws server (sessions per CPU core at the same load):', '');
      md.push(withRatio.map((l) => `N=${l.n}: ${num(l.ratio.sessionsPerCore.interviewkit, 0)} vs ${num(l.ratio.sessionsPerCore.baseline, 0)} sessions/core = **${num(l.ratio.sessionsPerCore.ratio, 3)}**`).join(' · '), '');
    }
    if (L.stoppedEarly) md.push(`Stopped early after N=${L.stoppedEarly.afterN}: ${L.stoppedEarly.reason}; not run: ${L.stoppedEarly.skipped.join(', ')}.`, '');
  }

  if (report.attack) {
    const A = report.attack;
    md.push('## Hostile input (issue 15)', '');
    md.push(`Each attack for ${A.attackSeconds} s from ${A.attackers} attacker accounts against a fresh server, beside ${A.honest} honest live voice interviews; then ${A.afterSeconds} s without it. Latencies in ms (p50 / p99 / max); RSS in MiB (the server alone / with its sandbox processes); CPU in cores (server + sandboxes) in each second after the attack.`, '');
    md.push('| attack | feedback (done → evaluated) | health | failed probes | max RSS | CPU after (s 1…6) | SIGTERM s | lost | attacker saw |', '|---|---|---|---|---|---|---|---|---|');
    for (const s of A.scenarios) {
      md.push(
        `| ${s.attack} | ${lat(s.feedbackLatencyMs)} | ${lat(s.health.latencyMs)} | ${s.health.failures} / ${s.health.probes} | ${num(s.maxServerRssMiB)} / ${num(s.maxWithSandboxesRssMiB)} | ${s.cpuCoresEachSecondAfter.map((c) => num(c, 2)).join(' ')} | ${num(s.sigtermSeconds)} | ${s.nothingLost ? 'nothing' : `**${JSON.stringify(s.lost)}**`} | ${Object.entries(s.attacker ?? {}).map(([k, v]) => `${k}×${v}`).join(' ') || '–'} |`,
      );
    }
    md.push('');
  }

  if (report.soak) {
    const s = report.soak;
    md.push('## Soak', '');
    md.push(`${s.sessions} live sessions for ${s.minutes} minutes; server RSS each minute (MiB): ${s.memoryEachMinute.map((x) => num(x.rssMiB)).join(', ')}.`);
    md.push(`Growth from minute ${s.bound.fromMinute} to the end: ${num(s.growthPercent)}% (bound: ${s.bound.maxGrowthPercent}%) → ${s.withinBound ? 'within bound' : '**beyond the bound**'}. Answers evaluated: ${num(s.result.events.answersEvaluated, 0)}, interviews completed: ${s.result.events.interviewsCompleted}, p99 frame → transcription ${num(s.result.transcriptionLatencyMs.p99)} ms.`, '');
  }

  if (report.http) {
    const H = report.http;
    md.push('## HTTP', '');
    md.push(`autocannon, ${H.connections} keep-alive connections, ${H.durationS} s per route; one user with ${num(H.sessions, 0)} stored sessions. Latency resolution 1 ms.`, '');
    md.push('| database | route | req/s | p50 ms | p99 ms | max ms | req/s vs bare Fastify |', '|---|---|---|---|---|---|---|');
    if (H.bare) md.push(`| – | bare Fastify constant | ${num(H.bare.requestsPerSecond, 0)} | ${H.bare.p50Ms} | ${H.bare.p99Ms} | ${H.bare.maxMs} | 1 |`);
    for (const [db, r] of Object.entries(H.databases)) {
      if (!r.routes) {
        md.push(`| ${db} | skipped: ${r.skipped} | | | | | |`);
        continue;
      }
      for (const [route, x] of Object.entries(r.routes)) md.push(`| ${db} | ${route} | ${num(x.requestsPerSecond, 0)} | ${x.p50Ms} | ${x.p99Ms} | ${x.maxMs} | ${num(x.vsBare.requestsPerSecond, 3)} |`);
    }
    md.push('');
  }

  if (report.core) {
    md.push('## Core', '', '| benchmark | result | target | met |', '|---|---|---|---|');
    for (const r of report.core) md.push(`| ${r.file.replace(/^packages\//, '')}: ${r.name} | ${num(r.value, 3)} ${r.unit ?? ''} | ${r.target ? `${r.target.op} ${num(r.target.value, 3)}` : ''} | ${yes(r.met)} |`);
    md.push('');
  }
  return md.join('\n');
}
