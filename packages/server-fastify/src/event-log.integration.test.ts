import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { voicedFrames } from './__fixtures__/audio';
import { SQLITE_FILE_DB } from './__fixtures__/dbs';
import { registerUser, startTestServer, type TestServer } from './__fixtures__/server';
import { TestWsClient } from './__fixtures__/ws-client';
import { defaultPorts } from './defaults';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// Issue 16: partial transcripts are not persisted one by one, and the log written through the
// storage thread replays to the metrics the live session computed in memory.
describe('the persisted event log of a voice interview (SQLite file, storage thread, default ports)', () => {
  let t: TestServer;
  let base: string;
  const clients: TestWsClient[] = [];

  beforeEach(async () => {
    t = await startTestServer(SQLITE_FILE_DB, { partialPersistMs: 1000 }, { ports: defaultPorts(loadConfig({ NODE_ENV: 'test' })) });
    base = (await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await t.cleanup();
  });

  it('keeps at most one partial a second, every final, and replays to the in-memory metrics', { timeout: 60_000 }, async () => {
    const a = await registerUser(t.server, 'log@example.com');
    const client = await TestWsClient.connect(`${base}/ws`, a.auth);
    clients.push(client);
    const questions = [{ text: 'What is a mutex?', referenceAnswer: 'A lock that lets one thread at a time into a critical section.' }];
    const ack = await client.request('start_interview', { session_type: 'technical', questions, silence_timeout_ms: 0 });
    const sessionId = ack.data!.session_id as number;
    await client.waitForEvent('question');
    client.emit('interviewer_done', { index: 0 });
    await client.request('mock_script', { text: 'a mutex is a lock that lets only one thread at a time enter the critical section of the program' });
    // Real time: one 100 ms frame every 100 ms (the mock transcriber releases a word per 400 ms of speech).
    for (const frame of voicedFrames(5000, 1000)) {
      client.ws.send(frame);
      await sleep(100);
    }
    await client.waitForEvent('final_transcription');
    client.emit('user_done_speaking', {});
    const done = await client.waitForEvent('interview_complete', undefined, 20_000);
    const partialsSent = client.frames.filter((f) => f.event === 'transcription').length;

    const res = await t.server.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/events`, headers: a.auth });
    const log = res.json<{ events: Array<{ seq: number; type: string; t: number }>; metrics: Record<string, unknown> }>();
    const partialsStored = log.events.filter((e) => e.type === 'transcript_partial');
    expect(partialsSent).toBeGreaterThanOrEqual(10);
    // 5 s of speech: the first partial, about one a second, and the last before speech_end.
    expect(partialsStored.length).toBeGreaterThan(0);
    expect(partialsStored.length).toBeLessThanOrEqual(8);
    expect(partialsStored.length).toBeLessThan(partialsSent);
    expect(log.events.filter((e) => e.type === 'transcript_final').length).toBeGreaterThan(0);
    expect(log.events.at(-1)).toMatchObject({ type: 'session_stopped' });
    // The metrics replayed from the stored log are the ones the live session computed from every event.
    expect(log.metrics).toEqual(done.data!.metrics);
    expect((done.data!.metrics as { total_words: number }).total_words).toBeGreaterThan(5);
  });
});
