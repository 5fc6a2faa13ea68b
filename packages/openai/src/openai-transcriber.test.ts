import { describe, expect, it } from 'vitest';
import { useFakeOpenAIServer } from './__fixtures__/shared-fake-server';
import { createOpenAITranscriber, type OpenAITranscriberOptions } from './openai-transcriber';

const fake = useFakeOpenAIServer({ apiKey: 'sk-test' });

/** `ms` of a 200 Hz tone at 16 kHz (the fake reads the WAV's duration, not its words). */
function speech(ms: number): Int16Array {
  const samples = new Int16Array((ms * 16_000) / 1000);
  for (let i = 0; i < samples.length; i++) samples[i] = Math.round(6000 * Math.sin((2 * Math.PI * 200 * i) / 16_000));
  return samples;
}

function transcriber(options: Partial<OpenAITranscriberOptions> = {}) {
  return createOpenAITranscriber({ apiKey: 'sk-test', baseURL: fake.server.baseURL, retryBaseDelayMs: 5, ...options });
}

describe('OpenAI transcriber (real SDK, fake /v1/audio/transcriptions)', () => {
  it('transcribes a segment with the default model as a WAV upload; words are left to the VAD', async () => {
    fake.server.say('a process owns its memory');
    const t = transcriber();
    expect(t).toMatchObject({
      specificationVersion: 'v1',
      provider: 'openai',
      modelId: 'gpt-transcribe',
      capabilities: { streaming: false, interimResults: false, wordTimestamps: false, scripting: false },
    });
    const result = await t.transcribe({ audio: speech(1500), sampleRate: 16_000 });
    expect(result).toEqual({ text: 'a process owns its memory' });
    expect(fake.server.requests[0]!.path).toBe('/v1/audio/transcriptions');
    expect(fake.server.requests[0]!.body).toMatchObject({
      model: 'gpt-transcribe',
      response_format: 'json',
      file: { name: 'segment.wav', type: 'audio/wav', bytes: 44 + 1500 * 32 },
    });
  });

  it('gets word timings (ms from the segment start) from Whisper, with language and prompt', async () => {
    fake.server.say('threads share memory');
    const t = transcriber({ model: 'whisper-1', language: 'en', prompt: 'mutex, semaphore' });
    expect(t.capabilities.wordTimestamps).toBe(true);
    const result = await t.transcribe({ audio: speech(1200), sampleRate: 16_000 });
    expect(result.text).toBe('threads share memory');
    expect(result.words).toEqual([
      { text: 'threads', start: 0, end: 360 },
      { text: 'share', start: 400, end: 760 },
      { text: 'memory', start: 800, end: 1160 },
    ]);
    expect(fake.server.requests[0]!.body).toMatchObject({ model: 'whisper-1', response_format: 'verbose_json', language: 'en', prompt: 'mutex, semaphore' });
  });

  it('retries a rate limit, a 500 and a dropped connection, then delivers', async () => {
    fake.server.say('after the storm');
    fake.server.enqueueTranscriptions(
      { kind: 'error', status: 429, code: 'rate_limit_exceeded', headers: { 'retry-after-ms': '5' } },
      { kind: 'error', status: 500 },
      { kind: 'drop' },
    );
    const result = await transcriber({ maxRetries: 3 }).transcribe({ audio: speech(500), sampleRate: 16_000 });
    expect(result.text).toBe('after the storm');
    expect(fake.server.requests.length).toBeGreaterThanOrEqual(4); // Node's HTTP client may resend a request whose connection was cut
  });

  it.each([
    ['a wrong key', { apiKey: 'sk-wrong' }, [], 'PROVIDER_AUTH', false],
    ['an exhausted quota', {}, [{ kind: 'error', status: 429, code: 'insufficient_quota' }], 'PROVIDER_QUOTA', false],
    ['an unknown model', { model: 'gpt-imaginary-transcribe' }, [], 'PROVIDER_ERROR', false],
    ['word timings asked of a model without them', { model: 'gpt-4o-transcribe', wordTimestamps: true }, [], 'PROVIDER_ERROR', false],
    [
      'an outage beyond the retries',
      { maxRetries: 1 },
      [
        { kind: 'error', status: 503 },
        { kind: 'error', status: 503 },
      ],
      'PROVIDER_UNAVAILABLE',
      true,
    ],
    ['a malformed reply', { maxRetries: 0 }, [{ kind: 'malformed' }], 'PROVIDER_ERROR', true],
  ] as const)('maps %s to a typed error', async (_name, options, faults, code, retryable) => {
    fake.server.enqueueTranscriptions(...faults);
    await expect(transcriber(options).transcribe({ audio: speech(400), sampleRate: 16_000 })).rejects.toMatchObject({ code, retryable });
  });

  it('times out a slow provider and honours an abort signal', async () => {
    fake.server.enqueueTranscriptions({ kind: 'hang', ms: 3000 });
    await expect(transcriber({ timeoutMs: 150, maxRetries: 0 }).transcribe({ audio: speech(400), sampleRate: 16_000 })).rejects.toMatchObject({
      code: 'TIMEOUT',
    });
    fake.server.enqueueTranscriptions({ kind: 'hang', ms: 3000 });
    const controller = new AbortController();
    const pending = transcriber().transcribe({ audio: speech(400), sampleRate: 16_000, abortSignal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('sends nothing for empty audio and validates its options', async () => {
    await expect(transcriber().transcribe({ audio: new Int16Array(0), sampleRate: 16_000 })).resolves.toEqual({ text: '' });
    expect(fake.server.requests).toHaveLength(0);
    expect(() => transcriber({ language: 'English' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('language') }),
    );
  });
});
