import { QuestionSchema, SESSION_TYPES } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { TECHNICAL_TOPICS, questionBank, resolveTopic } from './index';

const bank = questionBank();

describe('question bank', () => {
  it('has at least 150 schema-valid questions', () => {
    expect(bank.length).toBeGreaterThanOrEqual(150);
    for (const q of bank) expect(QuestionSchema.parse(q)).toEqual(q);
  });

  it('has no duplicate ids or texts', () => {
    expect(new Set(bank.map((q) => q.id)).size).toBe(bank.length);
    expect(new Set(bank.map((q) => q.text.toLowerCase())).size).toBe(bank.length);
  });

  it('gives every question a reference answer, keywords with synonyms, concepts, a hint and a difficulty', () => {
    for (const q of bank) {
      expect(q.referenceAnswer?.length ?? 0, q.id).toBeGreaterThan(60);
      expect(q.expectedKeywords.length, q.id).toBeGreaterThanOrEqual(2);
      expect(
        q.expectedKeywords.some((k) => k.synonyms.length > 0),
        q.id,
      ).toBe(true);
      expect(q.concepts.length, q.id).toBeGreaterThan(0);
      expect(q.hint?.length ?? 0, q.id).toBeGreaterThan(5);
      expect(['easy', 'medium', 'hard']).toContain(q.difficulty);
    }
  });

  it('covers every area the issue names, at every difficulty where it matters', () => {
    const count = (pred: (q: (typeof bank)[number]) => boolean) => bank.filter(pred).length;
    for (const topic of TECHNICAL_TOPICS) {
      expect(
        count((q) => q.topic === topic),
        topic,
      ).toBeGreaterThanOrEqual(10);
      for (const d of ['easy', 'medium', 'hard'] as const)
        expect(
          count((q) => q.topic === topic && q.difficulty === d),
          `${topic} ${d}`,
        ).toBeGreaterThan(0);
    }
    expect(count((q) => q.kind === 'behavioral' && q.sessionType === 'mock')).toBeGreaterThanOrEqual(15);
    expect(count((q) => q.kind === 'situational')).toBeGreaterThanOrEqual(10);
    expect(count((q) => q.sessionType === 'hr')).toBeGreaterThanOrEqual(10);
    expect(count((q) => q.sessionType === 'coding')).toBeGreaterThanOrEqual(10);
    expect(count((q) => q.sessionType === 'debugging')).toBeGreaterThanOrEqual(10);
    for (const q of bank) expect(SESSION_TYPES).toContain(q.sessionType);
  });

  it('resolves topic names and aliases', () => {
    expect(resolveTopic('Operating Systems')).toBe('operating_systems');
    expect(resolveTopic('DSA')).toBe('data_structures');
    expect(resolveTopic('ML')).toBe('machine_learning');
    expect(resolveTopic('cooking')).toBeNull();
  });
});
