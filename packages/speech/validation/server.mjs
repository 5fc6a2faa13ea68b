// Measures streams through the live server, as a browser would send them: an in-process
// InterviewKit server (SQLite in memory, mock transcriber, default ports), one WebSocket session
// per case, the audio as PCM16 binary frames of 20 ms paced in real time, then the stored event
// log and metrics read back over HTTP. Imported from the server package's build by path (speech
// does not depend on the server; the server depends on speech).
import { randomBytes } from 'node:crypto';
import { audioOf, streamOf } from './cases.mjs';
import { scoreRun } from './score.mjs';

const SERVER_DIST = new URL('../../server-fastify/dist/index.js', import.meta.url);
const FRAME_MS = 20;
const BATCH = 8;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A minimal JSON-envelope WebSocket client on Node's global WebSocket. */
function connect(url) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    const frames = [];
    const waiters = [];
    let ack = 1;
    ws.addEventListener('message', (m) => {
      if (typeof m.data !== 'string') return;
      const frame = JSON.parse(m.data);
      frames.push(frame);
      for (const w of waiters.splice(0)) if (!w(frame)) waiters.push(w);
    });
    const waitFor = (match, timeoutMs = 20_000) =>
      new Promise((res, rej) => {
        const found = frames.find(match);
        if (found) return res(found);
        const timer = setTimeout(() => rej(new Error(`timed out; got ${frames.map((f) => f.event).join(',')}`)), timeoutMs);
        waiters.push((f) => (match(f) ? (clearTimeout(timer), res(f), true) : false));
      });
    const client = {
      ws,
      waitFor,
      emit: (event, data) => ws.send(JSON.stringify({ event, data })),
      request: (event, data) => {
        const id = ack++;
        ws.send(JSON.stringify({ event, data, ack: id }));
        return waitFor((f) => f.event === 'ack' && f.ack === id);
      },
      close: () => ws.close(),
    };
    ws.addEventListener('open', () => resolve(client), { once: true });
    ws.addEventListener('error', (e) => reject(new Error(`WebSocket error: ${e.message ?? e.type}`)), { once: true });
  });
}

async function runSession(server, base, row) {
  const stream = streamOf(row.set);
  const audio = audioOf(row.set, row.noise, row.snr);
  const email = `validate-${randomBytes(6).toString('hex')}@example.com`;
  const reg = await server.app.inject({ method: 'POST', url: '/api/auth/register', payload: { email, password: 'password123' } });
  const { token } = reg.json();
  const client = await connect(`${base}/ws?token=${token}`);
  try {
    const started = await client.request('start_interview', {
      session_type: 'technical',
      questions: [{ text: 'Tell me about a deadlock.', referenceAnswer: 'Two threads wait for each other forever.' }],
      silence_timeout_ms: 0,
    });
    if (started.error) throw new Error(`${started.error.code}: ${started.error.message}`);
    const sessionId = started.data.session_id;
    await client.waitFor((f) => f.event === 'question');
    client.emit('interviewer_done', { index: 0 });
    await client.request('mock_script', { text: stream.text.slice(0, 2000) });
    const perFrame = FRAME_MS * 16;
    const t0 = performance.now();
    for (let i = 0, k = 0; i < audio.length; i += perFrame, k++) {
      const wait = t0 + k * FRAME_MS - performance.now();
      if (wait > 0) await sleep(wait);
      client.ws.send(audio.slice(i, i + perFrame).buffer);
    }
    await sleep(300);
    client.emit('user_done_speaking', {});
    await client.waitFor((f) => f.event === 'interview_complete', 30_000);
    const res = await server.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/events`, headers: { authorization: `Bearer ${token}` } });
    const log = res.json();
    if (process.env.IK_DEBUG) console.error(JSON.stringify(log).slice(0, 1500));
    const speech = log.events.filter((e) => e.type === 'speech_start' || e.type === 'speech_end');
    const firstStart = speech.find((e) => e.type === 'speech_start');
    // The session time of the audio's first sample, from the first detected start (for overlap matching only).
    const offsetMs = firstStart ? firstStart.t - stream.truth[0].start : 0;
    return scoreRun({ metrics: log.metrics, events: speech, truth: stream.truth, offsetMs });
  } finally {
    client.close();
  }
}

/** Adds `server` scores to `rows` (each `{ set, noise, snr }`), BATCH sessions at a time. */
export async function measureServerCases(rows) {
  const { createServer, defaultPorts } = await import(SERVER_DIST.href);
  // One registration per session (32 in a few minutes): above the default auth limit of 10 a minute.
  const config = {
    env: 'test',
    jwtSecret: 'validate-speech-'.padEnd(48, 'x'),
    logLevel: 'silent',
    databaseUrl: ':memory:',
    port: 0,
    transcriber: 'mock',
    authRateLimitPerMinute: 1000,
  };
  // The default ports (offline question bank, evaluator, mock transcriber) need the resolved config: take it from a first instance.
  const probe = await createServer(config);
  const ports = defaultPorts(probe.config);
  await probe.close();
  const server = await createServer(config, { ports });
  try {
    const base = (await server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      console.error(`[validate:speech] server: sessions ${i + 1}–${i + batch.length} of ${rows.length} (real time)`);
      await Promise.all(
        batch.map(async (row) => {
          try {
            row.server = await runSession(server, base, row);
          } catch (error) {
            row.server = { error: String(error?.message ?? error) };
          }
        }),
      );
    }
  } finally {
    await server.close(); // closes the ports too
  }
}
