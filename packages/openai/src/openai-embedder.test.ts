import { describe, expect, it } from 'vitest';
import { useFakeOpenAIServer } from './__fixtures__/shared-fake-server';
import { createOpenAIEmbedder } from './openai-embedder';

const fake = useFakeOpenAIServer({ apiKey: 'sk-test' });

describe('OpenAI embedder (real SDK, fake server)', () => {
  it('embeds in order, in batches, with the default model at its native size', async () => {
    const embedder = createOpenAIEmbedder({ apiKey: 'sk-test', baseURL: fake.server.baseURL, maxValuesPerCall: 2 });
    const { embeddings } = await embedder.embed({ values: ['index scan', 'table scan', 'mutex lock'] });
    expect(embeddings).toHaveLength(3);
    expect(embeddings.every((v) => v.length === 1536)).toBe(true);
    expect(fake.server.requests).toHaveLength(2);
    expect((fake.server.requests[0]!.body as { model: string }).model).toBe('text-embedding-3-small');
  });

  it('asks for shortened vectors and gets vectors of that size', async () => {
    const embedder = createOpenAIEmbedder({ apiKey: 'sk-test', baseURL: fake.server.baseURL, dimensions: 256 });
    const { embeddings } = await embedder.embed({ values: ['a b', 'c d'] });
    expect(embeddings.map((v) => v.length)).toEqual([256, 256]);
    expect((fake.server.requests[0]!.body as { dimensions: number }).dimensions).toBe(256);
  });

  it('reports a model that cannot shorten its vectors, and bad dimensions, as errors', async () => {
    const ada = createOpenAIEmbedder({ apiKey: 'sk-test', baseURL: fake.server.baseURL, model: 'text-embedding-ada-002', dimensions: 256 });
    await expect(ada.embed({ values: ['a'] })).rejects.toMatchObject({ code: 'PROVIDER_ERROR', details: { providerCode: 'unsupported_parameter' } });
    expect(() => createOpenAIEmbedder({ apiKey: 'sk-test', dimensions: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('retries a 500 and a dropped connection, and maps 401', async () => {
    fake.server.enqueueEmbeddings({ kind: 'error', status: 500 }, { kind: 'drop' });
    const embedder = createOpenAIEmbedder({ apiKey: 'sk-test', baseURL: fake.server.baseURL, retryBaseDelayMs: 5 });
    await expect(embedder.embed({ values: ['a'] })).resolves.toMatchObject({ embeddings: [expect.any(Array)] });
    expect(fake.server.requests.length).toBeGreaterThanOrEqual(3); // Node's HTTP client may resend a request whose connection was cut
    const wrong = createOpenAIEmbedder({ apiKey: 'nope', baseURL: fake.server.baseURL });
    await expect(wrong.embed({ values: ['a'] })).rejects.toMatchObject({ code: 'PROVIDER_AUTH' });
  });

  it('refuses a reply that is not the documented shape', async () => {
    fake.server.enqueueEmbeddings({ kind: 'malformed' }, { kind: 'malformed' }, { kind: 'malformed' });
    const embedder = createOpenAIEmbedder({ apiKey: 'sk-test', baseURL: fake.server.baseURL, retryBaseDelayMs: 5 });
    await expect(embedder.embed({ values: ['a'] })).rejects.toMatchObject({ code: 'PROVIDER_ERROR' });
  });
});
