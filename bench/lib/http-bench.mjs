// HTTP benchmark: `GET /api/sessions` and `GET /api/sessions/:id` of one user with many stored
// sessions, on SQLite and on PostgreSQL, against a bare Fastify route returning a constant.
//
// Seeding: the user is registered over HTTP and runs one real (typed-answer) interview over the
// WebSocket, so the server writes one complete, realistic session row (questions, evaluated
// answers, speech metrics, summary). That row is then copied with one INSERT … SELECT per batch
// of 10,000 rows (SQLite through node:sqlite on the same file, PostgreSQL through `pg`), so every
// stored session is a valid row written by the server itself. PostgreSQL runs in a fresh
// database that is dropped at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadReferenceAnswers, registerUsers } from './live-bench.mjs';
import { startBareFastify, startInterviewKit } from './servers.mjs';

const require = createRequire(new URL('../../packages/server-fastify/package.json', import.meta.url));
const rootRequire = createRequire(new URL('../../package.json', import.meta.url));
const WebSocket = require('ws');

const BATCH = 10_000;

/**
 * @param {object} o
 * @param {number} o.sessions  stored sessions for the user
 * @param {number} o.durationS  seconds per route
 * @param {number} [o.connections]  keep-alive connections (default 10)
 * @param {string|null} [o.pgUrl]  PostgreSQL server URL (a database on it is created and dropped); null skips
 * @param {(msg: string) => void} [o.log]
 */
export async function runHttpBench(o) {
  const log = o.log ?? (() => {});
  const connections = o.connections ?? 10;
  const out = { sessions: o.sessions, durationS: o.durationS, connections, databases: {} };

  const bare = await startBareFastify();
  try {
    await cannon({ url: `${bare.url}/constant`, connections, duration: 1 });
    out.bare = await cannon({ url: `${bare.url}/constant`, connections, duration: o.durationS });
    log(`bare fastify: ${out.bare.requestsPerSecond} req/s, p50 ${out.bare.p50Ms} ms, p99 ${out.bare.p99Ms} ms`);
  } finally {
    await bare.stop();
  }

  const dir = mkdtempSync(join(tmpdir(), 'ik-bench-http-'));
  try {
    out.databases.sqlite = await benchDatabase({ kind: 'sqlite', file: join(dir, 'http.db'), o, connections, bare: out.bare, log });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (o.pgUrl) {
    try {
      out.databases.postgres = await benchDatabase({ kind: 'postgres', o, connections, bare: out.bare, log });
    } catch (error) {
      out.databases.postgres = { skipped: `PostgreSQL benchmark failed: ${error?.message ?? error}` };
      log(out.databases.postgres.skipped);
    }
  } else {
    out.databases.postgres = { skipped: 'no PostgreSQL URL' };
  }
  return out;
}

async function benchDatabase({ kind, file, o, connections, bare, log }) {
  let pgAdmin = null;
  let dbName = null;
  let databaseUrl;
  if (kind === 'sqlite') databaseUrl = `sqlite:${file}`;
  else {
    const pg = require('pg');
    pgAdmin = new pg.Client({ connectionString: o.pgUrl });
    await pgAdmin.connect();
    dbName = `ik_bench_${process.pid}_${Date.now()}`;
    await pgAdmin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(o.pgUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const server = await startInterviewKit({ databaseUrl });
  try {
    const [token] = await registerUsers(server.url, 1, `http-${kind}-${process.pid}`);
    const auth = { authorization: `Bearer ${token}` };
    const templateId = await oneRealSession(server.wsUrl, token);
    const seedStarted = performance.now();
    const ids = kind === 'sqlite' ? seedSqlite(file, templateId, o.sessions - 1) : await seedPostgres(databaseUrl, templateId, o.sessions - 1);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`${kind}: seeded ${o.sessions} sessions in ${seedSeconds.toFixed(1)} s`);

    // Sanity: the routes answer with the seeded data.
    const list = await (await fetch(`${server.url}/api/sessions`, { headers: auth })).json();
    const detail = await (await fetch(`${server.url}/api/sessions/${ids.min}`, { headers: auth })).json();
    if (!Array.isArray(list.sessions) || list.sessions.length === 0 || !detail.session)
      throw new Error(`unexpected responses: ${JSON.stringify(list).slice(0, 200)} ${JSON.stringify(detail).slice(0, 200)}`);

    const result = {
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      storedSessions: ids.count,
      listPageSize: list.sessions.length,
      detailBytes: JSON.stringify(detail).length,
      routes: {},
    };
    const routes = {
      'GET /api/sessions': { url: `${server.url}/api/sessions`, headers: auth },
      'GET /api/sessions/:id': {
        url: `${server.url}/api/sessions/${ids.min}`,
        headers: auth,
        // A random stored session each request (no cache can help).
        paths: () => `/api/sessions/${ids.min + Math.floor(Math.random() * ids.count)}`,
      },
    };
    for (const [name, spec] of Object.entries(routes)) {
      await cannon({ ...spec, connections, duration: 1 });
      const r = await cannon({ ...spec, connections, duration: o.durationS });
      r.vsBare = { requestsPerSecond: ratio(r.requestsPerSecond, bare.requestsPerSecond), p99: ratio(bare.p99Ms, r.p99Ms) };
      result.routes[name] = r;
      log(
        `${kind} ${name}: ${r.requestsPerSecond} req/s (${r.vsBare.requestsPerSecond} of bare), p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, non-2xx ${r.non2xx}, errors ${r.errors}`,
      );
    }
    result.server = { logErrors: server.logErrors };
    return result;
  } finally {
    await server.stop();
    if (pgAdmin) {
      await pgAdmin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      await pgAdmin.end();
    }
  }
}

/** Runs one real typed-answer interview (5 questions) and returns its session id. */
async function oneRealSession(wsUrl, token) {
  const referenceAnswer = await loadReferenceAnswers();
  const ws = new WebSocket(`${wsUrl}/ws`, { headers: { authorization: `Bearer ${token}` } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the seed interview did not complete')), 30_000);
      let sessionId = null;
      ws.on('message', (raw) => {
        const msg = JSON.parse(raw.toString());
        if (msg.event === 'ack' && msg.ack === 1) {
          if (msg.error) reject(new Error(`start_interview: ${msg.error.code}`));
          sessionId = msg.data.session_id;
        } else if (msg.event === 'question') {
          const text = referenceAnswer(msg.data.question.id) ?? 'An answer that explains the idea with an example.';
          ws.send(JSON.stringify({ event: 'answer_text', data: { text, index: msg.data.index } }));
        } else if (msg.event === 'interview_complete') {
          clearTimeout(timer);
          resolve(sessionId ?? msg.data.session_id);
        }
      });
      ws.send(JSON.stringify({ event: 'start_interview', data: { session_type: 'technical', topic: 'dbms', question_count: 5, text_only: true }, ack: 1 }));
    });
  } finally {
    ws.close();
  }
}

/** Copies session `templateId` `copies` times (SQLite). Returns the id range of the user's sessions. */
function seedSqlite(file, templateId, copies) {
  const { DatabaseSync } = require('node:sqlite');
  const db = new DatabaseSync(file);
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    const cols = db
      .prepare('PRAGMA table_info(interview_sessions)')
      .all()
      .map((c) => c.name)
      .filter((c) => c !== 'id');
    const list = cols.map((c) => `"${c}"`).join(', ');
    const insert = db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO interview_sessions (${list}) SELECT ${list.replaceAll('"', '')} FROM n, (SELECT ${list} FROM interview_sessions WHERE id = ?)`,
    );
    for (let done = 0; done < copies; done += BATCH) {
      db.exec('BEGIN');
      insert.run(Math.min(BATCH, copies - done), templateId);
      db.exec('COMMIT');
    }
    db.exec('ANALYZE');
    const { min, count } = db
      .prepare('SELECT min(id) AS min, count(*) AS count FROM interview_sessions WHERE user_id = (SELECT user_id FROM interview_sessions WHERE id = ?)')
      .get(templateId);
    return { min: Number(min), count: Number(count) };
  } finally {
    db.close();
  }
}

/** Copies session `templateId` `copies` times (PostgreSQL). */
async function seedPostgres(databaseUrl, templateId, copies) {
  const pg = require('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'interview_sessions' AND column_name <> 'id'",
    );
    const list = rows.map((r) => `"${r.column_name}"`).join(', ');
    const sel = rows.map((r) => `s."${r.column_name}"`).join(', ');
    for (let done = 0; done < copies; done += BATCH) {
      await client.query(`INSERT INTO interview_sessions (${list}) SELECT ${sel} FROM interview_sessions s, generate_series(1, $2::int) WHERE s.id = $1`, [
        templateId,
        Math.min(BATCH, copies - done),
      ]);
    }
    await client.query('ANALYZE interview_sessions');
    const r = await client.query(
      'SELECT min(id) AS min, count(*) AS count FROM interview_sessions WHERE user_id = (SELECT user_id FROM interview_sessions WHERE id = $1)',
      [templateId],
    );
    return { min: Number(r.rows[0].min), count: Number(r.rows[0].count) };
  } finally {
    await client.end();
  }
}

/** One autocannon run; latencies in ms. */
async function cannon({ url, headers = {}, paths, connections, duration }) {
  const autocannon = rootRequire('autocannon');
  const result = await autocannon({
    url,
    connections,
    duration,
    headers,
    ...(paths ? { requests: [{ setupRequest: (req) => ({ ...req, path: paths() }) }] } : {}),
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const ratio = (a, b) => (a && b ? Math.round((a / b) * 1000) / 1000 : null);
