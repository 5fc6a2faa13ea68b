import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createOfflineLanguageModel } from './offline';

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
