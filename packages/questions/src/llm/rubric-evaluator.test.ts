import { describe, expect, it } from 'vitest';
import { checkEvidence, rubricSimilarity } from './rubric-score';

// The rubric evaluator's calls through a real model are tested where a vendor is composed with it:
// packages/server-fastify/src/rubric-evaluator.integration.test.ts.

describe('rubricSimilarity', () => {
  it('is the documented formula', () => {
    expect(rubricSimilarity(['covered', 'covered', 'covered', 'missed'], 0)).toBe(0.75);
    expect(rubricSimilarity(['partly', 'partly'], 0)).toBe(0.5);
    expect(rubricSimilarity(['covered', 'wrong'], 1)).toBe(0.4);
    expect(rubricSimilarity(['covered', 'covered'], 2)).toBe(0.6);
    expect(rubricSimilarity(['covered', 'covered'], 9)).toBe(0.4);
    expect(rubricSimilarity(['covered', 'covered'], 0, true)).toBe(0.35);
    expect(rubricSimilarity([], 0)).toBe(0);
  });
});

describe('checkEvidence', () => {
  it('keeps a verdict whose quote is in the answer and steps down one whose quote is not', () => {
    expect(checkEvidence('Indexes speed up lookups.', 'covered', 'speed up lookups')).toEqual({ verdict: 'covered', evidence: 'speed up lookups' });
    expect(checkEvidence('Indexes speed up lookups.', 'covered', 'indexes slow down every write')).toEqual({ verdict: 'partly' });
    expect(checkEvidence('Indexes speed up lookups.', 'partly', 'they cost disk space')).toEqual({ verdict: 'missed' });
    expect(checkEvidence('Indexes speed up lookups.', 'missed', '')).toEqual({ verdict: 'missed' });
  });
});
