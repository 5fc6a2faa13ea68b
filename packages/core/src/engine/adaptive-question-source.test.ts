import { describe, expect, it } from 'vitest';
import type { AnswerEvaluation } from '../evaluation/evaluator';
import { QuestionSchema, type Question } from '../session/question';
import { createAdaptiveQuestionSource } from './adaptive-question-source';
import type { AnsweredTurn, QuestionProvider, QuestionRequest } from './question-source';

/** A provider over a small bank that records every request. */
function bankProvider(): QuestionProvider & { requests: QuestionRequest[] } {
  const bank: Question[] = [];
  for (const topic of ['dbms', 'os']) {
    for (const difficulty of ['easy', 'medium', 'hard'] as const) {
      for (let i = 0; i < 3; i++) {
        bank.push(QuestionSchema.parse({ id: `${topic}-${difficulty}-${i}`, text: `${topic} ${difficulty} question ${i}`, topic, difficulty, concepts: [`${topic}-c${i}`] }));
      }
    }
  }
  const requests: QuestionRequest[] = [];
  return {
    requests,
    find(request) {
      requests.push(request);
      const candidates = bank.filter((q) => q.topic === request.topic && q.difficulty === request.difficulty && !request.excludeIds.includes(q.id));
      const wanted = candidates.find((q) => q.concepts.some((c) => request.concepts.includes(c)));
      return Promise.resolve(wanted ?? candidates[0] ?? null);
    },
  };
}

const evaluation = (similarity: number, question: Question, mentioned = true): AnswerEvaluation => ({
  similarity,
  keywordCoverage: similarity,
  matchedKeywords: [],
  missingKeywords: [],
  suggestions: [],
  concepts: question.concepts.map((concept) => ({ concept, mentioned })),
  score: similarity * 100,
  grade: 'C',
  evaluator: 'test',
  offline: true,
});

async function interview(scores: number[], options: Partial<Parameters<typeof createAdaptiveQuestionSource>[0]> = {}) {
  const provider = bankProvider();
  const source = createAdaptiveQuestionSource({ provider, sessionType: 'agentic', topics: ['dbms', 'os'], ...options });
  const history: AnsweredTurn[] = [];
  const asked: { id: string; note?: string }[] = [];
  for (let index = 0; ; index++) {
    const next = await source.next({ index, elapsedMs: index * 60_000, history });
    if (!next) break;
    asked.push({ id: next.question.id, ...(next.note ? { note: next.note } : {}) });
    const score = scores[index];
    if (score === undefined) break;
    history.push({ index, question: next.question, answer: 'answer', evaluation: evaluation(score, next.question, score >= 0.5) });
  }
  return { asked, provider, source };
}

describe('createAdaptiveQuestionSource', () => {
  it('raises difficulty after consecutive good answers and says it goes deeper', async () => {
    const { asked } = await interview([0.9, 0.9, 0.9], { questionsPerTopic: 5 });
    expect(asked.map((a) => a.id)).toEqual(['dbms-medium-0', 'dbms-medium-1', 'dbms-hard-0', 'dbms-hard-1']);
    expect(asked[1]?.note).toMatch(/deeper/);
  });

  it('simplifies after poor answers', async () => {
    const { asked } = await interview([0.1, 0.1, 0.1], { questionsPerTopic: 5 });
    expect(asked[1]?.note).toMatch(/simpler/);
    expect(asked[2]?.id).toMatch(/^dbms-easy-/);
  });

  it('rotates topics after questionsPerTopic and asks weakest concepts first', async () => {
    const { asked, provider } = await interview([0.5, 0.5, 0.5, 0.5], { questionsPerTopic: 2 });
    expect(asked.map((a) => a.id.split('-')[0])).toEqual(['dbms', 'dbms', 'os', 'os', 'dbms']);
    expect(asked[2]?.note).toMatch(/another topic/);
    // The last request for dbms asks for the concepts seen there, weakest first.
    const last = provider.requests.at(-1)!;
    expect(last.topic).toBe('dbms');
    expect(last.concepts.length).toBeGreaterThan(0);
  });

  it('never repeats a question of the session or a recent one', async () => {
    const { asked } = await interview([0.5, 0.5, 0.5, 0.5, 0.5, 0.5], { recentQuestionIds: ['dbms-medium-0'], maxQuestions: 6 });
    const ids = asked.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain('dbms-medium-0');
  });

  it('ends at the question limit, at the time limit, and when the provider runs dry', async () => {
    expect((await interview(Array(10).fill(0.6), { maxQuestions: 3 })).asked).toHaveLength(3);
    expect((await interview(Array(10).fill(0.6), { timeLimitMs: 120_000 })).asked).toHaveLength(2);
    const dry = createAdaptiveQuestionSource({ provider: { find: () => Promise.resolve(null) }, sessionType: 'agentic', topics: ['x'] });
    expect(await dry.next({ index: 0, elapsedMs: 0, history: [] })).toBeNull();
  });

  it('updates mastery from the answers it sees', async () => {
    const { source } = await interview([0.9, 0.2], { questionsPerTopic: 5 });
    const dbms = source.mastery().dbms!;
    expect(dbms.attempts).toBe(2);
    expect(dbms.history).toEqual([0.9, 0.2]);
  });
});
