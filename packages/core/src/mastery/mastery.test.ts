import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerEvaluation } from '../evaluation/evaluator';
import { QuestionSchema } from '../session/question';
import { MASTERY_RULES, TopicMasterySchema, applyEvaluation, learningVelocity, masteryReport, nextDifficulty, strongConcepts, weakConcepts, type TopicMastery } from './mastery';

const question = QuestionSchema.parse({ id: 'q1', text: 'Explain deadlocks.', topic: 'operating_systems', difficulty: 'medium', concepts: ['deadlock', 'locking'] });

function evaluation(similarity: number, mentioned: Record<string, boolean> = { deadlock: true, locking: true }): AnswerEvaluation {
  return {
    similarity,
    keywordCoverage: similarity,
    matchedKeywords: [],
    missingKeywords: [],
    suggestions: [],
    concepts: Object.entries(mentioned).map(([concept, m]) => ({ concept, mentioned: m })),
    score: similarity * 100,
    grade: 'C',
    evaluator: 'test',
    offline: true,
  };
}

function run(scores: number[], mentioned?: Record<string, boolean>): TopicMastery {
  let state: TopicMastery | null = null;
  scores.forEach((s, i) => {
    state = applyEvaluation(state, { question, evaluation: evaluation(s, mentioned), at: `2026-01-0${(i % 9) + 1}T00:00:00Z` }).mastery;
  });
  return state!;
}

describe('applyEvaluation', () => {
  it('sets the level from the first answer and reports topic and concept updates', () => {
    const { mastery, updates } = applyEvaluation(null, { question, evaluation: evaluation(0.8, { deadlock: true, locking: false }), at: 't1' });
    expect(mastery).toMatchObject({ topic: 'operating_systems', mastery_level: 0.8, attempts: 1, history: [0.8], difficulty: 'medium', updated_at: 't1' });
    expect(mastery.concepts).toEqual({ deadlock: { mastery: 0.8, attempts: 1, misses: 0 }, locking: { mastery: 0.2, attempts: 1, misses: 1 } });
    expect(updates).toEqual([
      { topic: 'operating_systems', concept: null, before: 0, after: 0.8 },
      { topic: 'operating_systems', concept: 'deadlock', before: 0, after: 0.8 },
      { topic: 'operating_systems', concept: 'locking', before: 0, after: 0.2 },
    ]);
    expect(TopicMasterySchema.parse(mastery)).toEqual(mastery);
  });

  it('moves an established level by alpha of the difference', () => {
    const state = run([0.5, 0.5, 0.5, 0.5]);
    const next = applyEvaluation(state, { question, evaluation: evaluation(1), at: 't' }).mastery;
    expect(next.mastery_level).toBeCloseTo(0.5 + MASTERY_RULES.alpha * 0.5, 3);
  });

  it('never mutates the previous state and is deterministic', () => {
    const state = run([0.6, 0.7]);
    const copy = structuredClone(state);
    const a = applyEvaluation(state, { question, evaluation: evaluation(0.9), at: 't' });
    const b = applyEvaluation(state, { question, evaluation: evaluation(0.9), at: 't' });
    expect(state).toEqual(copy);
    expect(a).toEqual(b);
  });

  it('keeps levels in [0, 1] and history bounded for any score sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 2, noNaN: true }), { minLength: 1, maxLength: 40 }), (scores) => {
        const state = run(scores);
        expect(state.mastery_level).toBeGreaterThanOrEqual(0);
        expect(state.mastery_level).toBeLessThanOrEqual(1);
        expect(state.history.length).toBeLessThanOrEqual(MASTERY_RULES.historyLength);
        expect(state.attempts).toBe(scores.length);
        for (const c of Object.values(state.concepts)) expect(c.mastery).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('weak and strong concepts', () => {
  it('needs the minimum attempts before calling a concept weak or strong', () => {
    const once = run([0.1], { deadlock: false, locking: true });
    expect(weakConcepts(once)).toEqual([]);
    const twice = run([0.9, 0.9], { deadlock: false, locking: true });
    expect(weakConcepts(twice)).toEqual(['deadlock']);
    expect(strongConcepts(twice)).toEqual(['locking']);
  });
});

describe('difficulty progression', () => {
  it('goes up after two good answers and down after two poor ones', () => {
    expect(run([0.8]).difficulty).toBe('medium');
    expect(run([0.8, 0.9]).difficulty).toBe('hard');
    expect(run([0.8, 0.9, 0.95, 0.9]).difficulty).toBe('hard');
    expect(run([0.2, 0.1]).difficulty).toBe('easy');
    expect(run([0.2, 0.1, 0.8, 0.9]).difficulty).toBe('medium');
    expect(run([0.8, 0.3, 0.8]).difficulty).toBe('medium');
  });

  it('stays within easy..hard', () => {
    expect(nextDifficulty('hard', [0.9, 0.9])).toBe('hard');
    expect(nextDifficulty('easy', [0.1, 0.1])).toBe('easy');
  });
});

describe('learning velocity', () => {
  it('is the slope of the recent scores', () => {
    expect(learningVelocity([0.2, 0.4, 0.6, 0.8])).toBeCloseTo(0.2, 3);
    expect(learningVelocity([0.8, 0.6])).toBeCloseTo(-0.2, 3);
    expect(learningVelocity([0.5])).toBe(0);
  });

  it('appears in the report with weak and strong concepts', () => {
    const report = masteryReport(run([0.3, 0.5, 0.7], { deadlock: true, locking: false }));
    expect(report.learning_velocity).toBeCloseTo(0.2, 3);
    expect(report.weak_concepts).toEqual(['locking']);
  });
});
