import { startFakeAssemblyAIServer, type FakeAssemblyAIServer } from '@interviewkit/assemblyai/testing';
import { hasLibriVox } from '@interviewkit/speech/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from './config';
import { TEST_DBS } from './__fixtures__/dbs';
import { registerUser, startTestServer, type TestServer } from './__fixtures__/server';
import { openingOnSpeech, voicedFrames } from './__fixtures__/audio';
import { TestWsClient } from './__fixtures__/ws-client';
import { defaultPorts } from './defaults';

// The default ports with ASSEMBLYAI_API_KEY: live audio goes through the real `assemblyai` SDK to
// the local fake v3 server (ASSEMBLYAI_BASE_URL), and falls back to the mock when it fails.
const sqlite = TEST_DBS.find((db) => db.name === 'sqlite')!;

describe.skipIf(!sqlite.enabled)('the default ports with ASSEMBLYAI_API_KEY', () => {
  let t: TestServer;
  let fake: FakeAssemblyAIServer;
  let base: string;
  const clients: TestWsClient[] = [];
  const warnings: Array<{ object: unknown; message?: string }> = [];

  beforeEach(async () => {
    fake = await startFakeAssemblyAIServer({ apiKey: 'aai-test-key', msPerWord: 100, endOfTurnSilenceMs: 300 });
    const config = loadConfig({ NODE_ENV: 'test', ASSEMBLYAI_API_KEY: 'aai-test-key', ASSEMBLYAI_BASE_URL: fake.websocketUrl });
    expect(config.assemblyAiBaseUrl).toBe(fake.websocketUrl);
    warnings.length = 0;
    t = await startTestServer(
      sqlite,
      {},
      { ports: defaultPorts(config, { warn: (object, message) => warnings.push({ object, ...(message ? { message } : {}) }) }) },
    );
    base = (await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await t.cleanup();
    await fake.close();
  });

  async function startVoiceInterview(email: string): Promise<TestWsClient & { sessionId: number }> {
    const user = await registerUser(t.server, email);
    const client = await TestWsClient.connect(`${base}/ws`, { authorization: `Bearer ${user.token}` });
    clients.push(client);
    const ack = await client.request('start_interview', { session_type: 'technical', topic: 'operating_systems', question_count: 1, silence_timeout_ms: 0 });
    expect(ack.data).toMatchObject({ status: 'started', use_mock: false });
    await client.waitForEvent('question');
    client.emit('interviewer_done', { index: 0 });
    return Object.assign(client, { sessionId: Number(ack.data!.session_id) });
  }

  it('transcribes a voice answer through AssemblyAI (not mock), evaluates it and terminates the provider session', async () => {
    const answer = 'a process has its own address space while threads share the memory of their process';
    fake.say(answer);
    const client = await startVoiceInterview('aai@example.com');
    for (const frame of voicedFrames(2000, 600)) client.ws.send(frame);
    const final = await client.waitForEvent('final_transcription', undefined, 8000);
    expect(final.data).toMatchObject({ mock: false, text: 'A process has its own address space while threads share the memory of their process.' });
    const words = final.data!.words as Array<{ text: string; start: number; end: number }>;
    expect(words).toHaveLength(answer.split(' ').length);
    expect(words.every((w, i) => w.end >= w.start && (i === 0 || w.start > words[i - 1]!.start))).toBe(true);
    expect(client.frames.filter((f) => f.event === 'transcription').every((f) => f.data!.mock === false)).toBe(true);
    client.emit('user_done_speaking', {});
    const evaluated = await client.waitForEvent('answer_evaluated', undefined, 10_000);
    expect(evaluated.data).toMatchObject({ evaluated: true });
    await client.waitForEvent('interview_complete', undefined, 10_000);
    expect(fake.connections[0]!.query).toMatchObject({ sample_rate: '16000', speech_model: 'universal-streaming-english', format_turns: 'true' });
    await vi.waitFor(() => expect(fake.connections[0]!.terminated).toBe(true), { timeout: 5000 });
    expect(client.frames.some((f) => f.event === 'provider_fallback')).toBe(false);
  });

  // A LibriVox reader cut at the first sound, so the stream's first frame is speech: the VAD keeps its
  // cold-start frames 2.7 s here before a pause shows it the room, and the log waits for that decision.
  it.skipIf(!hasLibriVox())(
    'sends live transcripts at once when the stream opens on speech; the log still starts the speech at its first sound',
    { timeout: 30_000 },
    async () => {
      fake.say('he might even have been made amiable himself');
      const client = await startVoiceInterview('opening@example.com');
      const frames = openingOnSpeech('sense_and_sensibility_01_austen_64kb-0930', 4000);
      const firstTranscript = client.waitForEvent('transcription', undefined, 8000).then(() => performance.now());
      const firstSent = performance.now();
      for (const [i, frame] of frames.entries()) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstSent + i * 100 - performance.now())));
        client.ws.send(frame);
      }
      // The fake releases a word per 100 ms of audio: the first partial is due with the second frame.
      expect((await firstTranscript) - firstSent).toBeLessThan(1500);
      client.emit('user_done_speaking', {});
      await client.waitForEvent('answer_evaluated', undefined, 10_000);
      await client.waitForEvent('interview_complete', undefined, 10_000);
      const events = (await t.server.storage.events.list(client.sessionId)).map((e) => e.event);
      const questionEnd = events.find((e) => e.type === 'question_end')!;
      const start = events.find((e) => e.type === 'speech_start')!;
      expect(start.t - questionEnd.t).toBeLessThan(400); // the client sends its first frame right after interviewer_done
      const times = events.map((e) => e.t);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    },
  );

  it('falls back to the mock transcriber with a visible flag when AssemblyAI fails, and the interview goes on', async () => {
    fake.say('this part is heard before the balance runs out and the rest is not');
    fake.enqueueFaults({ kind: 'error-close', code: 4002, message: 'Insufficient account balance', afterAudioMs: 800 });
    const client = await startVoiceInterview('fallback@example.com');
    for (const frame of voicedFrames(1500, 300)) client.ws.send(frame);
    const fallback = await client.waitForEvent('provider_fallback', undefined, 8000);
    expect(fallback.data).toMatchObject({ provider: 'transcriber', from: 'assemblyai', to: 'mock', code: 'PROVIDER_QUOTA' });
    // What AssemblyAI heard before failing is kept, flagged as real recognition.
    const before = client.frames.filter((f) => f.event === 'final_transcription');
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((f) => f.data!.mock === false)).toBe(true);
    for (const frame of voicedFrames(500, 300)) client.ws.send(frame);
    client.emit('answer_text', { text: 'A process has its own address space; threads share their process memory.' });
    const evaluated = await client.waitForEvent('answer_evaluated', undefined, 10_000);
    expect(evaluated.data).toMatchObject({ evaluated: true });
    const done = await client.waitForEvent('interview_complete', undefined, 10_000);
    expect(done.data).toMatchObject({ analysis_valid: true });
    expect(fake.connections).toHaveLength(1); // quota is not retried
    expect(warnings).toEqual([expect.objectContaining({ object: expect.objectContaining({ code: 'PROVIDER_QUOTA', from: 'assemblyai', to: 'mock' }) })]);
  });
});
