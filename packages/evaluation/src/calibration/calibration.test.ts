import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConceptEvaluator } from '../evaluator';
import { isQueryAnswer, parseCorpus, scoreCorpus } from './corpus';
import { calibrationReport, type CalibrationReport } from './report';

// The calibration corpus was written for issue 13 by an author who never saw the evaluator. These
// thresholds pin what the evaluator reaches on it (`pnpm calibrate` prints the numbers); the
// issue's goals, where higher, are in docs and the report, not here.
const corpus = parseCorpus(JSON.parse(readFileSync(join(import.meta.dirname, '../../calibration/corpus.json'), 'utf8')));
const items = corpus.items.filter((i) => !isQueryAnswer(i));

describe('offline concept evaluator on the calibration corpus', () => {
  let report: CalibrationReport;
  const check = (id: string) => report.checks.find((c) => c.id === id)!;

  it('scores every prose answer', { timeout: 120_000 }, async () => {
    expect(new Set(corpus.items.map((i) => i.question.id)).size).toBeGreaterThanOrEqual(44);
    report = calibrationReport('offline-concepts@1', await scoreCorpus(createConceptEvaluator(), items));
    expect(report.answers).toBe(items.length);
  });

  it('ranks answers like their true grades (Spearman ≥ 0.8; goal 0.8)', () => {
    expect(report.spearman).toBeGreaterThanOrEqual(0.8);
  });

  it('puts every keyword list below every partial answer', () => {
    expect(check('list_below_partial').rate).toBe(1);
  });

  it('puts own-words correct answers above partial ones in ≥ 75 % of questions (goal 90 %)', () => {
    expect(check('own_words_above_partial').rate).toBeGreaterThanOrEqual(0.75);
  });

  it('puts misconceptions below the correct answers in ≥ 90 % of questions (goal: all)', () => {
    expect(check('misconception_below_correct').rate).toBeGreaterThanOrEqual(0.9);
  });

  it('puts misconceptions below partial answers in ≥ 60 % of questions (goal 70 %)', () => {
    expect(check('misconception_below_partial').rate).toBeGreaterThanOrEqual(0.6);
  });

  it('keeps prose answers to SQL questions below an A', () => {
    expect(check('sql_prose_below_a').rate).toBe(1);
  });

  it('orders the answer kinds by their mean score as their true grades order them', () => {
    const mean = (kind: string) => report.kinds.find((k) => k.kind === kind)!.meanScore;
    expect(mean('standard')).toBeGreaterThan(mean('own_words'));
    expect(mean('own_words')).toBeGreaterThan(mean('partial'));
    expect(mean('partial')).toBeGreaterThan(mean('off_topic'));
    expect(mean('misconception')).toBeGreaterThan(mean('off_topic'));
    expect(mean('off_topic')).toBeGreaterThan(mean('keyword_list'));
  });
});
