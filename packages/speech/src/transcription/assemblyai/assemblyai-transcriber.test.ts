import { InterviewKitError } from '@interviewkit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startFakeAssemblyAIServer, type FakeAssemblyAIServer, type FakeAssemblyAIServerOptions } from '../../testing/fake-assemblyai-server';
import type { TranscriberEvent } from '../streaming-transcriber';
import { AssemblyAITranscriber } from './assemblyai-transcriber';
import { classifyAssemblyAIFailure } from './errors';
import type { AssemblyAITranscriberOptions } from './options';
import { createAssemblyAITemporaryToken } from './temporary-token';

// The real `assemblyai` SDK against the local fake v3 server (wss on 127.0.0.1).

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

/** Records a transcriber's events; waits (bounded) for one matching a predicate. */
class Recorder {
  readonly events: TranscriberEvent[] = [];
  private waiters: Array<{ match: (e: TranscriberEvent) => boolean; resolve: (e: TranscriberEvent) => void }> = [];

  constructor(transcriber: AssemblyAITranscriber) {
    transcriber.onEvent((event) => {
      this.events.push(event);
      this.waiters = this.waiters.filter((w) => (w.match(event) ? (w.resolve(event), false) : true));
    });
  }

  of<T extends TranscriberEvent['type']>(type: T): Array<Extract<TranscriberEvent, { type: T }>> {
    return this.events.filter((e): e is Extract<TranscriberEvent, { type: T }> => e.type === type);
  }

  waitFor<T extends TranscriberEvent['type']>(type: T, match: (e: Extract<TranscriberEvent, { type: T }>) => boolean = () => true, timeoutMs = 4000): Promise<Extract<TranscriberEvent, { type: T }>> {
    const pred = (e: TranscriberEvent): boolean => e.type === type && match(e as Extract<TranscriberEvent, { type: T }>);
    const existing = this.events.find(pred);
    if (existing) return Promise.resolve(existing as Extract<TranscriberEvent, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} event within ${timeoutMs} ms; got ${this.events.map((e) => e.type).join(',')}`)), timeoutMs);
      this.waiters.push({
        match: pred,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e as Extract<TranscriberEvent, { type: T }>);
        },
      });
    });
  }
}

describe('AssemblyAITranscriber (real SDK, fake v3 server)', () => {
  let fake: FakeAssemblyAIServer;
  const transcribers: AssemblyAITranscriber[] = [];

  async function setup(serverOptions: FakeAssemblyAIServerOptions = {}): Promise<void> {
    fake = await startFakeAssemblyAIServer(serverOptions);
  }
  function create(options: Partial<AssemblyAITranscriberOptions> = {}): { t: AssemblyAITranscriber; rec: Recorder } {
    const t = new AssemblyAITranscriber({ apiKey: 'fake-key', websocketBaseUrl: fake.websocketUrl, reconnectBaseDelayMs: 10, reconnectMaxDelayMs: 50, connectTimeoutMs: 2000, ...options });
    transcribers.push(t);
    return { t, rec: new Recorder(t) };
  }
  function send(t: AssemblyAITranscriber, ms: number): void {
    for (const f of frames(ms)) t.sendAudio(f);
  }

  beforeEach(() => {
    transcribers.length = 0;
  });
  afterEach(async () => {
    for (const t of transcribers) await t.close();
    await fake?.close();
  });

  it('streams audio and reports partials and a formatted final with word timings in ms, then terminates', async () => {
    await setup({ turns: ['tell me about indexes'], msPerWord: 300, endOfTurnSilenceMs: 400 });
    const { t, rec } = create({ keyterms: ['B-tree', 'PostgreSQL'], endOfTurnConfidenceThreshold: 0.6, minTurnSilenceMs: 400, maxTurnSilenceMs: 2000 });
    await t.start();
    expect(rec.of('ready')[0]!.sessionId).toMatch(/^0000/);
    send(t, 1700);
    const final = await rec.waitFor('final');
    expect(final).toMatchObject({ text: 'Tell me about indexes.', endOfTurn: true });
    expect(final.words.map((w) => [w.start, w.end])).toEqual([
      [0, 240],
      [300, 540],
      [600, 840],
      [900, 1140],
    ]);
    const partials = rec.of('partial');
    expect(partials.map((p) => p.text)).toEqual(expect.arrayContaining(['tell', 'tell me', 'tell me about', 'tell me about indexes']));
    expect(partials.every((p) => p.words.length === p.text.split(' ').length)).toBe(true);

    const conn = fake.connections[0]!;
    expect(conn.auth).toBe('api-key');
    expect(conn.query).toMatchObject({ sample_rate: '16000', speech_model: 'universal-streaming-english', format_turns: 'true', encoding: 'pcm_s16le', end_of_turn_confidence_threshold: '0.6', min_turn_silence: '400', max_turn_silence: '2000' });
    expect(JSON.parse(conn.query.keyterms_prompt!)).toEqual(['B-tree', 'PostgreSQL']);
    // 20 ms frames were coalesced into messages the service accepts (the fake closes with 3007 otherwise).
    expect(conn.audioFrames).toBe(17);

    await t.close();
    expect(conn.controlMessages).toEqual(['Terminate']);
    expect(conn.terminated).toBe(true);
    await vi.waitFor(() => expect(conn.closeCode).toBe(1000));
    expect(rec.of('close')).toHaveLength(1);
    expect(rec.of('error')).toEqual([]);
    expect(t.state).toBe('closed');
  });

  it('buffers audio sent before Begin and flushes it once the session is open', async () => {
    await setup({ turns: ['buffered words arrive'], msPerWord: 200, endOfTurnSilenceMs: 200 });
    fake.enqueueFaults({ kind: 'slow-begin', delayMs: 300 });
    const { t, rec } = create({ formatTurns: false });
    const started = t.start();
    send(t, 1000); // all of it before Begin
    await started;
    const final = await rec.waitFor('final');
    expect(final.text).toBe('buffered words arrive');
    expect(final.words[0]).toMatchObject({ start: 0, end: 160 });
    const conn = fake.connections[0]!;
    expect(conn.audioFramesBeforeBegin).toBe(0);
    expect(conn.audioMs).toBe(1000);
  });

  it('bounds the buffer: audio beyond maxBufferedMs is dropped oldest first, with a non-fatal error', async () => {
    await setup();
    fake.enqueueFaults({ kind: 'slow-begin', delayMs: 200 });
    const { t, rec } = create({ maxBufferedMs: 1000 });
    const started = t.start();
    send(t, 1600);
    await started;
    await t.close();
    expect(t.droppedSamples).toBe(600 * 16);
    expect(fake.connections[0]!.audioMs).toBe(1000);
    const errors = rec.of('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ fatal: false });
  });

  it('flush forces the end of the turn and resolves once its final arrived', async () => {
    await setup({ turns: ['one two three four five six'], msPerWord: 200 });
    const { t, rec } = create();
    await t.start();
    send(t, 700);
    await rec.waitFor('partial', (p) => p.text === 'one two three');
    await t.flush();
    expect(rec.of('final').map((f) => f.text)).toEqual(['One two three.']);
    expect(fake.connections[0]!.controlMessages).toContain('ForceEndpoint');
  });

  it('close delivers the in-flight turn; when Termination never comes, close still returns (bounded)', async () => {
    await setup({ turns: ['still talking when closed'], msPerWord: 200 });
    fake.enqueueFaults({ kind: 'ignore-terminate' });
    const { t, rec } = create({ terminationTimeoutMs: 300 });
    await t.start();
    send(t, 500);
    await rec.waitFor('partial', (p) => p.text === 'still talking');
    await t.close();
    expect(fake.connections[0]!.controlMessages).toEqual(['Terminate']);
    expect(fake.connections[0]!.terminated).toBe(false);
    expect(rec.of('final')).toEqual([expect.objectContaining({ text: 'still talking', endOfTurn: false })]);
    expect(rec.events.at(-1)).toMatchObject({ type: 'close', code: 1000 });
  });

  it('reconnects after a drop mid-turn, keeps the words heard, and keeps word timings on the stream clock', async () => {
    await setup({ turns: ['first part of the answer', 'second part'], msPerWord: 200, endOfTurnSilenceMs: 200 });
    fake.enqueueFaults({ kind: 'drop', afterAudioMs: 500 });
    const { t, rec } = create();
    await t.start();
    send(t, 800); // the fake cuts the connection after 500 ms: 300 ms more went to a dead socket or the queue
    const lost = await rec.waitFor('error');
    expect(lost.fatal).toBe(false);
    expect(lost.error).toBeInstanceOf(InterviewKitError);
    expect(lost.error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', details: { closeCode: 1006, kind: 'unavailable' } });
    const kept = await rec.waitFor('final');
    expect(kept).toMatchObject({ text: 'first part', endOfTurn: false });
    await rec.waitFor('ready', (r) => r.sessionId !== rec.of('ready')[0]!.sessionId);
    expect(fake.connections).toHaveLength(2);
    send(t, 800);
    const second = await rec.waitFor('final', (f) => f.endOfTurn);
    expect(second.text).toBe('Second part.');
    // The new session's clock starts at 0; the transcriber places it after the 800 ms sent to the first session.
    expect(fake.connections[1]!.audioMs).toBe(800);
    expect(second.words.map((w) => w.start)).toEqual([800, 1000]);
    expect(t.state).toBe('open');
  });

  it('gives up after the retry budget with a typed fatal error, and never hangs', async () => {
    await setup();
    fake.enqueueFaults({ kind: 'drop', afterAudioMs: 200 }, { kind: 'reject-upgrade', status: 503 }, { kind: 'reject-upgrade', status: 503 }, { kind: 'reject-upgrade', status: 503 });
    const { t, rec } = create({ maxReconnects: 2 });
    await t.start();
    send(t, 300);
    const fatal = await rec.waitFor('error', (e) => e.fatal);
    expect(fatal.error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', details: { attempts: 3, kind: 'unavailable' } });
    expect(fake.rejectedUpgrades).toBe(2);
    expect(rec.of('error').filter((e) => !e.fatal)).toHaveLength(2);
    expect(rec.events.at(-1)).toMatchObject({ type: 'close' });
    expect(t.state).toBe('failed');
    t.sendAudio(frames(100)[0]!); // ignored, no throw
    await t.flush();
    await t.close();
    expect(rec.of('close')).toHaveLength(1);
  });

  it('retries a Begin that is slower than the connect timeout', async () => {
    await setup();
    fake.enqueueFaults({ kind: 'slow-begin', delayMs: 3000 });
    const { t, rec } = create({ connectTimeoutMs: 200, maxReconnects: 1 });
    await t.start();
    expect(fake.connections).toHaveLength(2);
    expect(rec.of('error')[0]).toMatchObject({ fatal: false, error: { code: 'TIMEOUT' } });
  });

  describe('maps error closes to typed codes, without retrying permanent failures', () => {
    const cases: Array<{ name: string; fault: Parameters<FakeAssemblyAIServer['enqueueFaults']>[0]; code: string; kind: string }> = [
      { name: 'close 1008 (v3 auth)', fault: { kind: 'error-close', code: 1008, message: 'Unauthorized connection' }, code: 'PROVIDER_AUTH', kind: 'auth' },
      { name: 'close 4001 (legacy auth), no Error message', fault: { kind: 'error-close', code: 4001, message: null }, code: 'PROVIDER_AUTH', kind: 'auth' },
      { name: 'upgrade refused with 401', fault: { kind: 'reject-upgrade', status: 401 }, code: 'PROVIDER_AUTH', kind: 'auth' },
      { name: 'close 4002 (insufficient funds)', fault: { kind: 'error-close', code: 4002, message: 'Insufficient account balance' }, code: 'PROVIDER_QUOTA', kind: 'quota' },
      { name: 'upgrade refused with 402', fault: { kind: 'reject-upgrade', status: 402 }, code: 'PROVIDER_QUOTA', kind: 'quota' },
      { name: 'close 3006 (input validation)', fault: { kind: 'error-close', code: 3006, message: 'Input validation error' }, code: 'PROVIDER_ERROR', kind: 'protocol' },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        await setup();
        fake.enqueueFaults(c.fault);
        const { t, rec } = create({ maxReconnects: 3 });
        const error = await t.start().then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InterviewKitError);
        expect(error).toMatchObject({ code: c.code, retryable: false, details: { kind: c.kind, provider: 'assemblyai' } });
        expect(rec.of('error')).toEqual([{ type: 'error', fatal: true, error }]);
        expect(fake.connections.length + fake.rejectedUpgrades).toBe(1); // not retried
        expect(t.state).toBe('failed');
      });
    }

    it('a wrong API key (checked by the fake like the service) is PROVIDER_AUTH', async () => {
      await setup();
      const { t } = create({ apiKey: 'wrong' });
      await expect(t.start()).rejects.toMatchObject({ code: 'PROVIDER_AUTH', details: { providerCode: 1008 } });
    });

    it('quota exhausted mid-session (4002 after Begin) is fatal PROVIDER_QUOTA', async () => {
      await setup({ turns: ['some words here'], msPerWord: 200 });
      fake.enqueueFaults({ kind: 'error-close', code: 4002, message: 'Insufficient account balance', afterAudioMs: 300 });
      const { t, rec } = create();
      await t.start();
      send(t, 400);
      const fatal = await rec.waitFor('error', (e) => e.fatal);
      expect(fatal.error).toMatchObject({ code: 'PROVIDER_QUOTA', details: { closeCode: 4002, providerCode: 4002 } });
      expect(fake.connections).toHaveLength(1);
    });

    it('rate limits are retried, then reported as RATE_LIMITED', async () => {
      await setup();
      fake.enqueueFaults({ kind: 'reject-upgrade', status: 429 }, { kind: 'reject-upgrade', status: 429 });
      const { t } = create({ maxReconnects: 1 });
      await expect(t.start()).rejects.toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      expect(fake.rejectedUpgrades).toBe(2);
    });
  });

  it('reports a malformed JSON frame as a protocol error and keeps transcribing', async () => {
    await setup({ turns: ['survives bad frames'], msPerWord: 200, endOfTurnSilenceMs: 200 });
    fake.enqueueFaults({ kind: 'malformed-json', afterAudioMs: 200 });
    const { t, rec } = create();
    await t.start();
    send(t, 1000);
    const final = await rec.waitFor('final');
    expect(final.text).toBe('Survives bad frames.');
    const errors = rec.of('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ fatal: false, error: { code: 'PROVIDER_ERROR', details: { kind: 'protocol' } } });
    expect(t.state).toBe('open');
  });

  it('connects with a temporary token minted through the SDK', async () => {
    await setup({ turns: ['token works'], msPerWord: 200, endOfTurnSilenceMs: 200 });
    const token = await createAssemblyAITemporaryToken({ apiKey: 'fake-key', expiresInSeconds: 60, maxSessionDurationSeconds: 600, baseUrl: fake.httpUrl });
    expect(fake.tokens).toEqual([{ token, expiresInSeconds: 60, maxSessionDurationSeconds: 600 }]);
    const { t, rec } = create({ apiKey: undefined, token });
    await t.start();
    send(t, 700);
    expect((await rec.waitFor('final')).text).toBe('Token works.');
    expect(fake.connections[0]!.auth).toBe('token');
    await expect(createAssemblyAITemporaryToken({ apiKey: 'wrong', expiresInSeconds: 60, baseUrl: fake.httpUrl })).rejects.toMatchObject({ code: 'PROVIDER_AUTH' });
    await expect(createAssemblyAITemporaryToken({ apiKey: 'k', expiresInSeconds: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});

describe('AssemblyAITranscriber options and error classification', () => {
  it('validates options', () => {
    expect(() => new AssemblyAITranscriber({})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => new AssemblyAITranscriber({ apiKey: 'k', token: 't' })).toThrow(/exactly one/);
    expect(() => new AssemblyAITranscriber({ apiKey: 'k', websocketBaseUrl: 'ws://127.0.0.1:1/v3/ws' })).toThrow(/websocketBaseUrl/);
    expect(() => new AssemblyAITranscriber({ apiKey: 'k', chunkMs: 20 })).toThrow(/chunkMs/);
    expect(new AssemblyAITranscriber({ apiKey: 'k' })).toMatchObject({ provider: 'assemblyai', mock: false, state: 'idle' });
  });

  it('classifies close codes, HTTP statuses and messages', () => {
    const kind = (f: Parameters<typeof classifyAssemblyAIFailure>[0]): string => classifyAssemblyAIFailure(f).kind;
    expect([1008, 4001].map((closeCode) => kind({ closeCode }))).toEqual(['auth', 'auth']);
    expect(kind({ httpStatus: 403 })).toBe('auth');
    expect(kind({ closeCode: 1011, message: 'Invalid API key' })).toBe('auth');
    expect(kind({ closeCode: 4002 })).toBe('quota');
    expect([4029, 4102, 3009].map((closeCode) => kind({ closeCode }))).toEqual(['rate', 'rate', 'rate']);
    expect([4000, 4101, 3006, 3007].map((closeCode) => kind({ closeCode }))).toEqual(['protocol', 'protocol', 'protocol', 'protocol']);
    expect([4008, 3008, 4031].map((closeCode) => kind({ closeCode }))).toEqual(['session_expired', 'session_expired', 'session_expired']);
    expect([1006, 1011, 3005, 1000].map((closeCode) => kind({ closeCode }))).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable']);
    expect(kind({ timeout: true })).toBe('timeout');
    expect(classifyAssemblyAIFailure({ closeCode: 4001 }).retryable).toBe(false);
    expect(classifyAssemblyAIFailure({ closeCode: 1006 }).retryable).toBe(true);
  });
});
