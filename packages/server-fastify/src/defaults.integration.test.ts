import { findSqlChallenge, questionBank } from '@interviewkit/questions';
import { OPENAI_DEFAULT_MODELS } from '@interviewkit/openai';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '@interviewkit/openai/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { TEST_DBS } from './__fixtures__/dbs';
import { errorOf, registerUser, startTestServer, type TestServer } from './__fixtures__/server';
import { voicedFrames } from './__fixtures__/audio';
import { TestWsClient } from './__fixtures__/ws-client';
import { defaultPorts } from './defaults';

// The server as `interviewkit-server` runs it: the real offline evaluator, question bank,
// resume parser, summaries, mastery rules and speech pipeline (VAD + mock transcriber).
const sqlite = TEST_DBS.find((db) => db.name === 'sqlite')!;

describe.skipIf(!sqlite.enabled)('the default (offline) ports', () => {
  let t: TestServer;
  let base: string;
  const clients: TestWsClient[] = [];

  beforeEach(async () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    t = await startTestServer(sqlite, {}, { ports: defaultPorts(config) });
    base = (await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await t.cleanup();
  });

  it('serves bank questions, requires a resume for mock interviews, parses an uploaded resume, and evaluates answers offline', async () => {
    const a = await registerUser(t.server, 'a@example.com');
    const technical = await t.server.app.inject({
      method: 'POST',
      url: '/api/technical/questions',
      headers: a.auth,
      payload: { topic: 'Operating Systems', count: 3 },
    });
    expect(technical.statusCode).toBe(200);
    const questions = technical.json().questions as Array<{ id: string; text: string }>;
    expect(questions).toHaveLength(3);
    expect(questions[0]!.id).toMatch(/^os-/);
    const mock = await t.server.app.inject({
      method: 'POST',
      url: '/api/mock_interview/questions',
      headers: a.auth,
      payload: { question_count: 4, difficulty: 'medium' },
    });
    expect(errorOf(mock)).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });

    const resume =
      'Jane Doe\nSkills\nPython, PostgreSQL\nProjects\nLedger: bookkeeping service with idempotent APIs\nExperience\nBackend Engineer at Acme (2020 - 2024)';
    const boundary = 'ikboundary';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="resume"; filename="cv.txt"\r\nContent-Type: text/plain\r\n\r\n${resume}\r\n--${boundary}--\r\n`;
    const upload = await t.server.app.inject({
      method: 'POST',
      url: '/api/upload_resume',
      headers: { ...a.auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(upload.statusCode).toBeLessThan(300);
    const withResume = await t.server.app.inject({
      method: 'POST',
      url: '/api/mock_interview/questions',
      headers: a.auth,
      payload: { question_count: 4, difficulty: 'medium' },
    });
    expect(withResume.statusCode).toBe(200);
    const mockQuestions = withResume.json().questions as Array<{ source: string; text: string }>;
    expect(mockQuestions).toHaveLength(4);
    expect(mockQuestions.filter((q) => q.source === 'resume')).toHaveLength(2);
    expect(mockQuestions.some((q) => /Ledger|Python|PostgreSQL|Acme/.test(q.text))).toBe(true);
  });

  it('runs coding answers for real: the right query scores 100, a wrong one says how its result differs', async () => {
    const a = await registerUser(t.server, 'sql@example.com');
    const res = await t.server.app.inject({ method: 'POST', url: '/api/coding/questions', headers: a.auth, payload: { count: 1 } });
    const question = res.json().questions[0] as { id: string };
    const challenge = findSqlChallenge(question.id)!;
    const right = await t.server.app.inject({
      method: 'POST',
      url: '/api/evaluate-answer',
      headers: a.auth,
      payload: { question, answer: challenge.solutionSql },
    });
    expect(right.json().evaluation).toMatchObject({ score: 100, grade: 'A' });
    const wrong = await t.server.app.inject({ method: 'POST', url: '/api/evaluate-answer', headers: a.auth, payload: { question, answer: 'SELECT 1' } });
    expect(wrong.json().evaluation.score).toBeLessThanOrEqual(50);
    expect(wrong.json().evaluation.suggestions[0]).toMatchObject({ code: 'incorrect_result' });
  });

  it('runs a voice interview on the mock transcriber: scripted words paced by real VAD, offline evaluation, saved metrics', async () => {
    const a = await registerUser(t.server, 'v@example.com');
    const client = await TestWsClient.connect(`${base}/ws`, { authorization: `Bearer ${a.token}` });
    clients.push(client);
    const ack = await client.request('start_interview', { session_type: 'technical', topic: 'operating_systems', question_count: 1, silence_timeout_ms: 0 });
    expect(ack.data).toMatchObject({ status: 'started', use_mock: true });
    const asked = await client.waitForEvent('question');
    client.emit('interviewer_done', { index: 0 });
    // The generator picks a random operating-systems question: answer it with its bank reference.
    const askedId = (asked.data!.question as { id: string }).id;
    const script = questionBank()
      .find((q) => q.id === askedId)!
      .referenceAnswer!.replace(/\s+/g, ' ')
      .trim();
    client.emit('mock_script', { text: script });
    for (const frame of voicedFrames(3000, 600)) client.ws.send(frame);
    const final = await client.waitForEvent('final_transcription');
    expect(final.data).toMatchObject({ mock: true });
    client.emit('user_done_speaking', {});
    const evaluated = await client.waitForEvent('answer_evaluated', undefined, 10_000);
    expect(evaluated.data).toMatchObject({ evaluated: true });
    expect(evaluated.data!.similarity as number).toBeGreaterThan(0.5);
    const done = await client.waitForEvent('interview_complete', undefined, 10_000);
    const metrics = done.data!.metrics as { speaking_time: number; total_words: number; questions_answered: number };
    expect(metrics.questions_answered).toBe(1);
    expect(metrics.speaking_time).toBeGreaterThan(2.5);
    expect(metrics.speaking_time).toBeLessThan(3.5);
    expect(metrics.total_words).toBe(script.split(' ').length);
    expect(done.data!.summary).toMatchObject({ source: 'deterministic' });
  });

  it('starts a live behavioural mock interview without a resume (issue 17), and a resume-based one only with a resume', async () => {
    const a = await registerUser(t.server, 'm@example.com');
    const client = await TestWsClient.connect(`${base}/ws`, { authorization: `Bearer ${a.token}` });
    clients.push(client);
    const ack = await client.request('start_interview', { session_type: 'mock', question_count: 2, text_only: true });
    expect(ack.data).toMatchObject({ status: 'started' });
    const asked = await client.waitForEvent('question');
    expect(asked.data).toMatchObject({ index: 0, total: 2, question: { kind: expect.stringMatching(/^(behavioral|situational)$/) as string } });
    const other = await TestWsClient.connect(`${base}/ws`, { authorization: `Bearer ${a.token}` });
    clients.push(other);
    const resumeBased = await other.request('start_interview', { session_type: 'mock_resume', question_count: 2 });
    expect(resumeBased.error).toMatchObject({ code: 'PRECONDITION_FAILED' });
  });
});

describe.skipIf(!sqlite.enabled)('the default ports with OPENAI_API_KEY', () => {
  let t: TestServer;
  let openai: FakeOpenAIServer;

  beforeEach(async () => {
    openai = await startFakeOpenAIServer({ apiKey: 'sk-test-key' });
    const config = loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: openai.baseURL });
    // Self-practice scoring: these answers are scored against the reference answers sent with them.
    t = await startTestServer(sqlite, { trustedScoring: false }, { ports: defaultPorts(config) });
  });
  afterEach(async () => {
    await t.cleanup();
    await openai.close();
  });

  it('judges answers with the LLM rubric evaluator: verdicts per concept, the score derived from them, mastery fed by the verdicts', async () => {
    const a = await registerUser(t.server, 'o@example.com');
    const question = {
      text: 'What is a mutex?',
      topic: 'operating_systems',
      referenceAnswer: 'A mutex is a lock that lets only one thread enter a critical section at a time.',
      expectedKeywords: ['lock', 'thread'],
      concepts: ['mutual exclusion', 'critical section'],
    };
    const answer = 'It makes sure only one thread at a time runs the guarded code, the others wait.';
    openai.enqueue({
      kind: 'json',
      value: {
        concepts: [
          { concept: 'mutual exclusion', verdict: 'covered', evidence: 'only one thread at a time' },
          { concept: 'critical section', verdict: 'partly', evidence: 'runs the guarded code' },
        ],
        misconceptions: [],
      },
    });
    const res = await t.server.app.inject({ method: 'POST', url: '/api/evaluate-answer', headers: a.auth, payload: { question, answer } });
    expect(res.statusCode).toBe(200);
    const chat = openai.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(chat).toHaveLength(1);
    expect(chat[0]!.body).toMatchObject({ response_format: { json_schema: { name: 'rubric_judgement' } } });
    const { evaluation, mastery_updates: updates } = res.json() as {
      evaluation: { evaluator: string; offline: boolean; score: number; grade: string; concepts: unknown[] };
      mastery_updates: { concept: string | null; after: number }[];
    };
    expect(evaluation).toMatchObject({ evaluator: `llm-rubric:openai/${OPENAI_DEFAULT_MODELS.chat}@1`, offline: false, score: 75, grade: 'B' });
    expect(evaluation.concepts).toEqual([
      { concept: 'mutual exclusion', mentioned: true, verdict: 'covered', evidence: 'only one thread at a time' },
      { concept: 'critical section', mentioned: true, verdict: 'partly', evidence: 'runs the guarded code' },
    ]);
    // Mastery reads the verdicts: covered counts fully, partly half.
    expect(updates.filter((u) => u.concept !== null).map((u) => [u.concept, u.after])).toEqual([
      ['mutual exclusion', 1],
      ['critical section', 0.5],
    ]);
    expect(openai.requests.filter((r) => r.path === '/v1/embeddings')).toHaveLength(0);
  });

  it('falls back to the offline evaluator, visibly, when the OpenAI endpoint fails', async () => {
    const a = await registerUser(t.server, 'f@example.com');
    openai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const question = { text: 'What is a mutex?', referenceAnswer: 'A mutex is a lock that lets only one thread enter a critical section at a time.' };
    const res = await t.server.app.inject({
      method: 'POST',
      url: '/api/evaluate-answer',
      headers: a.auth,
      payload: { question, answer: 'A lock for one thread at a time.' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().evaluation).toMatchObject({ evaluator: 'offline-concepts@1', offline: true });
    expect(res.json().evaluation.similarity).toBeGreaterThan(0);
  });
});

describe.skipIf(!sqlite.enabled)('the default ports with only OPENAI_BASE_URL (a local OpenAI-compatible server)', () => {
  it('judges answers with the model at that URL, sending a placeholder key', async () => {
    const local = await startFakeOpenAIServer();
    const t = await startTestServer(sqlite, {}, { ports: defaultPorts(loadConfig({ NODE_ENV: 'test', OPENAI_BASE_URL: local.baseURL })) });
    try {
      const a = await registerUser(t.server, 'l@example.com');
      local.enqueue({ kind: 'json', value: { concepts: [{ concept: 'locking', verdict: 'covered', evidence: 'a lock' }], misconceptions: [] } });
      const question = { text: 'What is a mutex?', referenceAnswer: 'A lock for one thread at a time.', concepts: ['locking'] };
      const res = await t.server.app.inject({ method: 'POST', url: '/api/evaluate-answer', headers: a.auth, payload: { question, answer: 'It is a lock.' } });
      expect(res.json().evaluation).toMatchObject({ evaluator: `llm-rubric:openai/${OPENAI_DEFAULT_MODELS.chat}@1`, score: 100 });
      expect(local.requests[0]!.headers.authorization).toBe('Bearer no-key');
    } finally {
      await t.cleanup();
      await local.close();
    }
  });
});

describe.skipIf(!sqlite.enabled)('the interviewer voice with OPENAI_API_KEY', () => {
  let t: TestServer;
  let openai: FakeOpenAIServer;
  let base: string;
  const clients: TestWsClient[] = [];

  beforeEach(async () => {
    openai = await startFakeOpenAIServer({ apiKey: 'sk-test-key' });
    const config = loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: openai.baseURL, TTS_VOICE: 'coral' });
    t = await startTestServer(sqlite, {}, { ports: defaultPorts(config) });
    base = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await t.cleanup();
    await openai.close();
  });

  it('gives each question an audio_url serving the question read aloud, rendered once and private to its user', async () => {
    const a = await registerUser(t.server, 'voice@example.com');
    const client = await TestWsClient.connect(`${base.replace(/^http/, 'ws')}/ws`, a.auth);
    clients.push(client);
    const questions = [{ text: 'What is a mutex?', referenceAnswer: 'A lock for one thread at a time.' }];
    await client.request('start_interview', { session_type: 'technical', questions, text_only: true });
    const asked = await client.waitForEvent('question');
    const url = asked.data!.audio_url as string;
    expect(url).toMatch(/^\/api\/sessions\/\d+\/questions\/0\/audio$/);

    const audio = await fetch(`${base}${url}`, { headers: a.auth });
    expect(audio.status).toBe(200);
    expect(audio.headers.get('content-type')).toBe('audio/mpeg');
    expect(Buffer.from(await audio.arrayBuffer()).toString()).toBe('FAKE-MP3|coral|What is a mutex?');
    const etag = audio.headers.get('etag')!;
    expect((await fetch(`${base}${url}`, { headers: { ...a.auth, 'if-none-match': etag } })).status).toBe(304);
    // Rendered once (when the question was asked), served from the cache after that.
    expect(openai.requests.filter((r) => r.path === '/v1/audio/speech')).toHaveLength(1);
    expect(openai.requests.find((r) => r.path === '/v1/audio/speech')!.body).toMatchObject({ input: 'What is a mutex?', voice: 'coral' });

    const other = await registerUser(t.server, 'other@example.com');
    expect((await fetch(`${base}${url}`, { headers: other.auth })).status).toBe(404);
    expect((await fetch(`${base}${url.replace('/0/audio', '/5/audio')}`, { headers: a.auth })).status).toBe(404);
  });
});
