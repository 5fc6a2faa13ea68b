import type { SessionEvent } from '@interviewkit/core';
import type { InterviewKitServer } from '@interviewkit/server-fastify';
import { LiveAudioPipeline } from '@interviewkit/speech';
import { concatSamples, hasSpeechTools, silence, synthesizeSpeech } from '@interviewkit/speech/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../__fixtures__/server';
import { InterviewKitClient } from '../http/client';
import type { LiveInterview } from './live-interview';

const tools = hasSpeechTools();
if (!tools) console.warn('[client] espeak-ng or sox not installed: the timeline integration test is skipped');

const QUESTIONS = [
  {
    text: 'What is a deadlock?',
    referenceAnswer: 'Threads that wait on each other forever, each holding a lock the other needs.',
    expectedKeywords: ['lock', 'wait'],
    topic: 'operating_systems',
  },
  {
    text: 'How do you prevent one?',
    referenceAnswer: 'Take locks in one global order, or use timeouts.',
    expectedKeywords: ['order', 'timeout'],
    topic: 'operating_systems',
  },
];
const SENTENCES = ['A deadlock is a circular wait.', 'Each thread holds a lock.', 'Take the locks in one order.'];
const LEAD_MS = 660;
const GAPS_MS = [1500, 800];
/** Pauses in sending: before each answer's first frame, and inside the second gap of its audio. */
const SEND_PAUSE_MS = 340;
const MID_PAUSE_MS = 400;
const CHUNK_MS = 50;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

type Boundary = { type: string; t: number };
const boundaries = (list: readonly Boundary[]): Boundary[] => list.filter((e) => e.type === 'speech_start' || e.type === 'speech_end');
const pausesOf = (b: Boundary[]): number[] => b.flatMap((e, i) => (e.type === 'speech_start' && i > 0 ? [e.t - b[i - 1]!.t] : []));

/** The pipeline's own pauses for `audio` streamed smoothly, with nothing in between (the reference). */
async function referencePauses(audio: Int16Array): Promise<number[]> {
  let now = 0;
  const events: Boundary[] = [];
  const pipeline = new LiveAudioPipeline({ pitch: false, target: { now: () => now, ingest: (e) => events.push(e), onError: () => undefined } });
  for (let i = 0; i < audio.length; i += CHUNK_MS * 16) {
    now += CHUNK_MS;
    pipeline.push(new Uint8Array(audio.buffer, audio.byteOffset + i * 2, Math.min(CHUNK_MS * 16, audio.length - i) * 2));
  }
  await pipeline.close();
  return pausesOf(boundaries(events));
}

/**
 * Streams `audio` in real time in 50 ms frames, pausing `MID_PAUSE_MS` in sending at `pauseAtMs`
 * of audio. Frames are sent when their audio has been "captured" (on schedule).
 */
async function stream(live: LiveInterview, audio: Int16Array, pauseAtMs: number, explicit: boolean): Promise<number> {
  const chunk = CHUNK_MS * 16;
  let due = performance.now();
  let firstSend = 0;
  let paused = false;
  for (let i = 0; i < audio.length; i += chunk) {
    if (!paused && i / 16 >= pauseAtMs) {
      paused = true;
      due += MID_PAUSE_MS;
    }
    const part = audio.slice(i, i + chunk);
    const capturedAt = due;
    due += part.length / 16;
    await sleep(due - performance.now());
    // A capture device knows when it recorded a frame: pass it, so a busy event loop changes nothing.
    if (i === 0) firstSend = performance.now();
    live.sendAudio(part, explicit ? { capturedAt } : {});
  }
  return firstSend;
}

describe.skipIf(!tools)('one timeline through the live server: stored metrics with send pauses (espeak-ng speech)', { timeout: 120_000 }, () => {
  let server: InterviewKitServer;
  let baseUrl: string;
  const sentences = tools ? SENTENCES.map((s) => synthesizeSpeech(s)) : [];
  const parts: Int16Array[] = [silence(LEAD_MS)];
  sentences.forEach((s, i) => {
    parts.push(s);
    if (i < GAPS_MS.length) parts.push(silence(GAPS_MS[i]!));
  });
  parts.push(silence(300));
  const audio = tools ? concatSamples(parts) : new Int16Array(0);
  const pauseAtMs = tools ? LEAD_MS + (sentences[0]!.length + sentences[1]!.length) / 16 + GAPS_MS[0]! + GAPS_MS[1]! / 2 : 0;

  beforeAll(async () => {
    ({ server, baseUrl } = await startServer());
  });
  afterAll(async () => {
    await server.close();
  });

  async function run(captureTimestamps: boolean, n: number) {
    const explicit = captureTimestamps;
    const client = new InterviewKitClient({ baseUrl });
    await client.register({ email: `timeline${n}@example.com`, password: 'correct horse battery' });
    const live = client.live({ captureTimestamps });
    try {
      const ack = await live.start({ session_type: 'technical', questions: QUESTIONS, silence_timeout_ms: 0 });
      expect(live.capturesTimestamps).toBe(captureTimestamps);
      const truthLatency: number[] = [];
      for (const index of [0, 1]) {
        await live.waitFor('question', { past: true, predicate: (q) => q.index === index, timeoutMs: 10_000 });
        await sleep(300); // the question plays
        const doneAt = performance.now();
        live.interviewerDone(index, explicit ? { at: doneAt } : {});
        await sleep(SEND_PAUSE_MS); // the client sends nothing for a while
        const streamStart = performance.now();
        const firstSend = await stream(live, audio, pauseAtMs, explicit);
        // Its audio began at its capture time when stamped; otherwise when it was sent (this process hosts the server: a stall delays both).
        truthLatency.push((explicit ? streamStart : firstSend - CHUNK_MS) - doneAt + LEAD_MS);
        const evaluated = live.waitFor('answer_evaluated', { predicate: (e) => e.index === index, timeoutMs: 10_000 });
        live.done();
        await evaluated;
      }
      await live.waitFor('interview_complete', { past: true, timeoutMs: 10_000 });
      const detail = await client.session(ack.session_id);
      const stored = await client.sessionEvents(ack.session_id);
      return { detail, events: stored.events as unknown as SessionEvent[], truthLatency };
    } finally {
      live.close();
    }
  }

  it('response latency within 50 ms and pauses within 20 ms of the pipeline, with and without capture times', async () => {
    const reference = await referencePauses(audio);
    // The pause in sending inside the second gap is silence of its length.
    const expected = reference.map((p, i) => (i === 1 ? p + MID_PAUSE_MS : p));
    const truth = [GAPS_MS[0]!, GAPS_MS[1]! + MID_PAUSE_MS];
    // One after the other: the server runs in this process, and its work delays the test's own timers.
    const runs = [await run(true, 1), await run(false, 2)];
    runs.forEach(({ detail, events, truthLatency }, k) => {
      const metrics = detail.session.speech_metrics!;
      const perQuestion = metrics.per_question;
      // Split the stored log by answer (question_end … answer_complete).
      const pauses: number[][] = [];
      let current: Boundary[] | null = null;
      for (const e of events) {
        if (e.type === 'question_end') current = [];
        else if (e.type === 'answer_complete' && current) {
          pauses.push(pausesOf(boundaries(current)));
          current = null;
        } else if (current && (e.type === 'speech_start' || e.type === 'speech_end')) current.push(e);
      }
      const latencies = perQuestion.map((q) => q.response_latency);
      console.log(
        JSON.stringify({
          captureTimestamps: k === 0,
          latencies,
          truthLatency: truthLatency.map((t) => Math.round(t) / 1000),
          pauses,
          expected,
          truth,
          speaking_time: metrics.speaking_time,
        }),
      );
      expect(perQuestion).toHaveLength(2);
      perQuestion.forEach((q, i) => {
        expect(Math.abs(q.response_latency! * 1000 - truthLatency[i]!)).toBeLessThanOrEqual(50);
        expect(q.pause_count).toBe(2);
      });
      expect(pauses).toHaveLength(2);
      for (const answer of pauses) {
        expect(answer).toHaveLength(expected.length);
        answer.forEach((p, i) => {
          expect(Math.abs(p - expected[i]!)).toBeLessThanOrEqual(20);
          expect(Math.abs(p - truth[i]!)).toBeLessThanOrEqual(40);
        });
      }
      // Speaking time: twice the pipeline's own segments (no pause in sending fell inside speech).
      expect(metrics.pause_count).toBe(4);
    });
  });
});
