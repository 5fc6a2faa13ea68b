import { emptyTopicMastery, type QuestionRequest } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { createAgenticQuestionSource } from './agentic-session';
import { createBankQuestionProvider } from './question-generator';

function recordingProvider() {
  const bank = createBankQuestionProvider();
  const requests: QuestionRequest[] = [];
  return { requests, find: (request: QuestionRequest) => (requests.push(request), bank.find(request)) };
}

describe('createAgenticQuestionSource', () => {
  it('keeps a named topic (resolved like the question endpoints) and starts where the user left it', async () => {
    const provider = recordingProvider();
    const mastery = [{ ...emptyTopicMastery('operating_systems', 'hard'), attempts: 2, user_id: '7' }];
    const source = createAgenticQuestionSource({ provider, topic: 'OS', maxQuestions: 2, mastery });
    const first = await source.next({ index: 0, elapsedMs: 0, history: [] });
    expect(first?.question).toMatchObject({ topic: 'operating_systems', difficulty: 'hard' });
    expect(first?.note).toBe('Starting operating systems at hard difficulty, the level you reached last time.');
    expect(provider.requests[0]).toMatchObject({ sessionType: 'agentic', topic: 'operating_systems', difficulty: 'hard' });
  });

  it("without a topic starts on the user's weakest practised topic, or the first technical topic, and ignores invalid records", async () => {
    const mastery = [
      { ...emptyTopicMastery('python', 'easy'), attempts: 3, mastery_level: 0.2 },
      { ...emptyTopicMastery('oop'), attempts: 3, mastery_level: 0.9 },
      { topic: 'dbms', difficulty: 'extreme' },
    ];
    const weakest = await createAgenticQuestionSource({ maxQuestions: 1, mastery }).next({ index: 0, elapsedMs: 0, history: [] });
    expect(weakest?.question).toMatchObject({ topic: 'python', difficulty: 'easy' });
    const fresh = await createAgenticQuestionSource({ maxQuestions: 1 }).next({ index: 0, elapsedMs: 0, history: [] });
    expect(fresh?.question).toMatchObject({ topic: 'dbms', difficulty: 'medium' });
    expect(fresh?.adaptation).toBe('start');
  });
});
