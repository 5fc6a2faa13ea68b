import { describe, expect, it } from 'vitest';
import { questionRequestFromSeed } from './seed-request';
import { masteryTopicsFor, storedDifficulty } from './stored-difficulty';

const record = (topic: string, difficulty: string, updated_at: string) => ({ topic, difficulty, updated_at });

describe('storedDifficulty', () => {
  it("reads the difficulty of the session's topic, the most recently updated record first", () => {
    const records = [record('dbms', 'hard', '2026-01-02'), record('sql', 'easy', '2026-01-01'), record('coding', 'hard', '2026-01-03')];
    expect(storedDifficulty(records, 'technical', 'DBMS')).toBe('hard');
    expect(storedDifficulty(records, 'coding')).toBe('hard');
    expect(storedDifficulty([records[1]!], 'coding')).toBe('easy');
    expect(storedDifficulty(records, 'technical', 'oop')).toBeUndefined();
    expect(storedDifficulty(records, 'agentic')).toBeUndefined();
    expect(storedDifficulty([record('hr', 'impossible', '2026-01-01')], 'hr')).toBeUndefined();
  });

  it('maps session types to the topics their answers are filed under', () => {
    expect(masteryTopicsFor('technical', 'Operating Systems')).toEqual(['operating_systems']);
    expect(masteryTopicsFor('technical', 'quantum')).toEqual(['quantum']);
    expect(masteryTopicsFor('mock_resume')).toEqual(['behavioral', 'situational', 'resume']);
    expect(masteryTopicsFor('debugging')).toEqual(['debugging']);
  });

  it('is the default of seed request bodies that name no difficulty', () => {
    const mastery = [record('machine_learning', 'easy', '2026-01-01')];
    expect(questionRequestFromSeed('technical', { topic: 'ML', count: 2 }, { mastery })).toMatchObject({ difficulty: 'easy', topic: 'ML' });
    expect(questionRequestFromSeed('technical', { topic: 'ML', count: 2, difficulty: 'hard' }, { mastery })).toMatchObject({ difficulty: 'hard' });
    expect(questionRequestFromSeed('technical', { topic: 'ML', count: 2 })).toMatchObject({ difficulty: 'medium' });
    expect(questionRequestFromSeed('technical', { topic: 'ML', count: 2 }, { mastery })).not.toHaveProperty('mastery');
  });
});
