import { InterviewKitError, readWav, speechRenderingKey } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { useFakeOpenAIServer } from './__fixtures__/shared-fake-server';
import { createOpenAISpeechSynthesizer, type OpenAISpeechOptions } from './openai-speech-synthesizer';
import { fakeSpeechAudio, type FakeOpenAIFault } from './testing';

const KEY = 'sk-test-key';
const fake = useFakeOpenAIServer({ apiKey: KEY });

function options(extra: Partial<OpenAISpeechOptions> = {}): OpenAISpeechOptions {
  return { apiKey: KEY, baseURL: fake.server.baseURL, maxRetries: 0, retryBaseDelayMs: 1, ...extra };
}
const headersOf = (i: number) => fake.server.requests[i]!.headers;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(InterviewKitError);
    return (error as InterviewKitError).code;
  }
  throw new Error('expected a rejection');
}

describe('OpenAI speech synthesizer (real SDK, fake /v1/audio/speech)', () => {
  it('renders a question with the default model, voice and format', async () => {
    const tts = createOpenAISpeechSynthesizer(options());
    const speech = await tts.synthesize('  What is a deadlock?  ');
    expect(fake.server.requests).toHaveLength(1);
    expect(headersOf(0).authorization).toBe(`Bearer ${KEY}`);
    expect(fake.server.requests[0]!.body).toEqual({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'What is a deadlock?', response_format: 'mp3' });
    expect(speech.audio).toEqual(fakeSpeechAudio('What is a deadlock?', 'alloy', 'mp3'));
    expect(speech).toMatchObject({
      format: 'mp3',
      mimeType: 'audio/mpeg',
      source: 'provider',
      key: await speechRenderingKey(tts.voiceId, 'What is a deadlock?'),
    });
    expect(tts).toMatchObject({ specificationVersion: 'v1', provider: 'openai', modelId: 'gpt-4o-mini-tts', capabilities: { instructions: true } });
  });

  it('sends the configured model, voice, format, instructions and speed; wav arrives as a valid file', async () => {
    const tts = createOpenAISpeechSynthesizer(options({ model: 'tts-1', voice: 'coral', format: 'wav', instructions: 'Calm and friendly.', speed: 1.25 }));
    const speech = await tts.synthesize('Explain a mutex.');
    expect(fake.server.requests[0]!.body).toEqual({
      model: 'tts-1',
      voice: 'coral',
      input: 'Explain a mutex.',
      response_format: 'wav',
      instructions: 'Calm and friendly.',
      speed: 1.25,
    });
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
  ] as Array<[string, Partial<OpenAISpeechOptions>, FakeOpenAIFault[], string]>)('maps %s to a typed error', async (_name, extra, failures, code) => {
    fake.server.enqueueSpeech(...failures);
    const tts = createOpenAISpeechSynthesizer(options(extra));
    expect(await codeOf(tts.synthesize('Hello'))).toBe(code);
    expect(fake.server.requests).toHaveLength(1);
  });

  it('reports the provider code and retry-after of a rate limit', async () => {
    fake.server.enqueueSpeech({ kind: 'error', status: 429, code: 'rate_limit_exceeded', headers: { 'retry-after-ms': '1500' } });
    const error = await createOpenAISpeechSynthesizer(options())
      .synthesize('Hello')
      .catch((e: unknown) => e as InterviewKitError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', details: { provider: 'openai', providerCode: 'rate_limit_exceeded', retryAfterMs: 1500 } });
  });

  it('times out a hanging provider and honours an abort signal', async () => {
    fake.server.enqueueSpeech({ kind: 'hang', ms: 2000 });
    expect(await codeOf(createOpenAISpeechSynthesizer(options({ timeoutMs: 150 })).synthesize('Hello'))).toBe('TIMEOUT');
    fake.server.enqueueSpeech({ kind: 'hang', ms: 2000 });
    const controller = new AbortController();
    const pending = createOpenAISpeechSynthesizer(options()).synthesize('Hello', { abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    expect(await codeOf(pending)).toBe('ABORTED');
  });

  it('retries a 500 and a dropped connection when maxRetries allows', async () => {
    fake.server.enqueueSpeech({ kind: 'error', status: 500, headers: { 'retry-after-ms': '1' } }, { kind: 'drop' });
    const speech = await createOpenAISpeechSynthesizer(options({ maxRetries: 2 })).synthesize('Hello again');
    // At least the 500, the drop and the success; Node's HTTP client may itself resend a request
    // whose kept-alive connection was cut, so a fourth is possible.
    expect(fake.server.requests.length).toBeGreaterThanOrEqual(3);
    expect(speech.source).toBe('provider');
  });

  it('validates text and options before calling out', async () => {
    const tts = createOpenAISpeechSynthesizer(options());
    expect(await codeOf(tts.synthesize('   '))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(tts.synthesize('x'.repeat(4097)))).toBe('INVALID_ARGUMENT');
    expect(fake.server.requests).toHaveLength(0);
    for (const bad of [{ speed: 5 }, { format: 'ogg' }, { baseURL: 'not a url' }, { voice: '' }] as Partial<OpenAISpeechOptions>[]) {
      expect(() => createOpenAISpeechSynthesizer(options(bad))).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    try {
      expect(() => createOpenAISpeechSynthesizer()).toThrow(expect.objectContaining({ code: 'CONFIG_MISSING' }));
    } finally {
      if (saved.key !== undefined) process.env.OPENAI_API_KEY = saved.key;
      if (saved.url !== undefined) process.env.OPENAI_BASE_URL = saved.url;
    }
  });

  it('sends a custom voice as { id }, as the API requires (a bare id is refused)', async () => {
    const speech = await createOpenAISpeechSynthesizer(options({ voice: 'voice_1234' })).synthesize('Tell me about yourself.');
    expect(fake.server.requests[0]!.body).toMatchObject({ voice: { id: 'voice_1234' } });
    expect(speech.audio).toEqual(fakeSpeechAudio('Tell me about yourself.', 'voice_1234', 'mp3'));
  });
});
