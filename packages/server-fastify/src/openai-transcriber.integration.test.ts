import { startFakeOpenAIServer, type FakeOpenAIServer } from '@interviewkit/openai/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { TEST_DBS } from './__fixtures__/dbs';
import { registerUser, startTestServer, type TestServer } from './__fixtures__/server';
import { voicedFrames } from './__fixtures__/audio';
import { TestWsClient } from './__fixtures__/ws-client';
import { defaultPorts } from './defaults';

// The default ports with only OPENAI_API_KEY: one key gives the whole voice interview. Live audio
// goes client → WebSocket → pipeline (VAD segments) → OpenAI transcriber (real `openai` SDK) →
// the fake OpenAI server → transcripts in the session's event log.
const sqlite = TEST_DBS.find((db) => db.name === 'sqlite')!;

describe.skipIf(!sqlite.enabled)('the default ports with only OPENAI_API_KEY (OpenAI speech-to-text)', () => {
  let t: TestServer;
  let fake: FakeOpenAIServer;
  let base: string;
  const clients: TestWsClient[] = [];
  const warnings: Array<{ object: unknown; message?: string }> = [];

  async function start(env: Record<string, string> = {}): Promise<void> {
    const config = loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: fake.baseURL, ...env });
    t = await startTestServer(
      sqlite,
      {},
      { ports: defaultPorts(config, { warn: (object, message) => warnings.push({ object, ...(message ? { message } : {}) }) }) },
    );
    base = (await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
  }

  beforeEach(async () => {
    fake = await startFakeOpenAIServer({ apiKey: 'sk-test-key' });
    warnings.length = 0;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await t?.cleanup();
    await fake.close();
  });

  async function startVoiceInterview(email: string): Promise<{ client: TestWsClient; sessionId: number }> {
    const user = await registerUser(t.server, email);
    const client = await TestWsClient.connect(`${base}/ws`, { authorization: `Bearer ${user.token}` });
    clients.push(client);
    const ack = await client.request('start_interview', { session_type: 'technical', topic: 'operating_systems', question_count: 1, silence_timeout_ms: 0 });
    expect(ack.data).toMatchObject({ status: 'started', use_mock: false });
    await client.waitForEvent('question');
    client.emit('interviewer_done', { index: 0 });
    return { client, sessionId: ack.data!.session_id as number };
  }

  it('transcribes each speech segment through OpenAI (not mock), with VAD word timings, and logs the transcripts', async () => {
    await start();
    fake.say('a process has its own address space', 'threads share the memory of their process');
    const { client, sessionId } = await startVoiceInterview('openai-stt@example.com');
    for (const frame of [...voicedFrames(1500, 900), ...voicedFrames(1200, 900)]) client.ws.send(frame);
    const first = await client.waitForEvent('final_transcription', undefined, 8000);
    expect(first.data).toMatchObject({ mock: false, text: 'a process has its own address space' });
    const words = first.data!.words as Array<{ text: string; start: number; end: number }>;
    expect(words).toHaveLength(7);
    expect(words.every((w, i) => w.end >= w.start && (i === 0 || w.start >= words[i - 1]!.end))).toBe(true);
    await client.waitForEvent('final_transcription', (f) => f.data?.text === 'threads share the memory of their process', 8000);
    client.emit('user_done_speaking', {});
    expect((await client.waitForEvent('answer_evaluated', undefined, 10_000)).data).toMatchObject({ evaluated: true });
    await client.waitForEvent('interview_complete', undefined, 10_000);

    const uploads = fake.requests.filter((r) => r.path === '/v1/audio/transcriptions');
    expect(uploads).toHaveLength(2);
    expect(uploads[0]!.body).toMatchObject({ model: 'gpt-transcribe', response_format: 'json', file: { type: 'audio/wav' } });
    const logged = (await t.server.storage.events.list(sessionId)).map((e) => e.event);
    const finals = logged.filter((e) => e.type === 'transcript_final');
    expect(finals.map((e) => e.type === 'transcript_final' && e.text)).toEqual([
      'a process has its own address space',
      'threads share the memory of their process',
    ]);
    // VAD timings: the words are spread over the speech segment that carried them (1.5 s of voice)
    // and end with it. (Its start is not compared with the logged speech_start: the engine may
    // re-stamp an event that arrives before its clock, which is the engine's timeline rule.)
    const speechEnd = logged.find((e) => e.type === 'speech_end')!.t;
    const firstWords = finals[0]!.type === 'transcript_final' ? finals[0]!.words! : [];
    expect(firstWords.at(-1)!.end).toBeLessThanOrEqual(speechEnd);
    expect(firstWords.at(-1)!.end - firstWords[0]!.start).toBeGreaterThan(1200);
    expect(firstWords.at(-1)!.end - firstWords[0]!.start).toBeLessThanOrEqual(1600);
    expect(client.frames.some((f) => f.event === 'provider_fallback')).toBe(false);
  });

  it('falls back to the mock with a visible flag when OpenAI refuses the key, and the interview goes on', async () => {
    await start({ TRANSCRIBER: 'openai' });
    fake.enqueueTranscriptions({ kind: 'error', status: 401, code: 'invalid_api_key', message: 'Incorrect API key provided.' });
    const { client } = await startVoiceInterview('openai-fallback@example.com');
    for (const frame of voicedFrames(1000, 900)) client.ws.send(frame);
    const fallback = await client.waitForEvent('provider_fallback', undefined, 8000);
    expect(fallback.data).toMatchObject({ provider: 'transcriber', from: 'openai', to: 'mock', code: 'PROVIDER_AUTH' });
    client.emit('answer_text', { text: 'A process has its own address space; threads share their process memory.' });
    expect((await client.waitForEvent('answer_evaluated', undefined, 10_000)).data).toMatchObject({ evaluated: true });
    await client.waitForEvent('interview_complete', undefined, 10_000);
    expect(warnings).toEqual(
      expect.arrayContaining([expect.objectContaining({ object: expect.objectContaining({ code: 'PROVIDER_AUTH', from: 'openai', to: 'mock' }) })]),
    );
  });

  it('warns at start about a configured model whose shutdown OpenAI announced, naming the variable', async () => {
    await start({ OPENAI_MODEL: 'gpt-4o-mini' });
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ object: { model: 'gpt-4o-mini', shutdown: '2027-01-14', variable: 'OPENAI_MODEL' } }),
        expect.objectContaining({ object: { model: 'gpt-4o-mini-tts', shutdown: '2027-01-06', variable: 'OPENAI_TTS_MODEL' } }),
      ]),
    );
    expect(warnings.some((w) => (w.object as { variable?: string }).variable === 'OPENAI_TRANSCRIPTION_MODEL')).toBe(false);
  });
});
