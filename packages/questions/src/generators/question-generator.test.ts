import { MockLanguageModel } from '@interviewkit/core/testing';
import { describe, expect, it } from 'vitest';
import { parseResumeHeuristically } from '../resume/parse-resume';
import { createBankQuestionProvider, createQuestionGenerator, nearDuplicate } from './question-generator';

const resume = parseResumeHeuristically('Jane Doe\nSkills\nPython, Redis\nProjects\nLedger: bookkeeping service\nExperience\nEngineer at Acme (2020 - 2024)');
let seed = 1;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

describe('createQuestionGenerator', () => {
  const gen = createQuestionGenerator({ random });

  it('answers every session type from the bank with the requested count and difficulty first', async () => {
    const technical = await gen.generate({ sessionType: 'technical', topic: 'Operating Systems', count: 5, difficulty: 'medium' });
    expect(technical).toHaveLength(5);
    expect(technical.every((q) => q.topic === 'operating_systems')).toBe(true);
    expect(technical[0]!.difficulty).toBe('medium');
    for (const sessionType of ['coding', 'hr', 'debugging', 'agentic'] as const) {
      const qs = await gen.generate({ sessionType, count: 4, difficulty: 'easy' });
      expect(qs, sessionType).toHaveLength(4);
      expect(new Set(qs.map((q) => q.id)).size).toBe(4);
    }
  });

  it('requires a resume for resume-based interviews and mixes resume questions in', async () => {
    await expect(gen.generate({ sessionType: 'mock_resume', count: 5, difficulty: 'medium' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    const qs = await gen.generate({ sessionType: 'mock', count: 6, difficulty: 'medium', resume });
    expect(qs.filter((q) => q.source === 'resume').length).toBe(3);
    expect(qs.filter((q) => q.topic === 'behavioral' || q.topic === 'situational').length).toBe(3);
  });

  it('answers a behavioural mock interview without a resume (issue 17)', async () => {
    const qs = await gen.generate({ sessionType: 'mock', count: 4, difficulty: 'medium' });
    expect(qs).toHaveLength(4);
    expect(qs.every((q) => q.source === 'bank' && (q.topic === 'behavioral' || q.topic === 'situational'))).toBe(true);
  });

  it('rejects unknown topics and bad counts with typed errors', async () => {
    await expect(gen.generate({ sessionType: 'technical', topic: 'cooking', count: 3, difficulty: 'easy' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(gen.generate({ sessionType: 'hr', count: 0, difficulty: 'easy' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('never repeats recent questions', async () => {
    const first = await gen.generate({ sessionType: 'technical', topic: 'dbms', count: 6, difficulty: 'easy' });
    const second = await gen.generate({ sessionType: 'technical', topic: 'dbms', count: 6, difficulty: 'easy', excludeIds: first.map((q) => q.id) });
    expect(second.filter((q) => first.some((f) => f.id === q.id))).toEqual([]);
  });

  it('uses a language model, drops duplicates, fills the shortfall from the bank and falls back on failure', async () => {
    const llmQuestion = (text: string) => ({
      text,
      reference_answer: 'A thorough reference answer that explains the concept in several sentences.',
      keywords: [
        { term: 'x', synonyms: [] },
        { term: 'y', synonyms: ['z'] },
      ],
      concepts: ['c'],
      hint: 'Think about it.',
    });
    const model = new MockLanguageModel([
      { object: { questions: [llmQuestion('What is a B-tree index and when does it help?'), llmQuestion('What is a B-tree index and when does it help?')] } },
    ]);
    const qs = await createQuestionGenerator({ languageModel: model, random }).generate({
      sessionType: 'technical',
      topic: 'dbms',
      count: 3,
      difficulty: 'hard',
    });
    expect(qs).toHaveLength(3);
    expect(qs.filter((q) => q.source === 'llm')).toHaveLength(1);
    expect(model.calls[0]!.prompt).toContain('hard technical interview questions on dbms');
    const failing = new MockLanguageModel([]);
    const fallbacks: unknown[] = [];
    const bankOnly = await createQuestionGenerator({ languageModel: failing, onFallback: (e) => fallbacks.push(e) }).generate({
      sessionType: 'hr',
      count: 2,
      difficulty: 'easy',
    });
    expect(bankOnly.every((q) => q.source === 'bank')).toBe(true);
    expect(fallbacks).toHaveLength(1);
  });
});

describe('createBankQuestionProvider', () => {
  it('prefers the difficulty, then the requested concepts, and skips excluded questions', async () => {
    const provider = createBankQuestionProvider();
    const q = await provider.find({ sessionType: 'agentic', topic: 'dbms', difficulty: 'hard', concepts: ['replication'], excludeIds: [], excludeTexts: [] });
    expect(q).toMatchObject({ topic: 'dbms', difficulty: 'hard' });
    expect(q!.concepts).toContain('replication');
    const next = await provider.find({
      sessionType: 'agentic',
      topic: 'dbms',
      difficulty: 'hard',
      concepts: ['replication'],
      excludeIds: [q!.id],
      excludeTexts: [],
    });
    expect(next!.id).not.toBe(q!.id);
  });

  it('nearDuplicate catches rewordings of the same question', () => {
    expect(nearDuplicate('What is a deadlock and how can it be prevented?', 'What is a deadlock, and how can it be prevented')).toBe(true);
    expect(nearDuplicate('What is a deadlock?', 'What is a mutex?')).toBe(false);
  });
});
