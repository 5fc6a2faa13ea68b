import { QuestionSchema } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import type { ScoredItem } from './corpus';
import { calibrationReport, spearman } from './report';

describe('spearman', () => {
  it('is 1 for the same order, -1 for the reverse, and uses average ranks for ties', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
    // Ranks of [1, 1, 2] are [1.5, 1.5, 3]; Pearson with [1, 2, 3] is √3 / 2.
    expect(spearman([1, 1, 2], [1, 2, 3])).toBeCloseTo(Math.sqrt(3) / 2);
  });
});

describe('calibrationReport', () => {
  const question = QuestionSchema.parse({ id: 'q1', text: 'Q?' });
  const item = (kind: ScoredItem['kind'], grade: number, score: number): ScoredItem => ({ question, kind, grade, text: '', score });

  it('counts a question as failing an ordering check when one pair is out of order', () => {
    const report = calibrationReport('x', [
      item('standard', 4, 90),
      item('own_words', 4, 40),
      item('partial', 3, 50),
      item('misconception', 1, 45),
      item('keyword_list', 0, 10),
    ]);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId.list_below_partial).toMatchObject({ questions: 1, passed: 1, met: true });
    expect(byId.own_words_above_partial).toMatchObject({ questions: 1, passed: 0, met: false, failures: ['q1'] });
    expect(byId.misconception_below_correct).toMatchObject({ passed: 0 });
    expect(byId.misconception_below_partial).toMatchObject({ passed: 1 });
    expect(byId.sql_prose_below_a).toMatchObject({ questions: 0, rate: 1 });
  });
});
