import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '../testing';
import { createOpenAIEmbedder, createOpenAILanguageModel } from './openai';

const Questions = z.object({ questions: z.array(z.object({ text: z.string().min(5), difficulty: z.enum(['easy', 'medium', 'hard']) })).min(1) });
const good = { questions: [{ text: 'What is a clustered index?', difficulty: 'medium' }] };

let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer({ apiKey: 'sk-test' });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

function model(overrides: { timeoutMs?: number; maxRetries?: number; apiKey?: string } = {}) {
  return createOpenAILanguageModel({ apiKey: 'sk-test', baseURL: server.baseURL, model: 'gpt-test', retryBaseDelayMs: 5, ...overrides });
}

describe('OpenAI language model (real SDK, fake server)', () => {
  it('requests structured outputs from the zod schema and validates the reply', async () => {
    server.enqueue({ kind: 'json', value: good });
    const result = await model().generateObject({ schema: Questions, schemaName: 'technical questions', prompt: 'Two DBMS questions', system: 'You are an interviewer.' });
    expect(result.object).toEqual(good);
    expect(result.usage?.inputTokens).toBe(10);
    const body = server.requests[0]!.body as { model: string; response_format: { type: string; json_schema: { name: string; schema: { properties: object } } }; messages: { role: string }[] };
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(body.model).toBe('gpt-test');
    expect(body.response_format.type).toBe('json_schema');
    expect(body.response_format.json_schema.name).toBe('technical_questions');
    expect(body.response_format.json_schema.schema.properties).toHaveProperty('questions');
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user']);
  });

  it('accepts fenced JSON', async () => {
    server.enqueue({ kind: 'content', content: '```json\n' + JSON.stringify(good) + '\n```' });
    await expect(model().generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' })).resolves.toMatchObject({ object: good });
  });

  it('asks again after malformed or invalid JSON, then fails with VALIDATION_FAILED', async () => {
    server.enqueue({ kind: 'content', content: 'I cannot { do that' }, { kind: 'json', value: good });
    const repaired = await model().generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' });
    expect(repaired.object).toEqual(good);
    expect(repaired.warnings?.[0]).toContain('invalid');
    const retryMessages = (server.requests[1]!.body as { messages: { role: string; content: string }[] }).messages;
    expect(retryMessages.at(-1)!.content).toContain('invalid');

    server.enqueue({ kind: 'json', value: { questions: [] } }, { kind: 'content', content: 'still not json' });
    await expect(model().generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('never accepts a reply cut at the token limit, even one that repairs into valid JSON', async () => {
    const long = { questions: [...good.questions, { text: 'What is a covering index?', difficulty: 'hard' }] };
    // Cut right after the first question: repair would close it into a valid, shorter list.
    const keep = JSON.stringify(long).indexOf('},{') + 1;
    server.enqueue({ kind: 'truncated', value: long, keep }, { kind: 'json', value: long });
    const result = await model().generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' });
    expect(result.object).toEqual(long);
    expect(result.warnings?.[0]).toMatch(/cut off at the token limit/);

    server.enqueue({ kind: 'truncated', value: long, keep }, { kind: 'truncated', value: long, keep });
    await expect(model().generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('reports a structured-outputs refusal as a non-retryable provider error', async () => {
    server.enqueue({ kind: 'refusal', refusal: 'I cannot help with that.' });
    await expect(model({ maxRetries: 3 }).generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' })).rejects.toMatchObject({ code: 'PROVIDER_ERROR', retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('retries 500 and 429 (honouring retry-after-ms) and then succeeds', async () => {
    server.enqueue(
      { kind: 'error', status: 500 },
      { kind: 'error', status: 429, code: 'rate_limit_exceeded', headers: { 'retry-after-ms': '10' } },
      { kind: 'json', value: good },
    );
    await expect(model({ maxRetries: 2 }).generateObject({ schema: Questions, schemaName: 'q', prompt: 'p' })).resolves.toMatchObject({ object: good });
    expect(server.requests).toHaveLength(3);
  });

  it('maps persistent failures to typed errors', async () => {
    server.enqueue({ kind: 'error', status: 503 }, { kind: 'error', status: 503 });
    await expect(model({ maxRetries: 1 }).generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE', statusCode: 503 });

    server.enqueue({ kind: 'error', status: 429, code: 'rate_limit_exceeded' });
    await expect(model({ maxRetries: 0 }).generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryable: true });

    server.enqueue({ kind: 'error', status: 429, code: 'insufficient_quota' });
    await expect(model({ maxRetries: 3 }).generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'PROVIDER_QUOTA', retryable: false });
    expect(server.requests).toHaveLength(4);

    await expect(model({ apiKey: 'sk-wrong', maxRetries: 3 }).generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'PROVIDER_AUTH' });
    expect(server.requests).toHaveLength(5);

    server.enqueue({ kind: 'error', status: 400, message: 'bad request' });
    await expect(model().generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'PROVIDER_ERROR', retryable: false });
  });

  it('times out (TIMEOUT), retrying timeouts first', async () => {
    server.enqueue({ kind: 'hang', ms: 5000 }, { kind: 'hang', ms: 5000 });
    const started = Date.now();
    await expect(model({ timeoutMs: 150, maxRetries: 1 }).generateText({ prompt: 'p' })).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('is cancelled by the abort signal (ABORTED)', async () => {
    server.enqueue({ kind: 'hang', ms: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(model().generateText({ prompt: 'p', abortSignal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('generates text', async () => {
    server.enqueue({ kind: 'content', content: 'A clear narrative.' });
    await expect(model().generateText({ prompt: 'p', system: 's' })).resolves.toMatchObject({ text: 'A clear narrative.' });
  });
});

describe('OpenAI embedder (real SDK, fake server)', () => {
  it('embeds in order, in batches, with the default model', async () => {
    const embedder = createOpenAIEmbedder({ apiKey: 'sk-test', baseURL: server.baseURL, maxValuesPerCall: 2 });
    const { embeddings } = await embedder.embed({ values: ['index scan', 'table scan', 'mutex lock'] });
    expect(embeddings).toHaveLength(3);
    expect(embeddings[0]).toHaveLength(16);
    expect(server.requests).toHaveLength(2);
    expect((server.requests[0]!.body as { model: string }).model).toBe('text-embedding-3-small');
  });

  it('retries a 500 and maps 401', async () => {
    server.enqueueEmbeddings({ kind: 'error', status: 500 });
    const embedder = createOpenAIEmbedder({ apiKey: 'sk-test', baseURL: server.baseURL, retryBaseDelayMs: 5 });
    await expect(embedder.embed({ values: ['a'] })).resolves.toMatchObject({ embeddings: [expect.any(Array)] });
    const wrong = createOpenAIEmbedder({ apiKey: 'nope', baseURL: server.baseURL });
    await expect(wrong.embed({ values: ['a'] })).rejects.toMatchObject({ code: 'PROVIDER_AUTH' });
  });
});
