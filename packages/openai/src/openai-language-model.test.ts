import { describe, expect, it } from 'vitest';
import { useFakeOpenAIServer } from './__fixtures__/shared-fake-server';
import { startFakeOpenAIServer } from './testing';
import * as z from 'zod';
import { createOpenAILanguageModel } from './openai-language-model';

const Questions = z.object({ questions: z.array(z.object({ text: z.string().min(5), difficulty: z.enum(['easy', 'medium', 'hard']) })).min(1) });
const good = { questions: [{ text: 'What is a clustered index?', difficulty: 'medium' }] };

const fake = useFakeOpenAIServer({ apiKey: 'sk-test' });

function model(overrides: { timeoutMs?: number; maxRetries?: number; apiKey?: string; model?: string } = {}) {
  return createOpenAILanguageModel({ apiKey: 'sk-test', baseURL: fake.server.baseURL, model: 'gpt-4.1-mini', retryBaseDelayMs: 5, ...overrides });
}

describe('OpenAI language model (real SDK, fake server)', () => {
  it('requests structured outputs from the zod schema and validates the reply', async () => {
    fake.server.enqueue({ kind: 'json', value: good });
    const result = await model().generateObject({
      schema: Questions,
      schemaName: 'technical questions',
      prompt: 'Two DBMS questions',
      system: 'You are an interviewer.',
    });
    expect(result.object).toEqual(good);
    expect(result.usage?.inputTokens).toBe(10);
    const body = fake.server.requests[0]!.body as {
      model: string;
      response_format: { type: string; json_schema: { name: string; schema: { properties: object } } };
      messages: { role: string }[];
    };
    expect(fake.server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(body.model).toBe('gpt-4.1-mini');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.name).toBe('technical_questions');
    expect(body.response_format.json_schema.schema.properties).toHaveProperty('questions');
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('accepts fenced JSON', async () => {
    fake.server.enqueue({ kind: 'content', content: '```json\n' + JSON.stringify(good) + '\n```' });
    await expect(model().generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' })).resolves.toMatchObject({ object: good });
  });

  it('asks again after malformed or invalid JSON, then fails with VALIDATION_FAILED', async () => {
    fake.server.enqueue({ kind: 'content', content: 'I cannot { do that' }, { kind: 'json', value: good });
    const repaired = await model().generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' });
    expect(repaired.object).toEqual(good);
    expect(repaired.warnings?.[0]).toContain('invalid');
    const retryMessages = (fake.server.requests[1]!.body as { messages: { role: string; content: string }[] }).messages;
    expect(retryMessages.at(-1)!.content).toContain('invalid');

    fake.server.enqueue({ kind: 'json', value: { questions: [] } }, { kind: 'content', content: 'still not json' });
    await expect(model().generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('retries 500 and 429 (honouring retry-after-ms) and then succeeds', async () => {
    fake.server.enqueue(
      { kind: 'error', status: 500 },
      { kind: 'error', status: 429, code: 'rate_limit_exceeded', headers: { 'retry-after-ms': '10' } },
      { kind: 'json', value: good },
    );
    await expect(model({ maxRetries: 2 }).generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' })).resolves.toMatchObject({ object: good });
    expect(fake.server.requests).toHaveLength(3);
  });

  it('maps persistent failures to typed errors', async () => {
    fake.server.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 503 });
    await expect(model({ maxRetries: 1 }).generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', statusCode: 503 });

    fake.server.enqueue({ kind: 'error', status: 429, code: 'rate_limit_exceeded' });
    await expect(model({ maxRetries: 0 }).generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryable: true });

    fake.server.enqueue({ kind: 'error', status: 429, code: 'insufficient_quota' });
    await expect(model({ maxRetries: 3 }).generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'PROVIDER_QUOTA', retryable: false });
    expect(fake.server.requests).toHaveLength(4);

    await expect(model({ apiKey: 'sk-wrong', maxRetries: 3 }).generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'PROVIDER_AUTH' });
    expect(fake.server.requests).toHaveLength(5);

    fake.server.enqueue({ kind: 'error', status: 400, message: 'bad request' });
    await expect(model().generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'PROVIDER_ERROR', retryable: false });
  });

  it('times out (TIMEOUT), retrying timeouts first', async () => {
    fake.server.enqueue({ kind: 'hang', ms: 5000 }, { kind: 'hang', ms: 5000 });
    const started = Date.now();
    await expect(model({ timeoutMs: 150, maxRetries: 1 }).generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(fake.server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('is cancelled by the abort signal (ABORTED)', async () => {
    fake.server.enqueue({ kind: 'hang', ms: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(model().generateText({ prompt: 'p', abortSignal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('generates text', async () => {
    fake.server.enqueue({ kind: 'content', content: 'A clear narrative.' });
    await expect(model().generateText({ prompt: 'p', system: 's' })).resolves.toMatchObject({ text: 'A clear narrative.' });
  });
});

describe("OpenAI language model: the API's model and parameter rules", () => {
  it('defaults to a current model (not one with an announced shutdown)', () => {
    const m = createOpenAILanguageModel({ apiKey: 'sk-test', baseURL: fake.server.baseURL });
    expect(m.modelId).toBe('gpt-5.4-mini');
    expect(m.capabilities).toEqual({ structuredOutputs: true, temperature: false });
  });

  it('sends no temperature to a reasoning model (the API refuses one) and says so in warnings', async () => {
    fake.server.enqueue({ kind: 'json', value: good });
    const result = await model({ model: 'gpt-5.4-mini' }).generateObject({
      schema: Questions,
      schemaName: 'q',
      prompt: 'p',
      temperature: 0.7,
      maxOutputTokens: 500,
    });
    expect(result.object).toEqual(good);
    const body = fake.server.requests[0]!.body as Record<string, unknown>;
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('max_tokens');
    expect(body.max_completion_tokens).toBe(500);
    expect(result.warnings).toEqual([expect.stringContaining('temperature 0.7 ignored')]);
    fake.server.enqueue({ kind: 'content', content: 'ok' });
    await expect(model({ model: 'o4-mini' }).generateText({ prompt: 'p', temperature: 0.2 })).resolves.toMatchObject({
      text: 'ok',
      warnings: [expect.stringContaining('reasoning model')],
    });
  });

  it('keeps the temperature for a model that takes one', async () => {
    fake.server.enqueue({ kind: 'content', content: 'ok' });
    const m = model({ model: 'gpt-4.1-mini' });
    expect(m.capabilities.temperature).toBe(true);
    await m.generateText({ prompt: 'p', temperature: 0.4 });
    expect((fake.server.requests[0]!.body as Record<string, unknown>).temperature).toBe(0.4);
  });

  it('never accepts a reply cut at the token limit, even one that would repair into valid JSON', async () => {
    const list = {
      questions: [
        { text: 'What is a clustered index?', difficulty: 'medium' },
        { text: 'What is a covering index?', difficulty: 'hard' },
      ],
    };
    fake.server.enqueue({ kind: 'truncated', value: list, keep: JSON.stringify(list).indexOf('},') + 1 }, { kind: 'json', value: good });
    const result = await model().generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' });
    expect(result.object).toEqual(good);
    expect(result.warnings?.[0]).toContain('cut off at the token limit');
  });

  it('reports a refusal and an unknown model as non-retryable provider errors', async () => {
    fake.server.enqueue({ kind: 'refusal', refusal: 'I cannot help with that.' });
    await expect(model({ maxRetries: 3 }).generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' })).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      retryable: false,
    });
    await expect(model({ model: 'gpt-0-imaginary', maxRetries: 3 }).generateText({ prompt: 'p' })).rejects.toMatchObject({
      code: 'PROVIDER_ERROR',
      statusCode: 404,
      details: { providerCode: 'model_not_found' },
    });
    expect(fake.server.requests).toHaveLength(2);
  });

  it('reads OPENAI_API_KEY when no key is given, sends a placeholder to a compatible server given by URL alone, and says which variable is missing', async () => {
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    try {
      delete process.env.OPENAI_API_KEY;
      delete process.env.OPENAI_BASE_URL;
      expect(() => createOpenAILanguageModel()).toThrow(
        expect.objectContaining({ code: 'CONFIG_MISSING', message: expect.stringContaining('OPENAI_API_KEY') }),
      );
      const local = await startFakeOpenAIServer({ knownModelsOnly: false });
      try {
        local.enqueue({ kind: 'content', content: 'from a local model' });
        await expect(
          createOpenAILanguageModel({ baseURL: local.baseURL, model: 'llama3.1:8b' }).generateText({ prompt: 'p', temperature: 0.3 }),
        ).resolves.toMatchObject({ text: 'from a local model' });
        expect(local.requests[0]!.headers.authorization).toBe('Bearer no-key');
        expect(local.requests[0]!.body).toMatchObject({ model: 'llama3.1:8b', temperature: 0.3 });
      } finally {
        await local.close();
      }
      process.env.OPENAI_API_KEY = 'sk-from-env';
      expect(createOpenAILanguageModel({ baseURL: fake.server.baseURL }).provider).toBe('openai');
    } finally {
      for (const [name, value] of [
        ['OPENAI_API_KEY', saved.key],
        ['OPENAI_BASE_URL', saved.url],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
