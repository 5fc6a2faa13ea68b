import { hasErrorCode } from '@interviewkit/core';
import type { InterviewKitServer } from '@interviewkit/server-fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startProxy, startServer } from '../__fixtures__/server';
import { voicedTone } from '../testing';
import { InterviewKitClient } from '../http/client';
import { LiveInterview } from './live-interview';

const QUESTIONS = [
  {
    text: 'What is a mutex?',
    referenceAnswer: 'A mutex is a lock that lets only one thread at a time enter a critical section.',
    expectedKeywords: ['lock', 'thread'],
    topic: 'operating_systems',
  },
  {
    text: 'What is a deadlock?',
    referenceAnswer: 'A deadlock is when threads wait on each other forever, each holding a lock the other needs.',
    expectedKeywords: ['wait', 'lock'],
    topic: 'operating_systems',
  },
];

/** Records every event with its seq, to check order, gaps and duplicates. */
function record(live: LiveInterview): Array<{ event: string; seq?: number; data: unknown }> {
  const log: Array<{ event: string; seq?: number; data: unknown }> = [];
  for (const event of [
    'question',
    'transcription',
    'final_transcription',
    'answer_complete',
    'answer_evaluated',
    'metrics',
    'interview_complete',
    'error',
  ] as const) {
    live.on(event, (data, meta) => log.push({ event, ...(meta.seq !== undefined ? { seq: meta.seq } : {}), data }));
  }
  return log;
}

const seqs = (log: Array<{ seq?: number }>): number[] => log.flatMap((e) => (e.seq === undefined ? [] : [e.seq]));

describe('LiveInterview against the reference server', { timeout: 30_000 }, () => {
  let server: InterviewKitServer;
  let baseUrl: string;
  const lives: LiveInterview[] = [];
  let n = 0;

  beforeAll(async () => {
    ({ server, baseUrl } = await startServer());
  });
  afterEach(() => {
    for (const l of lives.splice(0)) l.close();
  });
  afterAll(async () => {
    await server.close();
  });

  const signedIn = async (url = baseUrl): Promise<InterviewKitClient> => {
    const client = new InterviewKitClient({ baseUrl: url });
    await client.register({ email: `live${++n}@example.com`, password: 'correct horse battery' });
    return client;
  };
  const track = (live: LiveInterview): LiveInterview => {
    lives.push(live);
    return live;
  };

  it('runs a typed interview: the seed ack, questions, evaluations, metrics and the result, in sequence', async () => {
    const client = await signedIn();
    const live = track(client.live());
    const log = record(live);
    const ack = await live.start({ session_type: 'technical', questions: QUESTIONS, text_only: true });
    expect(ack).toEqual({ status: 'started', message: 'Interview started successfully', use_mock: true, session_id: expect.any(Number) });
    const q0 = await live.waitFor('question', { past: true, predicate: (q) => q.index === 0, timeoutMs: 5000 });
    expect(q0.question.text).toBe('What is a mutex?');
    expect(q0.question).not.toHaveProperty('referenceAnswer');
    await live.answerText('A lock so that only one thread at a time enters the critical section.');
    const e0 = await live.waitFor('answer_evaluated', { past: true, timeoutMs: 5000 });
    expect(e0).toMatchObject({ index: 0, evaluated: true });
    expect(e0.similarity!).toBeGreaterThan(0.5);
    await live.waitFor('question', { past: true, predicate: (q) => q.index === 1, timeoutMs: 5000 });
    const completed = live.waitFor('interview_complete', { timeoutMs: 5000 });
    await live.answerText('No idea.');
    const done = await completed;
    expect(done).toMatchObject({ session_id: ack.session_id, status: 'completed', analysis_valid: true });
    expect(live.result).toEqual(done);
    const s = seqs(log);
    expect(s).toEqual(Array.from({ length: s.length }, (_, i) => i + 1));
    const saved = await client.session(ack.session_id);
    expect(saved.session.answers).toHaveLength(2);
  });

  it('streams audio: the mock transcriber releases the scripted words as the voice arrives; done() submits', async () => {
    const client = await signedIn();
    const live = track(client.live());
    const ack = await live.start({ session_type: 'technical', questions: [QUESTIONS[0]!], silence_timeout_ms: 0 });
    expect(ack.use_mock).toBe(true);
    await live.waitFor('question', { past: true, timeoutMs: 5000 });
    live.interviewerDone(0);
    live.mockScript('A mutex is a lock: only one thread at a time may hold it.');
    const partial = live.waitFor('transcription', { timeoutMs: 5000 });
    const final = live.waitFor('final_transcription', { timeoutMs: 5000 });
    for (const frame of voicedTone(2500, 700)) live.sendAudio(frame);
    expect((await partial).mock).toBe(true);
    expect((await final).answer).toContain('mutex');
    const evaluated = live.waitFor('answer_evaluated', { timeoutMs: 5000 });
    live.done();
    expect((await evaluated).evaluated).toBe(true);
    const done = await live.waitFor('interview_complete', { past: true, timeoutMs: 5000 });
    expect(done.metrics.speaking_time).toBeGreaterThan(2);
    expect(live.stats.framesSent).toBe(32);
    expect(() => live.sendAudio(new Uint8Array(3))).toThrow(/even number of bytes/);
  });

  it('reconnects after a network drop and resumes: events sent while the link was down are replayed once, nothing is lost', async () => {
    const proxy = await startProxy(baseUrl);
    try {
      const client = await signedIn(proxy.url);
      const live = track(client.live({ reconnect: { baseDelayMs: 50, maxDelayMs: 200 } }));
      const log = record(live);
      const lifecycle: string[] = [];
      live.on('reconnecting', () => lifecycle.push('reconnecting'));
      live.on('reconnected', () => lifecycle.push('reconnected'));
      await live.start({ session_type: 'technical', questions: QUESTIONS, text_only: true });
      await live.waitFor('question', { past: true, timeoutMs: 5000 });
      const seenBefore = live.lastSeq;
      const connectionsBefore = proxy.connections();

      // The link stalls: the server keeps working (it gets the answer, evaluates it, asks the
      // next question) but nothing reaches the client; then the connection drops.
      const reconnected = live.waitFor('reconnected', { timeoutMs: 10_000 });
      proxy.hold();
      const answered = live.answerText('A lock so only one thread enters the critical section.').catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 400));
      proxy.drop();
      expect(hasErrorCode(await answered, 'PROVIDER_UNAVAILABLE')).toBe(true);

      const q1 = await live.waitFor('question', { predicate: (q) => q.index === 1, timeoutMs: 10_000 });
      expect(q1.question.text).toBe('What is a deadlock?');
      await reconnected;
      expect(lifecycle).toEqual(['reconnecting', 'reconnected']);
      expect(proxy.connections()).toBe(connectionsBefore + 1);
      expect(live.lastSeq).toBeGreaterThan(seenBefore);

      // A second drop, with nothing pending: resumes again.
      const again = live.waitFor('reconnected', { timeoutMs: 10_000 });
      proxy.drop();
      await again;
      const completed = live.waitFor('interview_complete', { timeoutMs: 10_000 });
      await live.answerText('Threads waiting on each other forever, each holding a lock.');
      const done = await completed;
      expect(done.status).toBe('completed');

      expect(log.filter((e) => e.event === 'answer_evaluated')).toHaveLength(2);
      expect(log.filter((e) => e.event === 'question')).toHaveLength(2);
      const s = seqs(log);
      expect(s).toEqual(Array.from({ length: s.length }, (_, i) => i + 1));
      expect(live.stats.reconnects).toBe(2);
    } finally {
      await proxy.close();
    }
  });

  it('stops over the socket, or over HTTP when the socket is gone', async () => {
    const client = await signedIn();
    const live = track(client.live());
    const { session_id } = await live.start({ session_type: 'hr', text_only: true, question_count: 3 });
    await live.waitFor('question', { past: true, timeoutMs: 5000 });
    // Closing the socket as soon as the result arrives (a common pattern) must not fail stop().
    live.on('interview_complete', () => live.close());
    const stopped = await live.stop();
    expect(stopped).toMatchObject({ session_id, reason: 'stopped' });

    const second = track(client.live({ reconnect: false }));
    const started = await second.start({ session_type: 'hr', text_only: true, question_count: 3 });
    await second.waitFor('question', { past: true, timeoutMs: 5000 });
    second.close();
    expect(second.state).toBe('closed');
    const viaHttp = await second.stop();
    expect(viaHttp).toMatchObject({ session_id: started.session_id, reason: 'stopped' });
    expect((await client.session(started.session_id)).session.status).not.toBe('live');
  });

  it('rejects a connection with a bad token, and requests before start', async () => {
    const live = track(new LiveInterview({ url: `${baseUrl.replace(/^http/, 'ws')}/ws`, token: 'forged.token.value', reconnect: false }));
    const error = await live.start({ session_type: 'hr', text_only: true }).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'UNAUTHENTICATED')).toBe(true);
    const idle = track(new LiveInterview({ url: 'ws://127.0.0.1:1/ws', token: 't' }));
    expect(() => idle.done()).toThrow(/start\(\)/);
    expect(() => new LiveInterview({ url: 'http://nope', token: 't' })).toThrow(/ws:\/\//);
  });
});
