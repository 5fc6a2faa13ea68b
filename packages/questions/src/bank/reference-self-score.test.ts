import { createOfflineEvaluator } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { questionBank } from './index';

// Every reference answer in the bank, given as the candidate's answer, must read as a good answer
// to the offline evaluator: dense technical prose is not a "keyword list".
describe('the bank against the offline evaluator', () => {
  it('scores each reference answer as a good answer and never calls it a keyword list', async () => {
    const evaluator = createOfflineEvaluator();
    const flagged: string[] = [];
    const low: string[] = [];
    for (const question of questionBank()) {
      if (!question.referenceAnswer || question.extra?.challenge === 'sql') continue;
      const evaluation = await evaluator.evaluate({ question, answer: question.referenceAnswer });
      if (evaluation.suggestions.some((s) => s.code === 'keyword_list')) flagged.push(question.id);
      if (evaluation.similarity < 0.8) low.push(`${question.id} ${evaluation.similarity.toFixed(2)}`);
    }
    expect(flagged).toEqual([]);
    expect(low).toEqual([]);
  });
});
