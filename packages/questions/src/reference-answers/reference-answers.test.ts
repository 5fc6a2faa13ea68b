import { QuestionSchema } from '@interviewkit/core';
import { MockLanguageModel } from '@interviewkit/core/testing';
import { describe, expect, it } from 'vitest';
import { ReferenceAnswerCache } from './index';

describe('ReferenceAnswerCache', () => {
  it('uses the bank for known questions and the model once per new question', async () => {
    const model = new MockLanguageModel([
      { object: { reference_answer: 'A closure is a function together with the variables it captured from its enclosing scope.' } },
    ]);
    const cache = new ReferenceAnswerCache({ languageModel: model });
    const known = await cache.withReference(QuestionSchema.parse({ id: 'x', text: 'What is a deadlock and how can it be prevented?' }));
    expect(known.referenceAnswer).toMatch(/circular wait/);
    const q = QuestionSchema.parse({ id: 'new', text: 'What is a closure?' });
    const [a, b] = await Promise.all([cache.withReference(q), cache.withReference(q)]);
    expect(a.referenceAnswer).toMatch(/closure/);
    expect(b.referenceAnswer).toBe(a.referenceAnswer);
    expect(model.calls).toHaveLength(1);
  });

  it('leaves the question unchanged when nothing is available', async () => {
    const q = QuestionSchema.parse({ id: 'n', text: 'Describe your favourite sandwich.' });
    expect((await new ReferenceAnswerCache().withReference(q)).referenceAnswer).toBeUndefined();
  });
});
