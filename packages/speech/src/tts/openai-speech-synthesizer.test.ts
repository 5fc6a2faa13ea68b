import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InterviewKitError } from '@interviewkit/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readWav } from '../audio/wav';
import { fakeSpeechAudio, startFakeSpeechServer, type FakeSpeechServer } from './__fixtures__/fake-speech-server';
import { createOpenAISpeechSynthesizer, OpenAISpeechSynthesizer, type OpenAISpeechOptions } from './openai-speech-synthesizer';
import { CachedSpeechSynthesizer, speechCacheKey, type SpeechCacheOptions } from './speech-cache';

const KEY = 'sk-test-key';
let server: FakeSpeechServer;
const dirs: string[] = [];

beforeAll(async () => {
  server = await startFakeSpeechServer({ apiKey: KEY });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ik-tts-'));
  dirs.push(dir);
  return dir;
}

type Options = OpenAISpeechOptions & { cache?: SpeechCacheOptions | false };

function options(extra: Partial<Options> = {}): Options {
  return { apiKey: KEY, baseURL: server.baseURL, maxRetries: 0, ...extra };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InterviewKitError);
    return (error as InterviewKitError).code;
  }
  throw new Error('expected a rejection');
}

describe('OpenAISpeechSynthesizer (real SDK, fake /v1/audio/speech)', () => {
  it('renders a question with the default model, voice and format', async () => {
    const tts = new OpenAISpeechSynthesizer(options());
    const speech = await tts.synthesize('  What is a deadlock?  ');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.authorization).toBe(`Bearer ${KEY}`);
    expect(server.requests[0]!.body).toEqual({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'What is a deadlock?', response_format: 'mp3' });
    expect(speech.audio).toEqual(fakeSpeechAudio('What is a deadlock?', 'alloy', 'mp3'));
    expect(speech).toMatchObject({ format: 'mp3', mimeType: 'audio/mpeg', source: 'provider', key: speechCacheKey(tts.voiceId, 'What is a deadlock?') });
  });

  it('sends the configured model, voice, format, instructions and speed; wav arrives as a valid file', async () => {
    const tts = new OpenAISpeechSynthesizer(options({ model: 'tts-1', voice: 'coral', format: 'wav', instructions: 'Calm and friendly.', speed: 1.25 }));
    const speech = await tts.synthesize('Explain a mutex.');
    expect(server.requests[0]!.body).toEqual({ model: 'tts-1', voice: 'coral', input: 'Explain a mutex.', response_format: 'wav', instructions: 'Calm and friendly.', speed: 1.25 });
    const wav = readWav(speech.audio);
    expect(wav.sampleRate).toBe(24_000);
    expect(wav.samples.length).toBeGreaterThan(0);
    expect(speech.mimeType).toBe('audio/wav');
  });

  it.each([
    ['401', { apiKey: 'sk-wrong' }, [], 'PROVIDER_AUTH'],
    ['429 rate limit', {}, [{ kind: 'error', status: 429, code: 'rate_limit_exceeded' }], 'RATE_LIMITED'],
    ['429 quota', {}, [{ kind: 'error', status: 429, code: 'insufficient_quota' }], 'PROVIDER_QUOTA'],
    ['500', {}, [{ kind: 'error', status: 500 }], 'PROVIDER_UNAVAILABLE'],
    ['503', {}, [{ kind: 'error', status: 503 }], 'PROVIDER_UNAVAILABLE'],
    ['400 (unknown voice)', { voice: 'robot' }, [], 'PROVIDER_ERROR'],
    ['an empty body', {}, [{ kind: 'empty' }], 'PROVIDER_ERROR'],
  ] as const)('maps %s to a typed error', async (_name, extra, failures, code) => {
    server.fail(...failures);
    const tts = new OpenAISpeechSynthesizer(options(extra));
    expect(await codeOf(tts.synthesize('Hello'))).toBe(code);
    expect(server.requests).toHaveLength(1);
  });

  it('reports the provider code and retry-after of a rate limit', async () => {
    server.fail({ kind: 'error', status: 429, code: 'rate_limit_exceeded', headers: { 'retry-after-ms': '1500' } });
    const error = await new OpenAISpeechSynthesizer(options()).synthesize('Hello').catch((e: unknown) => e as InterviewKitError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', details: { provider: 'openai', providerCode: 'rate_limit_exceeded', retryAfterMs: 1500 } });
  });

  it('times out a hanging provider and honours an abort signal', async () => {
    server.fail({ kind: 'hang', ms: 2000 });
    expect(await codeOf(new OpenAISpeechSynthesizer(options({ timeoutMs: 150 })).synthesize('Hello'))).toBe('TIMEOUT');
    server.fail({ kind: 'hang', ms: 2000 });
    const controller = new AbortController();
    const pending = new OpenAISpeechSynthesizer(options()).synthesize('Hello', { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await codeOf(pending)).toBe('ABORTED');
  });

  it("retries a 500 through the SDK when maxRetries allows", async () => {
    server.fail({ kind: 'error', status: 500, headers: { 'retry-after-ms': '1' } });
    const speech = await new OpenAISpeechSynthesizer(options({ maxRetries: 1 })).synthesize('Hello again');
    expect(server.requests).toHaveLength(2);
    expect(speech.source).toBe('provider');
  });

  it('validates text and options before calling out', async () => {
    const tts = new OpenAISpeechSynthesizer(options());
    expect(await codeOf(tts.synthesize('   '))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(tts.synthesize('x'.repeat(4097)))).toBe('INVALID_ARGUMENT');
    expect(server.requests).toHaveLength(0);
    for (const bad of [{ speed: 5 }, { format: 'ogg' }, { baseURL: 'not a url' }, { voice: '' }] as Partial<OpenAISpeechOptions>[]) {
      expect(() => new OpenAISpeechSynthesizer(options(bad))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    expect(() => new OpenAISpeechSynthesizer({ baseURL: server.baseURL })).toThrow(expect.objectContaining({ code: 'CONFIG_MISSING' }));
  });
});

describe('CachedSpeechSynthesizer: each question rendered once', () => {
  it('serves a repeated question from memory without a second call; another voice is another rendering', async () => {
    const tts = createOpenAISpeechSynthesizer(options());
    const first = await tts.synthesize('What is a race condition?');
    const again = await tts.synthesize('What is a race condition? ');
    expect(server.requests).toHaveLength(1);
    expect(again.source).toBe('memory');
    expect(again.audio).toEqual(first.audio);
    expect(again.key).toBe(first.key);
    const other = await createOpenAISpeechSynthesizer(options({ voice: 'sage' })).synthesize('What is a race condition?');
    expect(server.requests).toHaveLength(2);
    expect(other.key).not.toBe(first.key);
  });

  it('makes one call for concurrent requests of the same text', async () => {
    const tts = createOpenAISpeechSynthesizer(options());
    const results = await Promise.all(Array.from({ length: 5 }, () => tts.synthesize('Describe a semaphore.')));
    expect(server.requests).toHaveLength(1);
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
  });

  it('does not cache failures', async () => {
    const tts = createOpenAISpeechSynthesizer(options());
    server.fail({ kind: 'error', status: 500 });
    expect(await codeOf(tts.synthesize('What is a lock?'))).toBe('PROVIDER_UNAVAILABLE');
    expect((await tts.synthesize('What is a lock?')).source).toBe('provider');
    expect(server.requests).toHaveLength(2);
  });

  it('bounds memory by entries and bytes, evicting the least recently used', async () => {
    const tts = new CachedSpeechSynthesizer(new OpenAISpeechSynthesizer(options()), { maxEntries: 2 });
    await tts.synthesize('A');
    await tts.synthesize('B');
    await tts.synthesize('A'); // A is now the most recent
    await tts.synthesize('C'); // evicts B
    expect(tts.memoryUsage.entries).toBe(2);
    expect((await tts.synthesize('A')).source).toBe('memory');
    expect((await tts.synthesize('B')).source).toBe('provider');
    expect(server.requests).toHaveLength(4);

    const small = new CachedSpeechSynthesizer(new OpenAISpeechSynthesizer(options()), { maxBytes: 40 });
    await small.synthesize('first question'); // 30 bytes of fake audio
    await small.synthesize('second question'); // 31 bytes: the first must go
    expect(small.memoryUsage).toEqual({ entries: 1, bytes: fakeSpeechAudio('second question', 'alloy', 'mp3').byteLength });
    await small.synthesize('x'.repeat(100)); // larger than the bound: served, not kept
    expect(small.memoryUsage.entries).toBe(1);
  });

  it('keeps renderings in a directory keyed by a hash of model, voice, format and text, across instances', async () => {
    const directory = tempDir();
    const first = createOpenAISpeechSynthesizer(options({ cache: { directory: join(directory, 'tts') } }));
    const rendered = await first.synthesize('Why use a thread pool?');
    expect(readdirSync(join(directory, 'tts'))).toEqual([`${rendered.key}.mp3`]);
    expect(rendered.key).toBe(speechCacheKey(JSON.stringify(['openai', 'gpt-4o-mini-tts', 'alloy', 'mp3', null, null]), 'Why use a thread pool?'));
    expect(new Uint8Array(readFileSync(join(directory, 'tts', `${rendered.key}.mp3`)))).toEqual(rendered.audio);

    const restarted = createOpenAISpeechSynthesizer(options({ cache: { directory: join(directory, 'tts') } }));
    const fromDisk = await restarted.synthesize('Why use a thread pool?');
    expect(fromDisk.source).toBe('disk');
    expect(fromDisk.audio).toEqual(rendered.audio);
    expect(server.requests).toHaveLength(1);

    await createOpenAISpeechSynthesizer(options({ format: 'opus', cache: { directory: join(directory, 'tts') } })).synthesize('Why use a thread pool?');
    expect(server.requests).toHaveLength(2);
    expect(readdirSync(join(directory, 'tts'))).toHaveLength(2);
  });

  it('still speaks when the directory cache cannot be written, and says so', async () => {
    const directory = tempDir();
    writeFileSync(join(directory, 'not-a-dir'), 'x');
    const problems: unknown[] = [];
    const tts = createOpenAISpeechSynthesizer(options({ cache: { directory: join(directory, 'not-a-dir'), onCacheError: (e: unknown) => problems.push(e) } }));
    const speech = await tts.synthesize('What is a deadlock?');
    expect(speech.source).toBe('provider');
    expect(problems.length).toBeGreaterThan(0);
  });

  it('validates cache options', () => {
    expect(() => new CachedSpeechSynthesizer(new OpenAISpeechSynthesizer(options()), { maxEntries: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
