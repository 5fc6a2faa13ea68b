import { describe, expect, it } from 'vitest';
import type { AnswerEvaluation } from '../evaluation/evaluator';
import { QuestionSchema, type Question } from '../session/question';
import { emptyTopicMastery } from '../mastery/mastery';
import { createAdaptiveQuestionSource } from './adaptive-question-source';
import type { AnsweredTurn, QuestionProvider, QuestionRequest } from './question-source';

/** A provider over a small bank that records every request. */
function bankProvider(): QuestionProvider & { requests: QuestionRequest[] } {
  const bank: Question[] = [];
  for (const topic of ['dbms', 'os', 'net']) {
    for (const difficulty of ['easy', 'medium', 'hard'] as const) {
      for (let i = 0; i < 3; i++) {
        bank.push(
          QuestionSchema.parse({
            id: `${topic}-${difficulty}-${i}`,
            text: `${topic} ${difficulty} question ${i}`,
            topic,
            difficulty,
            concepts: [`${topic}-c${i}`],
          }),
        );
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
  const asked: { id: string; note?: string; adaptation?: string }[] = [];
  for (let index = 0; ; index++) {
    const next = await source.next({ index, elapsedMs: index * 60_000, history });
    if (!next) break;
    asked.push({ id: next.question.id, ...(next.adaptation ? { adaptation: next.adaptation } : {}), ...(next.note ? { note: next.note } : {}) });
    const score = scores[index];
    if (score === undefined) break;
    history.push({ index, question: next.question, answer: 'answer', evaluation: evaluation(score, next.question, score >= 0.5) });
  }
  return { asked, provider, source };
}

describe('createAdaptiveQuestionSource', () => {
  it('raises the difficulty after a good answer and says why', async () => {
    const { asked } = await interview([0.9, 0.9, 0.9], { questionsPerTopic: 5 });
    expect(asked.map((a) => a.id)).toEqual(['dbms-medium-0', 'dbms-hard-0', 'dbms-hard-1', 'dbms-hard-2']);
    expect(asked[0]).toEqual({ id: 'dbms-medium-0', adaptation: 'start' });
    expect(asked[1]).toMatchObject({ adaptation: 'deepen', note: 'You did well on dbms-c0, so here is a harder one.' });
    // Already at the top: deeper at the same level.
    expect(asked[2]).toMatchObject({ adaptation: 'deepen', note: 'You did well on dbms-c0; here is another hard one that goes deeper.' });
  });

  it('simplifies after a poor answer, naming what it missed', async () => {
    const { asked } = await interview([0.1, 0.1, 0.1], { questionsPerTopic: 5 });
    expect(asked.map((a) => a.id)).toEqual(['dbms-medium-0', 'dbms-easy-0', 'dbms-easy-1', 'dbms-easy-2']);
    expect(asked[1]).toMatchObject({ adaptation: 'simplify', note: 'Your answer missed dbms-c0, so here is a simpler question on dbms.' });
    expect(asked[2]).toMatchObject({ adaptation: 'simplify', note: "Your answer missed dbms-c0; let's try another easy question on dbms." });
  });

  it('stays on the topic at the same level after a middling answer, asking for what it missed', async () => {
    const { asked, provider } = await interview([0.45, 0.6], { questionsPerTopic: 5 });
    expect(asked[1]).toMatchObject({ id: 'dbms-medium-1', adaptation: 'follow_up' });
    expect(provider.requests[1]).toMatchObject({ topic: 'dbms', difficulty: 'medium', intent: 'follow_up', concepts: ['dbms-c0'] });
  });

  it('starts each topic at the difficulty the candidate reached, unless the request names one', async () => {
    const reached = { dbms: { ...emptyTopicMastery('dbms', 'hard'), attempts: 4, mastery_level: 0.8 } };
    const { asked } = await interview([0.5], { mastery: reached });
    expect(asked[0]).toEqual({ id: 'dbms-hard-0', adaptation: 'start', note: 'Starting dbms at hard difficulty, the level you reached last time.' });
    const named = await interview([0.5], { mastery: reached, difficulty: 'easy' });
    expect(named.asked[0]).toEqual({ id: 'dbms-easy-0', adaptation: 'start' });
  });

  it("moves on after questionsPerTopic to the weakest other topic, keeping each topic's level", async () => {
    const { asked } = await interview([0.9, 0.9, 0.5, 0.5, 0.5], { topics: ['dbms', 'os', 'net'], questionsPerTopic: 2 });
    expect(asked.map((a) => a.id.split('-').slice(0, 2).join('-'))).toEqual(['dbms-medium', 'dbms-hard', 'os-medium', 'os-medium', 'net-medium', 'net-medium']);
    expect(asked[2]).toMatchObject({ adaptation: 'move_topic', note: "You've covered dbms for now; let's move on to os, which you have not practised yet." });
    expect(asked[4]).toMatchObject({ adaptation: 'move_topic' });
  });

  it('rotates topics and asks for the weakest concepts first', async () => {
    const { asked, provider } = await interview([0.5, 0.5, 0.5, 0.5], { questionsPerTopic: 2 });
    expect(asked.map((a) => a.id.split('-')[0])).toEqual(['dbms', 'dbms', 'os', 'os', 'dbms']);
    expect(asked[4]).toMatchObject({ adaptation: 'move_topic', note: "You've covered os for now; let's move on to dbms, your weakest of the other topics." });
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
