import { QuestionSchema, SessionSummarySchema, createOfflineEvaluator } from '@interviewkit/core';
import { MockLanguageModel } from '@interviewkit/core/testing';
import { describe, expect, it } from 'vitest';
import { summarizeSession } from './index';

const question = QuestionSchema.parse({
  id: 'q',
  topic: 'dbms',
  text: 'What is an index?',
  referenceAnswer: 'An index is a B-tree that speeds up lookups at the cost of slower writes.',
  expectedKeywords: ['b-tree', 'lookups'],
  concepts: ['indexing'],
});

async function answers() {
  const answer = 'An index is a B-tree so lookups are fast but writes get slower.';
  return [{ question, answer, evaluation: await createOfflineEvaluator().evaluate({ question, answer }) }];
}

describe('summarizeSession', () => {
  it('returns the deterministic summary without a model', async () => {
    const s = await summarizeSession({ answers: await answers() });
    expect(SessionSummarySchema.parse(s)).toEqual(s);
    expect(s.source).toBe('deterministic');
  });

  it('lets a model write only the prose; the numbers stay from the evaluations', async () => {
    const base = await summarizeSession({ answers: await answers() });
    const model = new MockLanguageModel([
      {
        object: {
          narrative: 'You explained indexing clearly and connected it to write costs; keep adding examples.',
          recommendations: ['Practise explaining composite indexes.', 'Add a concrete query example.'],
        },
      },
    ]);
    const s = await summarizeSession({ answers: await answers(), languageModel: model });
    expect(s.source).toBe('llm');
    expect(s.overall).toEqual(base.overall);
    expect(s.recommendations).toHaveLength(2);
  });

  it('falls back to the deterministic prose when the model returns invalid output', async () => {
    const fallbacks: unknown[] = [];
    const s = await summarizeSession({
      answers: await answers(),
      languageModel: new MockLanguageModel([{ object: { narrative: 'short' } }]),
      onFallback: (e) => fallbacks.push(e),
    });
    expect(s.source).toBe('deterministic');
    expect(fallbacks).toHaveLength(1);
  });
});
