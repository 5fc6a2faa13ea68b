// Live-capacity load generator: N simulated candidates, each on its own WebSocket, running real
// interviews in real time — start_interview → question → interviewer_done → mock_script (acked)
// → `answerMs` of voiced audio (PCM16 mono 16 kHz, one 100 ms binary frame every 100 ms) →
// user_done_speaking → answer_evaluated → next question … → interview_complete, then a new
// interview. The same candidates run against InterviewKit and against the bare `ws` baseline
// (baseline-ws-server.mjs), which speaks the same protocol and sends the same messages at the
// same moments without doing any of the work, so the two runs carry the same frames and the same
// number of messages.
//
// Candidates start at random times over `startWindowMs` (0: all at once, 50 connecting at a
// time), so their answers are not in lock-step.
//
// Attribution of `transcription` events to frames: the mock transcriber (and the baseline, by the
// same rule) releases word k of a speech segment during the frame that makes the segment's audio
// reach k × 400 ms (150 words/min), and the candidate's audio is voiced from the first sample of
// each answer, so the event that carries k words is caused by answer frame ceil(k × 400 / 100) =
// 4k. Latency = arrival of that event − the moment that frame was handed to the socket. An event
// that arrives before its frame was even sent would prove the rule wrong: it is counted as
// `attributionErrors` (expected 0).
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { latencySummary } from './stats.mjs';

const require = createRequire(new URL('../../packages/server-fastify/package.json', import.meta.url));
const WebSocket = require('ws');
/** A seeded PRNG (speech's mulberry32): the same start times for both targets of a level. */
const { seededRandom: random } = await import(pathToFileURL(require.resolve('@interviewkit/speech/testing')).href);

export const SAMPLE_RATE = 16_000;
export const FRAME_MS = 100;
/** The mock transcriber's pace (MockTranscriber default: 150 words per minute). */
export const MS_PER_WORD = 60_000 / 150;
/** A candidate whose connection or start_interview takes longer than this counts as failed to start. */
export const START_TIMEOUT_MS = 30_000;
/** Candidates not started after this long of ramp-up are not started at all (saturated server). */
export const RAMP_LIMIT_MS = 90_000;
/** A frame sent later than this after its schedule counts as late. */
export const LATE_MS = 50;
/** A frame that could not be sent within this of its schedule is dropped (a live mic does not wait). */
export const DROP_MS = 1000;

/**
 * One 100 ms frame of a voiced, speech-like signal (180 Hz + harmonics, peaks about −14 dBFS) in
 * 4 Hz syllables: a steady tone is what the noise-tracking VAD learns as the room.
 */
function voicedFrame(frameIndex) {
  const n = (SAMPLE_RATE * FRAME_MS) / 1000;
  const samples = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const t = (frameIndex * n + i) / SAMPLE_RATE;
    const v = 0.5 * Math.sin(2 * Math.PI * 180 * t) + 0.25 * Math.sin(2 * Math.PI * 360 * t) + 0.12 * Math.sin(2 * Math.PI * 540 * t);
    const syllable = 0.55 - 0.45 * Math.cos(2 * Math.PI * 4 * t);
    samples[i] = Math.round(v * syllable * 9000);
  }
  return Buffer.from(samples.buffer);
}
// One second of frames (four whole syllables), reused in a loop.
const FRAMES = Array.from({ length: 10 }, (_, i) => voicedFrame(i));

const TOPICS = ['operating_systems', 'dbms', 'data_structures', 'python', 'oop', 'system_design', 'machine_learning'];

/**
 * Runs N candidates against `wsUrl` and measures a steady-state window.
 * @param {object} o
 * @param {'interviewkit'|'baseline'} o.target
 * @param {string} o.wsUrl  ws://host:port
 * @param {string[]} o.tokens  one bearer token per candidate (InterviewKit)
 * @param {number} o.n  candidates
 * @param {number} o.warmupMs  after every candidate has started, before measuring
 * @param {number} o.measureMs  measurement window
 * @param {number} [o.answerMs]  voiced audio per answer (default 8000)
 * @param {number} [o.questionCount]  questions per interview (default 3: interviews complete inside the window)
 * @param {number} [o.startWindowMs]  candidates start at random times over this window (default 0: all at once)
 * @param {number} [o.seed]  seed of the random start times (default 1)
 * @param {(id: string) => string | undefined} [o.referenceAnswer]  the bank's reference answer of a question id
 * @param {(phase: string) => void} [o.onPhase]  called with 'measure-start' / 'measure-end'
 * @param {(minute: number) => void} [o.onMinute]  called every 60 s of the window (soak)
 * @param {(msg: string) => void} [o.log]
 */
export async function runLive(o) {
  const answerFrames = Math.max(4, Math.round((o.answerMs ?? 8000) / FRAME_MS));
  const wordsPerAnswer = Math.floor((answerFrames * FRAME_MS) / MS_PER_WORD);
  const questionCount = o.questionCount ?? 3;
  const startWindowMs = o.startWindowMs ?? 0;
  const log = o.log ?? (() => {});
  const isIk = o.target === 'interviewkit';

  let measuring = false;
  let stopping = false;
  const m = {
    framesSent: 0,
    framesLate: 0,
    framesDropped: 0,
    sendLag: [],
    transcriptionLatency: [],
    evaluationLatency: [],
    nextQuestionLatency: [],
    completionLatency: [],
    startLatency: [],
    transcriptions: 0,
    finals: 0,
    evaluations: 0,
    evaluationsFailed: 0,
    answers: 0,
    interviewsCompleted: 0,
    completedSessions: [],
    attributionErrors: 0,
    messages: {},
    messageBytes: {},
    messagesReceived: 0,
    bytesReceived: 0,
    errorEvents: {},
    socketErrors: 0,
    unexpectedCloses: 0,
    bufferedMax: 0,
  };
  const countError = (code) => {
    m.errorEvents[code] = (m.errorEvents[code] ?? 0) + 1;
  };

  /** @type {Candidate[]} */
  const candidates = [];

  class Candidate {
    constructor(i) {
      this.i = i;
      this.ws = null;
      this.ack = 0;
      this.pendingAcks = new Map();
      this.sessionId = null;
      this.streaming = false;
      this.nextDue = 0;
      this.sent = 0; // frames sent in the current answer (ordinal)
      this.attempted = 0; // frames sent or dropped in the current answer
      this.sendTimes = []; // send time of each frame of the current answer
      this.sendInWindow = []; // whether that frame was sent inside the window
      this.answerIndex = -1;
      this.total = questionCount;
      this.doneAt = new Map(); // answer index -> [time user_done_speaking was sent, in window]
      this.topic = TOPICS[i % TOPICS.length];
      this.frameCounter = i;
    }

    connect() {
      return new Promise((resolve, reject) => {
        const headers = isIk ? { authorization: `Bearer ${o.tokens[this.i]}` } : {};
        const ws = new WebSocket(`${o.wsUrl}/ws`, { headers, perMessageDeflate: false, handshakeTimeout: START_TIMEOUT_MS });
        this.ws = ws;
        ws.once('open', () => resolve());
        ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
        ws.on('error', (error) => {
          m.socketErrors++;
          reject(error);
        });
        ws.on('close', () => {
          this.streaming = false;
          if (!stopping) m.unexpectedCloses++;
        });
        ws.on('message', (data, isBinary) => {
          if (!isBinary) this.onMessage(data, performance.now());
        });
      });
    }

    /** Sends a request; resolves with its ack, or with `{timeout: true}` after `timeoutMs`. */
    request(event, data, timeoutMs = START_TIMEOUT_MS) {
      const ack = ++this.ack;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          this.pendingAcks.delete(ack);
          resolve({ timeout: true, error: { code: 'client:ack-timeout' } });
        }, timeoutMs);
        this.pendingAcks.set(ack, (msg) => {
          clearTimeout(timer);
          resolve(msg);
        });
        this.ws.send(JSON.stringify({ event, data, ack }));
      });
    }

    emit(event, data) {
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ event, data }));
    }

    async startInterview() {
      const started = performance.now();
      const inWindow = measuring;
      const ack = await this.request('start_interview', { session_type: 'technical', topic: this.topic, question_count: questionCount, silence_timeout_ms: 0 });
      if (ack.timeout) throw new Error(`start_interview not acknowledged within ${START_TIMEOUT_MS / 1000} s`);
      if (ack.error) throw new Error(`start_interview refused: ${ack.error.code} ${ack.error.message}`);
      if (inWindow) m.startLatency.push(performance.now() - started);
      this.sessionId = ack.data?.session_id ?? null;
    }

    beginStreaming() {
      this.sent = 0;
      this.attempted = 0;
      this.sendTimes = [];
      this.sendInWindow = [];
      this.nextDue = performance.now();
      this.streaming = true;
    }

    /** Called by the scheduler when a frame is due. */
    tick(now) {
      const lag = now - this.nextDue;
      this.nextDue += FRAME_MS;
      this.attempted++;
      if (lag > DROP_MS || this.ws.readyState !== WebSocket.OPEN) {
        if (measuring) m.framesDropped++;
      } else {
        this.ws.send(FRAMES[this.frameCounter++ % FRAMES.length]);
        this.sendTimes.push(now);
        this.sendInWindow.push(measuring);
        this.sent++;
        if (measuring) {
          m.framesSent++;
          m.sendLag.push(lag);
          if (lag > LATE_MS) m.framesLate++;
          if (this.ws.bufferedAmount > m.bufferedMax) m.bufferedMax = this.ws.bufferedAmount;
        }
      }
      if (this.attempted >= answerFrames) {
        // The answer is spoken: submit it one frame later, like a candidate pressing "done".
        this.streaming = false;
        const index = this.answerIndex;
        setTimeout(() => {
          if (stopping || this.ws.readyState !== WebSocket.OPEN) return;
          this.doneAt.set(index, [performance.now(), measuring]);
          this.emit('user_done_speaking', {});
        }, FRAME_MS);
      }
    }

    onMessage(raw, now) {
      let msg;
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        countError('client:bad-json');
        return;
      }
      if (measuring) {
        m.messagesReceived++;
        m.bytesReceived += raw.length;
        m.messages[msg.event] = (m.messages[msg.event] ?? 0) + 1;
        m.messageBytes[msg.event] = (m.messageBytes[msg.event] ?? 0) + raw.length;
      }
      const data = msg.data ?? {};
      switch (msg.event) {
        case 'ack': {
          const resolve = this.pendingAcks.get(msg.ack);
          if (resolve) {
            this.pendingAcks.delete(msg.ack);
            resolve(msg);
          }
          if (msg.error && !stopping) countError(msg.error.code);
          return;
        }
        case 'transcription': {
          if (measuring) m.transcriptions++;
          if (data.index !== this.answerIndex) return;
          const words = countWords(data.text);
          const frame = Math.ceil((words * MS_PER_WORD) / FRAME_MS) - 1;
          if (frame >= this.sent) {
            m.attributionErrors++;
            return;
          }
          if (this.sendInWindow[frame]) m.transcriptionLatency.push(now - this.sendTimes[frame]);
          return;
        }
        case 'final_transcription':
          if (measuring) m.finals++;
          return;
        case 'question': {
          if (stopping) return;
          const previous = this.doneAt.get(data.index - 1);
          if (previous && previous[1]) m.nextQuestionLatency.push(now - previous[0]);
          this.answerIndex = data.index;
          this.total = data.total ?? this.total;
          const reference =
            o.referenceAnswer?.(data.question?.id) ?? 'I would explain the main idea, give an example, compare the trade-offs and say what I would measure.';
          const script = scriptOf(reference, wordsPerAnswer);
          this.emit('interviewer_done', { index: data.index });
          void this.request('mock_script', { text: script }).then((ack) => {
            if (ack.timeout && !stopping) countError('client:ack-timeout');
            if (!ack.error && !stopping) this.beginStreaming();
          });
          return;
        }
        case 'answer_evaluated': {
          const done = this.doneAt.get(data.index);
          if (done && done[1]) m.evaluationLatency.push(now - done[0]);
          if (measuring) {
            m.evaluations++;
            if (!data.evaluated) m.evaluationsFailed++;
          }
          return;
        }
        case 'answer_complete':
          if (measuring) m.answers++;
          return;
        case 'interview_complete': {
          // The last answer's submission → the interview evaluated, summarised, saved (mastery included).
          const done = this.doneAt.get(this.total - 1);
          if (done && done[1] && data.status === 'completed') m.completionLatency.push(now - done[0]);
          if (measuring && data.status === 'completed') {
            m.interviewsCompleted++;
            if (data.session_id !== undefined) m.completedSessions.push(data.session_id);
          }
          this.doneAt.clear();
          if (!stopping) {
            // Keep the load constant: the candidate starts another interview.
            void this.startInterview().catch(() => countError('client:restart-failed'));
          }
          return;
        }
        case 'error':
          if (!stopping) countError(data.code ?? 'unknown');
          return;
        default:
          return;
      }
    }
  }

  // ---------------------------------------------------------------- ramp-up
  const rampStarted = performance.now();
  let startFailures = 0;
  const firstFailure = [];
  const startOne = async (c) => {
    try {
      await c.connect();
      await c.startInterview();
    } catch (error) {
      startFailures++;
      if (firstFailure.length < 3) firstFailure.push(String(error?.message ?? error));
    }
  };
  // The frame scheduler runs during the ramp too (early candidates are already speaking).
  const scheduler = setInterval(() => {
    const now = performance.now();
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      // Catch up frame by frame: a late scheduler shows up as late or dropped frames.
      while (c.streaming && c.nextDue <= now) c.tick(now);
    }
  }, 2);
  if (startWindowMs > 0) {
    // Each candidate starts at its own random moment of the window (the same moments for every target).
    const next = random(o.seed ?? 1);
    await Promise.all(
      Array.from({ length: o.n }, (_, i) => {
        const at = next() * startWindowMs;
        return new Promise((resolve) => setTimeout(resolve, at)).then(() => {
          const c = new Candidate(i);
          candidates.push(c);
          return startOne(c);
        });
      }),
    );
  } else {
    let next = 0;
    const worker = async () => {
      while (next < o.n) {
        const c = new Candidate(next++);
        if (performance.now() - rampStarted > RAMP_LIMIT_MS) {
          // The server cannot even take new interviews: the rest count as failed to start.
          startFailures++;
          continue;
        }
        candidates.push(c);
        await startOne(c);
      }
    };
    await Promise.all(Array.from({ length: Math.min(50, o.n) }, worker));
  }
  const rampMs = performance.now() - rampStarted;
  log(
    `${o.target}: ${o.n - startFailures}/${o.n} candidates started in ${(rampMs / 1000).toFixed(1)} s${firstFailure.length ? ` (failures: ${firstFailure.join('; ')})` : ''}`,
  );

  await sleep(o.warmupMs);

  // ---------------------------------------------------------------- measurement window
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const cpuBefore = process.cpuUsage();
  const windowStarted = performance.now();
  measuring = true;
  o.onPhase?.('measure-start');
  const minutes = Math.floor(o.measureMs / 60_000);
  for (let minute = 1; minute <= minutes; minute++) {
    await sleep(60_000);
    o.onMinute?.(minute);
  }
  await sleep(o.measureMs - minutes * 60_000);
  measuring = false;
  const windowSeconds = (performance.now() - windowStarted) / 1000;
  o.onPhase?.('measure-end');
  const cpu = process.cpuUsage(cpuBefore);
  loopDelay.disable();

  // ---------------------------------------------------------------- stop
  stopping = true;
  for (const c of candidates) c.streaming = false;
  clearInterval(scheduler);
  const stopStarted = performance.now();
  let stopped = 0;
  await Promise.all(
    candidates.map(async (c) => {
      if (!c.ws || c.ws.readyState !== WebSocket.OPEN || c.sessionId === null) return;
      const ack = await c.request('stop_interview', {}, 60_000);
      if (!ack.error) stopped++;
    }),
  );
  const stopMs = performance.now() - stopStarted;
  await Promise.all(candidates.map((c) => closeSocket(c.ws)));

  const perSecond = (v) => Math.round((v / windowSeconds) * 10) / 10;
  return {
    target: o.target,
    n: o.n,
    started: o.n - startFailures,
    startFailures,
    startFailureSamples: firstFailure,
    startWindowSeconds: startWindowMs / 1000,
    rampSeconds: round(rampMs / 1000, 1),
    windowSeconds: round(windowSeconds, 1),
    answerSeconds: (answerFrames * FRAME_MS) / 1000,
    questionsPerInterview: questionCount,
    frames: {
      sent: m.framesSent,
      // Frames the schedule called for in the window (sent + dropped). Candidates are silent
      // between submitting an answer and the next question, so this is below N × window / 100 ms.
      scheduled: m.framesSent + m.framesDropped,
      perSecond: perSecond(m.framesSent),
      late: m.framesLate,
      dropped: m.framesDropped,
      sendLagMs: latencySummary(m.sendLag),
      maxBufferedBytes: m.bufferedMax,
    },
    messages: {
      received: m.messagesReceived,
      perSecond: perSecond(m.messagesReceived),
      bytes: m.bytesReceived,
      bytesPerSecond: perSecond(m.bytesReceived),
      byType: m.messages,
      bytesByType: m.messageBytes,
    },
    transcriptionLatencyMs: latencySummary(m.transcriptionLatency),
    evaluationLatencyMs: latencySummary(m.evaluationLatency),
    nextQuestionLatencyMs: latencySummary(m.nextQuestionLatency),
    completionLatencyMs: latencySummary(m.completionLatency),
    startLatencyMs: latencySummary(m.startLatency),
    events: {
      transcriptions: m.transcriptions,
      transcriptionsPerSecond: perSecond(m.transcriptions),
      finalTranscriptions: m.finals,
      answersCompleted: m.answers,
      answersEvaluated: m.evaluations,
      evaluationsFailed: m.evaluationsFailed,
      interviewsCompleted: m.interviewsCompleted,
    },
    completedSessions: m.completedSessions,
    attributionErrors: m.attributionErrors,
    errors: {
      events: m.errorEvents,
      eventCount: Object.values(m.errorEvents).reduce((a, b) => a + b, 0),
      socketErrors: m.socketErrors,
      unexpectedCloses: m.unexpectedCloses,
    },
    stop: { stopped, seconds: round(stopMs / 1000, 1) },
    generator: {
      cpuCores: round((cpu.user + cpu.system) / 1e6 / windowSeconds, 3),
      eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6, 2),
      eventLoopDelayMaxMs: round(loopDelay.max / 1e6, 2),
    },
  };
}

function countWords(text) {
  let n = 0;
  for (const w of String(text ?? '').split(/\s+/)) if (w) n++;
  return n;
}

/** The first `words` words of `reference` (repeated when it is shorter). */
function scriptOf(reference, words) {
  const source = reference.split(/\s+/).filter(Boolean);
  const out = [];
  for (let i = 0; out.length < words; i++) out.push(source[i % source.length]);
  return out.join(' ');
}

function closeSocket(ws) {
  return new Promise((resolve) => {
    if (!ws || ws.readyState === WebSocket.CLOSED) return resolve();
    const timer = setTimeout(() => {
      ws.terminate();
      resolve();
    }, 5000);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    ws.close();
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;
