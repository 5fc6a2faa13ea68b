import { createConceptEvaluator } from '@interviewkit/evaluation';
import { BANK_CONCEPT_ALTERNATIVES } from '@interviewkit/evaluation/bank';
import { questionBank } from '@interviewkit/questions';
import { describe, expect, it } from 'vitest';

// Issue 13: the bank's concepts have alternative expressions, and the bank's own reference answers
// are judged as what they are — complete answers — by the server's default evaluator.
const bank = questionBank();
const evaluator = createConceptEvaluator();

describe('issue 13: the question bank under the concept evaluator', () => {
  it('has alternative expressions for every concept of every bank question', () => {
    const missing = [...new Set(bank.flatMap((q) => q.concepts.map((c) => c.toLowerCase())))].filter((c) => !BANK_CONCEPT_ALTERNATIVES[c]?.length);
    expect(missing).toEqual([]);
  });

  it(
    'scores every bank reference answer as a good answer: ≥ 70, never a list, no misconception, no concept missed or wrong',
    { timeout: 120_000 },
    async () => {
      const problems: string[] = [];
      for (const question of bank) {
        const e = await evaluator.evaluate({ question, answer: question.referenceAnswer! });
        if (e.score < 70) problems.push(`${question.id}: score ${e.score}`);
        if (e.suggestions.some((s) => s.code === 'keyword_list')) problems.push(`${question.id}: read as a list`);
        if (e.misconceptions?.length) problems.push(`${question.id}: ${e.misconceptions[0]}`);
        for (const c of e.concepts) if (c.verdict === 'missed' || c.verdict === 'wrong') problems.push(`${question.id}: concept ${c.concept} ${c.verdict}`);
      }
      expect(problems).toEqual([]);
    },
  );
});
