// Hostile-input benchmark (issue 15): while each attack runs against one `interviewkit-server`
// process, `honest` ordinary candidates run live voice interviews beside it (the live benchmark's
// candidates). Per attack: the honest interviews' done → answer_evaluated latency (end of answer
// → feedback), /api/health latency and failed probes (one probe every 100 ms, 2 s timeout), the
// server's RSS (alone, and with its sandbox processes) every second, the CPU of the server and its
// sandbox processes in each of the 6 seconds after the attack stops, and whether anything of the
// honest interviews was lost (errors, failed evaluations, dropped frames, closed sockets).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadReferenceAnswers, registerUsers } from './live-bench.mjs';
import { runLive } from './live.mjs';
import { readProc } from './proc-sampler.mjs';
import { ROOT, startInterviewKit } from './servers.mjs';
import { latencySummary } from './stats.mjs';

const require = createRequire(new URL('../../packages/server-fastify/package.json', import.meta.url));
const WebSocket = require('ws');
const MiB = 2 ** 20;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (v, d = 1) => (v === null || v === undefined ? null : Math.round(v * 10 ** d) / 10 ** d);

const RUNAWAY = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c';
/** Seconds after an attack during which CPU is sampled (the goal: < 0.15 cores within 5 s). */
const AFTER_SECONDS = 6;

/** Every attack of the scenario, in run order. `none` is the reference: honest load only. */
export const ATTACKS = [
  'none',
  'runaway-sql',
  'huge-value-sql',
  'summary-50-runaway',
  'docx-bomb',
  'docx-whitespace-bomb',
  'pdf-bomb',
  'ws-invalid-frames',
  'ws-slow-reader',
  'deep-json',
];

/** Process ids of `pid` and its descendants (Linux /proc). */
function family(pid) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // exited meanwhile
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [child, parent] of parents) if (parent === out[i]) out.push(child);
  return out;
}

/** CPU seconds by process and RSS of the server alone and with its descendants. */
function usage(pid) {
  const cpu = new Map();
  let rss = 0;
  let serverRss = 0;
  for (const p of family(pid)) {
    try {
      const u = readProc(p);
      if (p === pid) serverRss = u.rssBytes;
      cpu.set(p, u.cpuSeconds);
      rss += u.rssBytes;
    } catch {
      // exited meanwhile
    }
  }
  return { cpu, rssBytes: rss, serverRssBytes: serverRss };
}

/** CPU seconds used between two samples by the processes of the later one (a killed child's last moments are not counted). */
function cpuBetween(before, after) {
  let total = 0;
  for (const [p, seconds] of after.cpu) total += seconds - (before.cpu.get(p) ?? 0);
  return total;
}

async function post(url, token, body, headers = { 'content-type': 'application/json' }) {
  const res = await fetch(url, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body, signal: AbortSignal.timeout(120_000) });
  await res.arrayBuffer();
  return res.status;
}

function multipart(name, data) {
  const boundary = `----ikbench${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="resume"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  return {
    body: Buffer.concat([head, Buffer.from(data), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Opens a WebSocket that never reads what the server sends. */
function deafSocket(wsUrl, token) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${wsUrl}/ws`, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
    ws.once('open', () => {
      ws._socket.pause();
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

/**
 * Starts one attack; returns `stop()`, which resolves with what the attacker saw (statuses,
 * closes). Each attacker account works in its own loop; requests are real (HTTP, WebSocket).
 */
function startAttack(name, { server, tokens, material }) {
  const statuses = {};
  const note = (key) => (statuses[key] = (statuses[key] ?? 0) + 1);
  let stopped = false;
  const loops = [];
  const repeat = (token, fn) =>
    loops.push(
      (async () => {
        while (!stopped) {
          try {
            note(await fn(token));
          } catch (error) {
            note(`error:${error.code ?? error.name ?? 'unknown'}`);
            await sleep(100);
          }
        }
      })(),
    );
  const evaluate = (answer) => (token) => post(`${server.url}/api/evaluate-answer`, token, JSON.stringify({ question: material.sqlQuestion, answer }));
  const upload = (file, data) => (token) => {
    const m = multipart(file, data);
    return post(`${server.url}/api/upload_resume`, token, m.body, m.headers);
  };
  switch (name) {
    case 'none':
      break;
    case 'runaway-sql':
      for (const t of tokens) repeat(t, evaluate(RUNAWAY));
      break;
    case 'huge-value-sql':
      for (const t of tokens) repeat(t, evaluate('SELECT length(hex(randomblob(400000000)))'));
      break;
    case 'summary-50-runaway':
      for (const t of tokens)
        repeat(t, (token) =>
          post(
            `${server.url}/api/mock_interview/session_summary`,
            token,
            JSON.stringify({ answers: Array.from({ length: 50 }, () => ({ question: material.sqlQuestion, answer: RUNAWAY })) }),
          ),
        );
      break;
    case 'docx-bomb':
      for (const t of tokens) repeat(t, upload('cv.docx', material.docxBomb));
      break;
    case 'docx-whitespace-bomb':
      for (const t of tokens) repeat(t, upload('cv.docx', material.docxWhitespaceBomb));
      break;
    case 'pdf-bomb':
      for (const t of tokens) repeat(t, upload('cv.pdf', material.pdfBomb));
      break;
    case 'deep-json': {
      const deep = `{"question":{"text":"What is a mutex?","extra":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}},"answer":"a lock"}`;
      for (const t of tokens) repeat(t, (token) => post(`${server.url}/api/evaluate-answer`, token, deep));
      break;
    }
    case 'ws-invalid-frames':
    case 'ws-slow-reader':
      // Clients that never read: one floods one-byte binary frames (each invalid), the other
      // requests acks as fast as it can. Reconnect when the server closes them.
      for (const t of tokens) {
        loops.push(
          (async () => {
            while (!stopped) {
              let ws;
              try {
                ws = await deafSocket(server.wsUrl, t);
              } catch {
                note('error:connect');
                await sleep(200);
                continue;
              }
              const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
              let ack = 0;
              while (!stopped && ws.readyState === WebSocket.OPEN) {
                // Keep the attacker's own buffer small; the server-side bound is what is tested.
                if (ws.bufferedAmount > 1 * MiB) {
                  await sleep(5);
                  continue;
                }
                for (let i = 0; i < 200; i++)
                  ws.send(name === 'ws-invalid-frames' ? Buffer.from([1]) : JSON.stringify({ event: 'interviewer_done', data: {}, ack: ++ack }));
                await sleep(1);
              }
              ws._socket?.resume();
              if (stopped) ws.terminate();
              note(`close:${await closed}`);
            }
          })(),
        );
      }
      break;
    default:
      throw new Error(`unknown attack ${name}`);
  }
  return {
    async stop() {
      stopped = true;
      // In-flight requests finish on their own (bounded by the server's limits); do not wait for them.
      await Promise.race([Promise.all(loops), sleep(2000)]);
      return statuses;
    },
  };
}

/** Probes GET /api/health every 100 ms; a probe failing or slower than 2 s counts as failed. */
function startHealthProbe(url) {
  const latencies = [];
  let failures = 0;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      try {
        const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status !== 200) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - started);
      await sleep(Math.max(0, 100 - (performance.now() - started)));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return { probes: latencies.length, failures, latencyMs: latencySummary(latencies) };
    },
  };
}

async function hostileMaterial(log, small) {
  const questions = await import(pathToFileURL(join(ROOT, 'packages/questions/dist/index.js')).href);
  const testing = await import(pathToFileURL(join(ROOT, 'packages/questions/dist/testing/index.js')).href);
  // The sizes (small: just past the limits, for the smoke test).
  const sizes = small ? { docx: 40 * MiB, blank: 64 * MiB, pdf: 320 * MiB } : { docx: 300 * MiB, blank: 2048 * MiB, pdf: 1024 * MiB };
  log(
    `building the attack files (DOCX bombs of ${sizes.docx / MiB} MiB of paragraphs and ${sizes.blank / MiB} MiB of blanks, a PDF whose stream inflates to ${sizes.pdf / MiB} MiB)`,
  );
  return {
    sqlQuestion: questions.questionBank().find((q) => q.extra?.challenge === 'sql'),
    docxBomb: await testing.docxBomb({ inflatedBytes: sizes.docx }),
    docxWhitespaceBomb: await testing.docxBomb({ whitespace: true, inflatedBytes: sizes.blank }),
    pdfBomb: await testing.pdfBomb({ inflatedBytes: sizes.pdf }),
  };
}

/**
 * Runs every attack in `attacks` (default {@link ATTACKS}), each on a fresh server with `honest`
 * live interviews beside it for `attackSeconds` (then {@link AFTER_SECONDS} more without it).
 * `small` builds bombs just past the limits instead of the sizes (smoke test).
 */
export async function runAttackBench(o = {}) {
  const log = o.log ?? (() => {});
  const honest = o.honest ?? 50;
  const attackers = o.attackers ?? 4;
  const attackSeconds = o.attackSeconds ?? 20;
  const warmupMs = o.warmupMs ?? 5000;
  const attacks = o.attacks ?? ATTACKS;
  const dir = mkdtempSync(join(tmpdir(), 'ik-bench-attack-'));
  const databaseUrl = `sqlite:${join(dir, 'attack.db')}`;
  try {
    const material = await hostileMaterial(log, o.small === true);
    const referenceAnswer = await loadReferenceAnswers();
    const setup = await startInterviewKit({ databaseUrl });
    const honestTokens = await registerUsers(setup.url, honest, `honest-${process.pid}`);
    const attackerTokens = await registerUsers(setup.url, attackers, `attacker-${process.pid}`);
    await setup.stop();
    const scenarios = [];
    for (const name of attacks) {
      // Production limits, except the login/registration rate (the harness registers users).
      const server = await startInterviewKit({ databaseUrl, env: { WS_MESSAGES_PER_SECOND: '50' } });
      const rss = [];
      let attack = null;
      let probe = null;
      let rssTimer = null;
      let attackerSaw = null;
      const cpuAfter = [];
      let afterDone = null;
      try {
        const result = await runLive({
          target: 'interviewkit',
          wsUrl: server.wsUrl,
          tokens: honestTokens,
          n: honest,
          warmupMs,
          measureMs: (attackSeconds + AFTER_SECONDS) * 1000,
          answerMs: o.answerMs ?? 4000,
          referenceAnswer,
          log,
          onPhase: (phase) => {
            if (phase !== 'measure-start') return;
            probe = startHealthProbe(server.url);
            const started = performance.now();
            rssTimer = setInterval(() => {
              const u = usage(server.pid);
              rss.push({
                second: Math.round((performance.now() - started) / 1000),
                serverMiB: round(u.serverRssBytes / MiB),
                withSandboxesMiB: round(u.rssBytes / MiB),
              });
            }, 1000);
            attack = startAttack(name, { server, tokens: attackerTokens, material });
            afterDone = (async () => {
              await sleep(attackSeconds * 1000);
              attackerSaw = await attack.stop();
              // CPU of the server and its sandboxes in each second after the attack stopped.
              let previous = usage(server.pid);
              for (let s = 1; s <= AFTER_SECONDS; s++) {
                await sleep(1000);
                const now = usage(server.pid);
                cpuAfter.push(round(cpuBetween(previous, now), 3));
                previous = now;
              }
            })();
          },
        });
        await afterDone;
        clearInterval(rssTimer);
        const health = await probe.stop();
        const lost = {
          startFailures: result.startFailures,
          errorEvents: result.errors.eventCount,
          socketErrors: result.errors.socketErrors,
          unexpectedCloses: result.errors.unexpectedCloses,
          evaluationsFailed: result.events.evaluationsFailed ?? 0,
          framesDropped: result.frames.dropped,
          notStopped: honest - (result.stop?.stopped ?? 0),
        };
        const secondsToIdle = cpuAfter.findIndex((c) => c < 0.15);
        const scenario = {
          attack: name,
          honestInterviews: honest,
          feedbackLatencyMs: result.evaluationLatencyMs,
          transcriptionLatencyMs: result.transcriptionLatencyMs,
          answersEvaluated: result.events.answersEvaluated,
          health,
          rss,
          maxServerRssMiB: Math.max(0, ...rss.map((r) => r.serverMiB)),
          maxWithSandboxesRssMiB: Math.max(0, ...rss.map((r) => r.withSandboxesMiB)),
          cpuCoresEachSecondAfter: cpuAfter,
          secondsToIdle: secondsToIdle < 0 ? null : secondsToIdle + 1,
          lost,
          nothingLost: Object.values(lost).every((v) => v === 0),
          attacker: attackerSaw,
        };
        scenarios.push(scenario);
        log(
          `attack ${name}: feedback p99 ${scenario.feedbackLatencyMs.p99} ms, health p99 ${health.latencyMs.p99} ms (${health.failures} failed of ${health.probes}), ` +
            `RSS max ${scenario.maxServerRssMiB} MiB (${scenario.maxWithSandboxesRssMiB} with sandboxes), CPU after ${cpuAfter.join('/')} cores, lost ${JSON.stringify(lost)}, attacker ${JSON.stringify(attackerSaw)}`,
        );
      } finally {
        clearInterval(rssTimer);
        const stopStarted = performance.now();
        const exit = await server.stop();
        const last = scenarios.at(-1);
        if (last?.attack === name) {
          last.sigtermSeconds = round((performance.now() - stopStarted) / 1000);
          last.exit = exit;
          last.serverLogErrors = server.logErrors;
        }
      }
    }
    return { honest, attackers, attackSeconds, afterSeconds: AFTER_SECONDS, scenarios };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
