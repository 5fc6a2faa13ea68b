import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AnswerEvaluation, ConceptObservation, ConceptVerdict } from '../evaluation/evaluator';
import { QuestionSchema } from '../session/question';
import {
  MASTERY_RULES,
  TopicMasterySchema,
  applyEvaluation,
  conceptEvidence,
  learningVelocity,
  masteryReport,
  nextDifficulty,
  strongConcepts,
  weakConcepts,
  type TopicMastery,
} from './mastery';

const question = QuestionSchema.parse({
  id: 'q1',
  text: 'Explain deadlocks.',
  topic: 'operating_systems',
  difficulty: 'medium',
  concepts: ['deadlock', 'locking'],
});

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
    expect(mastery.concepts).toEqual({
      deadlock: { mastery: 0.8, attempts: 1, misses: 0, last: 'covered' },
      locking: { mastery: 0.8, attempts: 1, misses: 0, last: 'covered' },
    });
    expect(updates).toEqual([
      { topic: 'operating_systems', concept: null, before: 0, after: 0.8 },
      { topic: 'operating_systems', concept: 'deadlock', before: 0, after: 0.8 },
      { topic: 'operating_systems', concept: 'locking', before: 0, after: 0.8 },
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

function withVerdicts(similarity: number, verdicts: Record<string, ConceptVerdict>): AnswerEvaluation {
  const concepts: ConceptObservation[] = Object.entries(verdicts).map(([concept, verdict]) => ({
    concept,
    verdict,
    mentioned: verdict === 'covered' || verdict === 'partly',
  }));
  return { ...evaluation(similarity), concepts };
}

function runVerdicts(steps: Array<[number, Record<string, ConceptVerdict>]>): TopicMastery {
  let state: TopicMastery | null = null;
  for (const [i, [similarity, verdicts]] of steps.entries())
    state = applyEvaluation(state, { question, evaluation: withVerdicts(similarity, verdicts), at: `t${i}` }).mastery;
  return state!;
}

describe('weak and strong concepts', () => {
  it('needs the minimum attempts before calling a concept weak or strong', () => {
    const once = run([0.1], { deadlock: false, locking: true });
    expect(weakConcepts(once)).toEqual([]);
    const twice = run([0.45, 0.45], { deadlock: false, locking: true });
    expect(weakConcepts(twice)).toEqual(['deadlock', 'locking']);
    expect(strongConcepts(run([0.9, 0.9]))).toEqual(['deadlock', 'locking']);
  });

  it('never calls a concept weak on answers that scored high, even when its words were not found', () => {
    // The ACID case: an A-grade answer whose words did not match the concept name.
    const state = run([0.95, 0.92], { deadlock: false, locking: true });
    expect(weakConcepts(state)).toEqual([]);
    expect(state.concepts.deadlock).toMatchObject({ misses: 0, last: 'covered' });
    expect(strongConcepts(state)).toEqual(['deadlock', 'locking']);
    // A weak answer that does not mention it still counts as a miss.
    expect(run([0.3, 0.3], { deadlock: false, locking: true }).concepts.deadlock).toMatchObject({ misses: 2, last: 'missed' });
  });

  it('reads verdicts: covered counts fully, partly partly, missed little, wrong against', () => {
    const values = (['covered', 'partly', 'missed', 'wrong'] as const).map(
      (verdict) => conceptEvidence({ concept: 'x', mentioned: false, verdict }, 0.6).value,
    );
    expect(values).toEqual([1, 0.5, 0.15, 0]);
    // The verdict wins over the answer's score, in both directions.
    const state = runVerdicts([
      [0.4, { deadlock: 'covered', locking: 'wrong' }],
      [0.5, { deadlock: 'covered', locking: 'missed' }],
    ]);
    expect(state.concepts.deadlock).toMatchObject({ mastery: 1, misses: 0, last: 'covered' });
    expect(state.concepts.locking).toMatchObject({ misses: 2, last: 'missed' });
    expect(weakConcepts(state)).toEqual(['locking']);
    expect(strongConcepts(state)).toEqual(['deadlock']);
  });

  it('never calls a concept weak when it was last answered well; one wrong answer ends a strong concept', () => {
    const recovered = runVerdicts([
      [0.2, { deadlock: 'wrong', locking: 'covered' }],
      [0.2, { deadlock: 'wrong', locking: 'covered' }],
      [0.9, { deadlock: 'covered', locking: 'covered' }],
    ]);
    expect(recovered.concepts.deadlock!.mastery).toBeLessThan(MASTERY_RULES.weakBelow);
    expect(weakConcepts(recovered)).toEqual([]);
    const slipped = runVerdicts([
      [0.9, { deadlock: 'covered', locking: 'covered' }],
      [0.9, { deadlock: 'covered', locking: 'covered' }],
      [0.9, { deadlock: 'covered', locking: 'covered' }],
      [0.7, { deadlock: 'wrong', locking: 'covered' }],
    ]);
    expect(slipped.concepts.deadlock).toMatchObject({ mastery: 0.7, last: 'wrong' });
    expect(strongConcepts(slipped)).toEqual(['locking']);
  });

  it('reads records stored before verdicts existed', () => {
    const old = { ...run([0.3, 0.3], { deadlock: false, locking: true }) };
    const legacy = { ...old, concepts: Object.fromEntries(Object.entries(old.concepts).map(([k, { last: _last, ...c }]) => [k, c])) };
    expect(TopicMasterySchema.parse(legacy)).toEqual(legacy);
    expect(weakConcepts(legacy)).toEqual(['deadlock', 'locking']);
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
    const report = masteryReport(run([0.2, 0.4, 0.6], { deadlock: true, locking: false }));
    expect(report.learning_velocity).toBeCloseTo(0.2, 3);
    expect(report.weak_concepts).toEqual(['locking', 'deadlock']);
  });
});
