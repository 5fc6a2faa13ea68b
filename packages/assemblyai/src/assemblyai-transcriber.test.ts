import { InterviewKitError } from '@interviewkit/core';
import { TranscriberHarness } from '@interviewkit/core/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { classifyAssemblyAIFailure } from './assemblyai-error';
import type { AssemblyAITranscriberOptions } from './assemblyai-options';
import { createAssemblyAITemporaryToken } from './assemblyai-temporary-token';
import { createAssemblyAITranscriber } from './assemblyai-transcriber';
import { ASSEMBLYAI_CLOSES, startFakeAssemblyAIServer, type FakeAssemblyAIFault, type FakeAssemblyAIServer, type FakeAssemblyAIServerOptions } from './testing';

// The real `assemblyai` SDK against the local fake v3 server (wss on 127.0.0.1), driven through
// core's transcriber contract.

const RATE = 16_000;

/** `ms` of a voiced tone in 20 ms frames (the content does not matter to the fake: its duration does). */
function frames(ms: number, frameMs = 20): Int16Array[] {
  const out: Int16Array[] = [];
  for (let t = 0; t < ms; t += frameMs) {
    const f = new Int16Array((frameMs * RATE) / 1000);
    for (let i = 0; i < f.length; i++) f[i] = Math.round(6000 * Math.sin((2 * Math.PI * 200 * i) / RATE));
    out.push(f);
  }
  return out;
}

describe('AssemblyAI transcriber (real SDK, fake v3 server)', () => {
  let fake: FakeAssemblyAIServer;
  const harnesses: TranscriberHarness[] = [];

  async function setup(serverOptions: FakeAssemblyAIServerOptions = {}): Promise<void> {
    fake = await startFakeAssemblyAIServer(serverOptions);
  }
  function create(options: Partial<AssemblyAITranscriberOptions> = {}): TranscriberHarness {
    const transcriber = createAssemblyAITranscriber({
      apiKey: 'fake-key',
      websocketBaseUrl: fake.websocketUrl,
      reconnectBaseDelayMs: 10,
      reconnectMaxDelayMs: 50,
      connectTimeoutMs: 2000,
      ...options,
    });
    const h = new TranscriberHarness(transcriber);
    harnesses.push(h);
    return h;
  }
  function send(h: TranscriberHarness, ms: number): void {
    for (const f of frames(ms)) h.audio(f);
  }

  afterEach(async () => {
    for (const h of harnesses.splice(0)) await h.end();
    await fake?.close();
  });

  it('streams audio and reports partials and a formatted final with word timings in ms, then terminates', async () => {
    await setup({ turns: ['tell me about indexes'], msPerWord: 300, endOfTurnSilenceMs: 400 });
    const h = create({ keyterms: ['B-tree', 'PostgreSQL'], endOfTurnConfidenceThreshold: 0.6, minTurnSilenceMs: 400, maxTurnSilenceMs: 2000 });
    expect((await h.waitFor('session-start')).sessionId).toMatch(/^0000/);
    send(h, 1700);
    const final = await h.waitFor('transcript-final');
    expect(final).toMatchObject({ text: 'Tell me about indexes.', endOfTurn: true });
    expect(final.words.map((w) => [w.start, w.end])).toEqual([
      [0, 240],
      [300, 540],
      [600, 840],
      [900, 1140],
    ]);
    const partials = h.of('transcript-partial');
    expect(partials.map((p) => p.text)).toEqual(expect.arrayContaining(['tell', 'tell me', 'tell me about', 'tell me about indexes']));
    expect(partials.every((p) => p.words.length === p.text.split(' ').length)).toBe(true);

    const conn = fake.connections[0]!;
    expect(conn.auth).toBe('api-key');
    expect(conn.query).toMatchObject({
      sample_rate: '16000',
      speech_model: 'universal-streaming-english',
      format_turns: 'true',
      encoding: 'pcm_s16le',
      end_of_turn_confidence_threshold: '0.6',
      min_turn_silence: '400',
      max_turn_silence: '2000',
    });
    expect(JSON.parse(conn.query.keyterms_prompt!)).toEqual(['B-tree', 'PostgreSQL']);
    expect(await h.end()).toBe('closed');
    // 20 ms frames were coalesced into messages the service accepts (the fake closes with 3007 otherwise).
    expect(conn.audioFrames).toBe(17);
    expect(conn.controlMessages).toEqual(['Terminate']);
    expect(conn.terminated).toBe(true);
    await vi.waitFor(() => expect(conn.closeCode).toBe(1000));
    expect(h.of('error')).toEqual([]);
  });

  it('buffers audio sent before Begin and sends it once the session is open, without running ahead of real time', async () => {
    await setup({ turns: ['buffered words arrive'], msPerWord: 200, endOfTurnSilenceMs: 200 });
    fake.enqueueFaults({ kind: 'slow-begin', delayMs: 300 });
    const h = create({ formatTurns: false });
    send(h, 1000); // all of it before Begin
    const final = await h.waitFor('transcript-final');
    expect(final.text).toBe('buffered words arrive');
    expect(final.words[0]).toMatchObject({ start: 0, end: 160 });
    await h.end();
    const conn = fake.connections[0]!;
    expect(conn.audioFramesBeforeBegin).toBe(0);
    expect(conn.audioMs).toBe(1000);
  });

  it('bounds the buffer: audio beyond maxBufferedMs is dropped oldest first, with a recoverable error', async () => {
    await setup();
    fake.enqueueFaults({ kind: 'slow-begin', delayMs: 200 });
    const h = create({ maxBufferedMs: 1000 });
    send(h, 1600);
    await h.waitFor('session-start');
    await h.end();
    expect(fake.connections[0]!.audioMs).toBe(1000);
    expect(h.of('error')).toEqual([{ type: 'error', recoverable: true, error: expect.objectContaining({ message: expect.stringContaining('buffer full') }) }]);
  });

  it('flush forces the end of the turn and completes once its final arrived', async () => {
    await setup({ turns: ['one two three four five six'], msPerWord: 200 });
    const h = create();
    await h.waitFor('session-start');
    send(h, 700);
    await h.waitFor('transcript-partial', (p) => p.text === 'one two three');
    await h.flush();
    expect(h.of('transcript-final').map((f) => f.text)).toEqual(['One two three.']);
    expect(fake.connections[0]!.controlMessages).toContain('ForceEndpoint');
  });

  it('closing delivers the in-flight turn; when Termination never comes, it still ends (bounded)', async () => {
    await setup({ turns: ['still talking when closed'], msPerWord: 200 });
    fake.enqueueFaults({ kind: 'ignore-terminate' });
    const h = create({ terminationTimeoutMs: 300 });
    send(h, 500);
    await h.waitFor('transcript-partial', (p) => p.text === 'still talking');
    expect(await h.end()).toBe('closed');
    expect(fake.connections[0]!.controlMessages).toEqual(['Terminate']);
    expect(fake.connections[0]!.terminated).toBe(false);
    expect(h.of('transcript-final')).toEqual([expect.objectContaining({ text: 'still talking', endOfTurn: false })]);
  });

  it('reconnects after a drop mid-turn, keeps the words heard, and keeps word timings on the stream clock', async () => {
    await setup({ turns: ['first part of the answer', 'second part'], msPerWord: 200, endOfTurnSilenceMs: 200 });
    fake.enqueueFaults({ kind: 'drop', afterAudioMs: 500 });
    const h = create();
    send(h, 800); // the fake cuts the connection after 500 ms: 300 ms more went to a dead socket or the queue
    const lost = await h.waitFor('error');
    expect(lost.recoverable).toBe(true);
    expect(lost.error).toBeInstanceOf(InterviewKitError);
    expect(lost.error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', details: { closeCode: 1006, kind: 'unavailable' } });
    expect(await h.waitFor('transcript-final')).toMatchObject({ text: 'first part', endOfTurn: false });
    await h.waitFor('session-start', (s) => s.sessionId !== h.of('session-start')[0]!.sessionId);
    expect(fake.connections).toHaveLength(2);
    send(h, 800);
    const second = await h.waitFor('transcript-final', (f) => f.endOfTurn);
    expect(second.text).toBe('Second part.');
    // The new session's clock starts at 0; its audio is placed after what the first session received.
    const firstAudio = fake.connections[0]!.audioMs;
    expect(firstAudio + fake.connections[1]!.audioMs).toBeLessThanOrEqual(1600);
    expect(second.words.map((w) => w.start)).toEqual([firstAudio, firstAudio + 200]);
  });

  it('gives up after the retry budget with a typed non-recoverable error, and never hangs', async () => {
    await setup();
    fake.enqueueFaults(
      { kind: 'drop', afterAudioMs: 200 },
      { kind: 'reject-upgrade', status: 503 },
      { kind: 'reject-upgrade', status: 503 },
      { kind: 'reject-upgrade', status: 503 },
    );
    const h = create({ maxReconnects: 2 });
    send(h, 300);
    expect(await h.finished).toBe('failed');
    const fatal = h.of('error').find((e) => !e.recoverable)!;
    expect(fatal.error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', details: { attempts: 3, kind: 'unavailable' } });
    expect(fake.rejectedUpgrades).toBe(2);
    expect(h.of('error').filter((e) => e.recoverable)).toHaveLength(2);
    expect(h.parts.at(-1)).toEqual({ type: 'finish', reason: 'failed' });
  });

  it('retries a Begin that is slower than the connect timeout', async () => {
    await setup();
    fake.enqueueFaults({ kind: 'slow-begin', delayMs: 3000 });
    const h = create({ connectTimeoutMs: 200, maxReconnects: 1 });
    await h.waitFor('session-start');
    expect(fake.connections).toHaveLength(2);
    expect(h.of('error')[0]).toMatchObject({ recoverable: true, error: { code: 'TIMEOUT' } });
  });

  describe('maps error closes to typed codes — by code first — without retrying permanent failures', () => {
    const cases: Array<{ name: string; fault: FakeAssemblyAIFault; code: string; kind: string }> = [
      {
        name: 'close 1008 (missing or invalid credentials)',
        fault: { kind: 'error-close', ...ASSEMBLYAI_CLOSES.missingAuth },
        code: 'PROVIDER_AUTH',
        kind: 'auth',
      },
      {
        name: 'close 1008 "Unauthorized Connection: <reason>" for an insufficient balance',
        fault: { kind: 'error-close', ...ASSEMBLYAI_CLOSES.insufficientBalance },
        code: 'PROVIDER_QUOTA',
        kind: 'quota',
      },
      { name: 'close 4001 (legacy auth), no Error message', fault: { kind: 'error-close', code: 4001, message: null }, code: 'PROVIDER_AUTH', kind: 'auth' },
      { name: 'upgrade refused with 401', fault: { kind: 'reject-upgrade', status: 401 }, code: 'PROVIDER_AUTH', kind: 'auth' },
      {
        name: 'close 4002 (insufficient funds)',
        fault: { kind: 'error-close', code: 4002, message: 'Insufficient account balance' },
        code: 'PROVIDER_QUOTA',
        kind: 'quota',
      },
      { name: 'upgrade refused with 402', fault: { kind: 'reject-upgrade', status: 402 }, code: 'PROVIDER_QUOTA', kind: 'quota' },
      { name: 'close 3006 (invalid message)', fault: { kind: 'error-close', ...ASSEMBLYAI_CLOSES.invalidMessage }, code: 'PROVIDER_ERROR', kind: 'protocol' },
      {
        name: 'close 3007 for a chunk of the wrong duration',
        fault: { kind: 'error-close', ...ASSEMBLYAI_CLOSES.inputDuration },
        code: 'PROVIDER_ERROR',
        kind: 'protocol',
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        await setup();
        fake.enqueueFaults(c.fault);
        const h = create({ maxReconnects: 3 });
        expect(await h.finished).toBe('failed');
        expect(h.of('error')).toEqual([
          {
            type: 'error',
            recoverable: false,
            error: expect.objectContaining({ code: c.code, retryable: false, details: expect.objectContaining({ kind: c.kind, provider: 'assemblyai' }) }),
          },
        ]);
        expect(fake.connections.length + fake.rejectedUpgrades).toBe(1); // not retried
      });
    }

    it('close 3009 "Too many concurrent sessions" is retried with backoff, and the stream goes on', async () => {
      await setup({ turns: ['after the limit'], msPerWord: 200, endOfTurnSilenceMs: 200 });
      fake.enqueueFaults({ kind: 'error-close', ...ASSEMBLYAI_CLOSES.tooManySessions });
      const h = create({ maxReconnects: 2 });
      send(h, 1000);
      expect((await h.waitFor('transcript-final')).text).toBe('After the limit.');
      expect(h.of('error')).toEqual([
        {
          type: 'error',
          recoverable: true,
          error: expect.objectContaining({ code: 'RATE_LIMITED', details: expect.objectContaining({ kind: 'concurrency', providerCode: 3009 }) }),
        },
      ]);
      expect(fake.connections).toHaveLength(2);
    });

    it('a wrong API key (checked by the fake like the service) is PROVIDER_AUTH', async () => {
      await setup();
      const h = create({ apiKey: 'wrong' });
      await h.finished;
      expect(h.of('error')[0]!.error).toMatchObject({ code: 'PROVIDER_AUTH', details: { providerCode: 1008 } });
    });

    it('quota exhausted mid-session (4002 after Begin) is non-recoverable PROVIDER_QUOTA', async () => {
      await setup({ turns: ['some words here'], msPerWord: 200 });
      fake.enqueueFaults({ kind: 'error-close', code: 4002, message: 'Insufficient account balance', afterAudioMs: 300 });
      const h = create();
      send(h, 400);
      expect(await h.finished).toBe('failed');
      expect(h.of('error').find((e) => !e.recoverable)!.error).toMatchObject({ code: 'PROVIDER_QUOTA', details: { closeCode: 4002, providerCode: 4002 } });
      expect(fake.connections).toHaveLength(1);
    });

    it('rate limits are retried, then reported as RATE_LIMITED', async () => {
      await setup();
      fake.enqueueFaults({ kind: 'reject-upgrade', status: 429 }, { kind: 'reject-upgrade', status: 429 });
      const h = create({ maxReconnects: 1 });
      await h.finished;
      expect(h.of('error').at(-1)).toMatchObject({ recoverable: false, error: { code: 'RATE_LIMITED', retryable: true } });
      expect(fake.rejectedUpgrades).toBe(2);
    });
  });

  describe('real-time pacing', () => {
    it('catches up a backlog after a reconnection at real-time pace, so the service never closes with 3007', async () => {
      await setup({ turns: ['before the drop', 'the backlog is heard in full'], msPerWord: 200, endOfTurnSilenceMs: 200 });
      fake.enqueueFaults({ kind: 'drop', afterAudioMs: 300 });
      const h = create({ reconnectBaseDelayMs: 200, reconnectMaxDelayMs: 200 });
      send(h, 400);
      await h.waitFor('error');
      send(h, 2500); // arrives while reconnecting: queued, then sent at real time
      const final = await h.waitFor('transcript-final', (f) => f.endOfTurn && f.text.startsWith('The backlog'), 8000);
      expect(final.text).toBe('The backlog is heard in full.');
      expect(fake.connections).toHaveLength(2);
      expect(fake.connections[1]!.closeCode).toBeNull(); // still open: no 3007
      expect(h.of('error')).toHaveLength(1); // only the drop
    });

    it('treats 3007 "Audio Transmission Rate Exceeded" as recoverable pacing, not a fatal protocol error', async () => {
      await setup({ turns: ['lost with the session', 'carry on after pacing'], msPerWord: 200, endOfTurnSilenceMs: 200 });
      fake.enqueueFaults({ kind: 'error-close', ...ASSEMBLYAI_CLOSES.tooFast, afterAudioMs: 200 });
      const h = create();
      send(h, 1500);
      const final = await h.waitFor('transcript-final', (f) => f.endOfTurn, 8000);
      expect(final.text).toBe('Carry on after pacing.');
      expect(h.of('error')).toEqual([
        {
          type: 'error',
          recoverable: true,
          error: expect.objectContaining({ code: 'RATE_LIMITED', details: expect.objectContaining({ kind: 'pacing', closeCode: 3007 }) }),
        },
      ]);
      expect(fake.connections).toHaveLength(2);
    });
  });

  describe('temporary tokens', () => {
    it('connects with a temporary token minted through the SDK', async () => {
      await setup({ turns: ['token works'], msPerWord: 200, endOfTurnSilenceMs: 200 });
      const token = await createAssemblyAITemporaryToken({ apiKey: 'fake-key', expiresInSeconds: 60, maxSessionDurationSeconds: 600, baseUrl: fake.httpUrl });
      expect(fake.tokens).toEqual([{ token, expiresInSeconds: 60, maxSessionDurationSeconds: 600, used: false }]);
      const h = create({ apiKey: undefined, token });
      send(h, 700);
      expect((await h.waitFor('transcript-final')).text).toBe('Token works.');
      expect(fake.connections[0]!.auth).toBe('token');
      expect(fake.tokens[0]!.used).toBe(true);
      await expect(createAssemblyAITemporaryToken({ apiKey: 'wrong', expiresInSeconds: 60, baseUrl: fake.httpUrl })).rejects.toMatchObject({
        code: 'PROVIDER_AUTH',
      });
      await expect(createAssemblyAITemporaryToken({ apiKey: 'k', expiresInSeconds: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    });

    it('gets a fresh single-use token for every connection, so a reconnection is not refused', async () => {
      await setup({ turns: ['first words', 'after the reconnection'], msPerWord: 200, endOfTurnSilenceMs: 200 });
      fake.enqueueFaults({ kind: 'drop', afterAudioMs: 300 });
      let minted = 0;
      const h = create({
        apiKey: undefined,
        token: async () => {
          minted += 1;
          return createAssemblyAITemporaryToken({ apiKey: 'fake-key', expiresInSeconds: 5, baseUrl: fake.httpUrl });
        },
      });
      send(h, 400);
      await h.waitFor('session-start', (s) => s.sessionId !== h.of('session-start')[0]?.sessionId && h.of('session-start').length > 1, 5000);
      send(h, 1500);
      expect((await h.waitFor('transcript-final', (f) => f.endOfTurn)).text).toBe('After the reconnection.');
      expect(minted).toBe(2);
      expect(fake.connections.map((c) => c.token)).toEqual(fake.tokens.map((t) => t.token));
      expect(fake.tokens.every((t) => t.used)).toBe(true);
      expect(h.of('error').filter((e) => !e.recoverable)).toEqual([]);
    });

    it('a token string opens one session only: a reconnection fails with PROVIDER_AUTH saying why', async () => {
      await setup({ turns: ['one session'], msPerWord: 200 });
      fake.enqueueFaults({ kind: 'drop', afterAudioMs: 300 });
      const token = await createAssemblyAITemporaryToken({ apiKey: 'fake-key', expiresInSeconds: 60, baseUrl: fake.httpUrl });
      const h = create({ apiKey: undefined, token });
      send(h, 400);
      expect(await h.finished).toBe('failed');
      expect(h.of('error').at(-1)!.error).toMatchObject({ code: 'PROVIDER_AUTH', message: expect.stringContaining('single-use') });
      expect(fake.connections).toHaveLength(1);
    });

    it('refuses an expired or already used token, as the service does', async () => {
      await setup();
      const token = await createAssemblyAITemporaryToken({ apiKey: 'fake-key', expiresInSeconds: 1, baseUrl: fake.httpUrl });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const expired = create({ apiKey: undefined, token });
      expect(await expired.finished).toBe('failed');
      expect(expired.of('error')[0]!.error).toMatchObject({ code: 'PROVIDER_AUTH', message: expect.stringContaining('expired') });
    });
  });

  describe('settings and Turn formats', () => {
    it('keeps an end-of-turn confidence threshold of 0 (the SDK drops it from the URL) by sending it before any audio', async () => {
      await setup({ turns: ['zero threshold'], msPerWord: 200, endOfTurnSilenceMs: 200 });
      const h = create({ endOfTurnConfidenceThreshold: 0 });
      send(h, 800);
      await h.waitFor('transcript-final');
      const conn = fake.connections[0]!;
      expect(conn.settings.end_of_turn_confidence_threshold).toBe(0);
      expect(conn.controlMessages[0]).toBe('UpdateConfiguration');
    });

    it('takes a final formatted in the end-of-turn message itself (inline formatting)', async () => {
      await setup({ turns: ['inline formatting works'], msPerWord: 200, endOfTurnSilenceMs: 200, turnFormatting: 'inline' });
      const h = create();
      send(h, 1200);
      const final = await h.waitFor('transcript-final');
      expect(final).toMatchObject({ text: 'Inline formatting works.', endOfTurn: true });
      expect(h.of('transcript-final')).toHaveLength(1);
    });

    it('reports a malformed JSON frame as a recoverable protocol error and keeps transcribing', async () => {
      await setup({ turns: ['survives bad frames'], msPerWord: 200, endOfTurnSilenceMs: 200 });
      fake.enqueueFaults({ kind: 'malformed-json', afterAudioMs: 200 });
      const h = create();
      send(h, 1000);
      expect((await h.waitFor('transcript-final')).text).toBe('Survives bad frames.');
      expect(h.of('error')).toEqual([
        {
          type: 'error',
          recoverable: true,
          error: expect.objectContaining({ code: 'PROVIDER_ERROR', details: expect.objectContaining({ kind: 'protocol' }) }),
        },
      ]);
    });
  });
});

describe('AssemblyAI transcriber options and error classification', () => {
  it('validates options', () => {
    expect(() => createAssemblyAITranscriber({})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => createAssemblyAITranscriber({ apiKey: 'k', token: 't' })).toThrow(/exactly one/);
    expect(() => createAssemblyAITranscriber({ apiKey: 'k', websocketBaseUrl: 'ws://127.0.0.1:1/v3/ws' })).toThrow(/websocketBaseUrl/);
    expect(() => createAssemblyAITranscriber({ apiKey: 'k', chunkMs: 20 })).toThrow(/chunkMs/);
    expect(createAssemblyAITranscriber({ apiKey: 'k' })).toMatchObject({
      specificationVersion: 'v1',
      provider: 'assemblyai',
      modelId: 'universal-streaming-english',
      capabilities: { streaming: true, scripting: false },
    });
  });

  it('classifies close codes first, HTTP statuses next, and messages only without either', () => {
    const kind = (f: Parameters<typeof classifyAssemblyAIFailure>[0]): string => classifyAssemblyAIFailure(f).kind;
    expect(kind({ closeCode: 1008, message: 'Unauthorized Connection: Missing Authorization header' })).toBe('auth');
    expect(kind({ closeCode: 1008, message: 'Unauthorized Connection: Insufficient account balance' })).toBe('quota');
    expect(kind({ closeCode: 3009, message: 'Unauthorized Connection: Too many concurrent sessions' })).toBe('concurrency');
    expect(kind({ closeCode: 1008, message: 'Unauthorized connection: Too many concurrent sessions' })).toBe('concurrency');
    expect(kind({ closeCode: 3007, message: 'Audio Transmission Rate Exceeded: Received 6.0 sec. audio in 1.0 sec' })).toBe('pacing');
    expect(kind({ closeCode: 3007, message: 'Input duration violation: 20.0 ms. Expected between 50 and 1000 ms' })).toBe('protocol');
    expect(kind({ closeCode: 4001 })).toBe('auth');
    expect(kind({ httpStatus: 403 })).toBe('auth');
    expect(kind({ message: 'Invalid API key' })).toBe('auth');
    expect(kind({ closeCode: 4002 })).toBe('quota');
    expect([4102, 4029].map((closeCode) => kind({ closeCode }))).toEqual(['rate', 'pacing']);
    expect([4000, 4101, 3006].map((closeCode) => kind({ closeCode }))).toEqual(['protocol', 'protocol', 'protocol']);
    expect([4008, 3008, 4031].map((closeCode) => kind({ closeCode }))).toEqual(['session_expired', 'session_expired', 'session_expired']);
    expect([1006, 1011, 3005, 1000].map((closeCode) => kind({ closeCode }))).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable']);
    expect(kind({ timeout: true })).toBe('timeout');
    expect(classifyAssemblyAIFailure({ closeCode: 4001 }).retryable).toBe(false);
    expect(classifyAssemblyAIFailure({ closeCode: 3009 }).retryable).toBe(true);
    expect(classifyAssemblyAIFailure({ closeCode: 1006 }).retryable).toBe(true);
  });
});
