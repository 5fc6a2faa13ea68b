import { InterviewKitError, hasErrorCode } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { extractJsonText, parseJsonWithSchema, parseLooseJson, repairJson, stripCodeFences } from './json';
import { createOfflineLanguageModel } from './offline';
import { backoffDelay, withRetry } from './retry';
import { selectEmbedder, selectLanguageModel } from './select';

describe('withRetry', () => {
  it('retries retryable InterviewKitErrors and then succeeds', async () => {
    let calls = 0;
    const retries: number[] = [];
    const result = await withRetry(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'down');
        return 'ok';
      },
      { retries: 3, baseDelayMs: 1, random: () => 0.5, onRetry: ({ attempt }) => retries.push(attempt) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(retries).toEqual([1, 2]);
  });

  it('does not retry non-retryable or foreign errors', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new InterviewKitError('PROVIDER_AUTH', 'bad key');
      }, { baseDelayMs: 1 }),
    ).rejects.toMatchObject({ code: 'PROVIDER_AUTH' });
    expect(calls).toBe(1);
    await expect(withRetry(async () => Promise.reject(new Error('plain')), { baseDelayMs: 1 })).rejects.toThrow('plain');
  });

  it('gives up after the last retry with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new InterviewKitError('TIMEOUT', `t${calls}`);
      }, { retries: 2, baseDelayMs: 1 }),
    ).rejects.toThrow('t3');
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const promise = withRetry(async () => Promise.reject(new InterviewKitError('RATE_LIMITED', 'slow down')), {
      retries: 5,
      baseDelayMs: 10_000,
      abortSignal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    await expect(promise).rejects.toMatchObject({ code: 'ABORTED' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('backs off exponentially with jitter within bounds', () => {
    for (let retry = 1; retry <= 6; retry++) {
      const cap = Math.min(1000, 100 * 2 ** (retry - 1));
      expect(backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 })).toBe(cap / 2);
      expect(backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 })).toBeLessThanOrEqual(cap);
    }
  });
});

describe('JSON helpers', () => {
  const Schema = z.object({ questions: z.array(z.string()).min(1) });

  it('strips fences and extracts JSON from prose', () => {
    expect(stripCodeFences('```json\n{"a":1}\n```')).toBe('{"a":1}');
    expect(extractJsonText('Sure! Here it is: {"a": "}"} hope it helps')).toBe('{"a": "}"}');
    expect(parseLooseJson('Here:\n```\n[1, 2]\n```')).toEqual([1, 2]);
  });

  it('repairs trailing commas, single quotes, unquoted keys and truncation', () => {
    expect(JSON.parse(repairJson("{questions: ['a', 'b',],}"))).toEqual({ questions: ['a', 'b'] });
    expect(JSON.parse(repairJson('{"questions": ["a", "b'))).toEqual({ questions: ['a', 'b'] });
    expect(parseJsonWithSchema('```json\n{"questions": ["What is a B-tree?",]}\n```', Schema)).toEqual({ questions: ['What is a B-tree?'] });
  });

  it('throws VALIDATION_FAILED for non-JSON and for schema mismatches', () => {
    expect(() => parseLooseJson('no json here')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }) as Error);
    try {
      parseJsonWithSchema('{"questions": []}', Schema);
      expect.unreachable();
    } catch (error) {
      expect(hasErrorCode(error, 'VALIDATION_FAILED')).toBe(true);
      expect((error as Error).message).toContain('questions');
    }
  });
});

describe('offline language model', () => {
  it('is flagged offline and deterministic, producing schema-valid objects', async () => {
    const model = createOfflineLanguageModel();
    expect(model.offline).toBe(true);
    expect(model.provider).toBe('offline');
    const schema = z.object({
      title: z.string().min(5),
      tags: z.array(z.string()).min(2),
      level: z.enum(['easy', 'hard']),
      score: z.number().min(1).max(10),
      note: z.string().optional(),
    });
    const call = { schema, schemaName: 'thing', prompt: 'Write a thing about indexes. More text.' };
    const first = await model.generateObject(call);
    const second = await model.generateObject(call);
    expect(first.object).toEqual(second.object);
    expect(first.object.tags).toHaveLength(2);
    expect(first.object.level).toBe('easy');
    expect(first.object.score).toBe(1);
    expect((await model.generateText({ prompt: 'Say hi. Then more.' })).text).toBe('Say hi.');
  });

  it('uses registered responders and validates them', async () => {
    const model = createOfflineLanguageModel({ responders: { greeting: () => ({ text: 'hello' }), bad: () => ({ text: 1 }) } });
    const schema = z.object({ text: z.string() });
    await expect(model.generateObject({ schema, schemaName: 'greeting', prompt: 'x' })).resolves.toMatchObject({ object: { text: 'hello' } });
    await expect(model.generateObject({ schema, schemaName: 'bad', prompt: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('honours an aborted signal', async () => {
    const model = createOfflineLanguageModel();
    await expect(model.generateText({ prompt: 'x', abortSignal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('selectLanguageModel', () => {
  it('chooses OpenAI with a key and the offline model without one', () => {
    expect(selectLanguageModel().offline).toBe(true);
    expect(selectLanguageModel({ openaiApiKey: '  ' }).provider).toBe('offline');
    const openai = selectLanguageModel({ openaiApiKey: 'sk-test', model: 'gpt-4.1-mini' });
    expect(openai).toMatchObject({ provider: 'openai', modelId: 'gpt-4.1-mini', offline: false });
    expect(selectEmbedder()).toBeUndefined();
    expect(selectEmbedder({ openaiApiKey: 'sk-test' })?.modelId).toBe('text-embedding-3-small');
  });
});
