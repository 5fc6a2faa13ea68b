import { QuestionSchema, createOfflineEvaluator } from '@interviewkit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAILanguageModel } from '@interviewkit/openai';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '@interviewkit/openai/testing';
import { createOfflineLanguageModel, createQuestionGenerator, questionRequestFromSeed, summarizeSession } from '@interviewkit/questions';

// The content of @interviewkit/questions over the OpenAI language model of @interviewkit/openai
// (the pairing the server's composition root makes), through the real OpenAI SDK against the fake
// server: good output is used, and any failure falls back to the offline paths. It lives with the
// server because the server is the one package that depends on both.
let server: FakeOpenAIServer;
beforeAll(async () => {
  server = await startFakeOpenAIServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

const model = () => createOpenAILanguageModel({ apiKey: 'sk-test', baseURL: server.baseURL, maxRetries: 1, retryBaseDelayMs: 5, timeoutMs: 500 });

const llmQuestion = (text: string) => ({
  text,
  reference_answer: 'A covering index contains every column a query needs, so the engine answers from the index alone without touching the table rows.',
  keywords: [
    { term: 'covering index', synonyms: ['index-only scan'] },
    { term: 'columns', synonyms: [] },
  ],
  concepts: ['indexing'],
  hint: 'Think about which columns the query reads.',
});

describe('question generation through the OpenAI adapter', () => {
  it('uses generated questions, drops near-duplicates of recent ones, and fills the rest from the bank', async () => {
    server.enqueue({
      kind: 'json',
      value: {
        questions: [
          llmQuestion('What is a covering index and when does it help a query?'),
          llmQuestion('What is a covering index and when does it help a query'),
        ],
      },
    });
    const fallbacks: unknown[] = [];
    const generator = createQuestionGenerator({ languageModel: model(), onFallback: (e) => fallbacks.push(e) });
    const questions = await generator.generate(questionRequestFromSeed('technical', { topic: 'DBMS', count: 3 }));
    expect(questions).toHaveLength(3);
    expect(questions[0]).toMatchObject({ source: 'llm', topic: 'dbms' });
    expect(questions.filter((q) => q.source === 'llm')).toHaveLength(1);
    expect(fallbacks).toHaveLength(0);
    for (const q of questions) expect(QuestionSchema.parse(q)).toEqual(q);
  });

  it('falls back to the bank on provider errors and malformed output', async () => {
    server.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const fallbacks: unknown[] = [];
    const generator = createQuestionGenerator({ languageModel: model(), onFallback: (e) => fallbacks.push(e) });
    const questions = await generator.generate({ sessionType: 'hr', count: 2, difficulty: 'easy' });
    expect(questions).toHaveLength(2);
    expect(questions.every((q) => q.source !== 'llm')).toBe(true);
    expect(fallbacks[0]).toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });

    server.enqueue({ kind: 'content', content: '{"questions": [oops' }, { kind: 'content', content: 'nope' });
    const again = await generator.generate({ sessionType: 'coding', count: 2, difficulty: 'medium' });
    expect(again).toHaveLength(2);
    expect(fallbacks[1]).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('never calls a provider with the offline model', async () => {
    const questions = await createQuestionGenerator({ languageModel: createOfflineLanguageModel() }).generate({
      sessionType: 'debugging',
      count: 2,
      difficulty: 'medium',
    });
    expect(questions).toHaveLength(2);
    expect(server.requests).toHaveLength(0);
  });
});

describe('seed request shapes', () => {
  it('normalizes the seed bodies and rejects bad ones', () => {
    expect(questionRequestFromSeed('mock_resume', { question_count: 5, difficulty: 'hard' })).toMatchObject({
      sessionType: 'mock_resume',
      count: 5,
      difficulty: 'hard',
    });
    expect(questionRequestFromSeed('technical', { topic: 'machine_learning', count: 8 })).toMatchObject({
      count: 8,
      difficulty: 'medium',
      topic: 'machine_learning',
    });
    expect(questionRequestFromSeed('coding', { count: '3', difficulty: 'medium' })).toMatchObject({ count: 3 });
    expect(() => questionRequestFromSeed('technical', { count: 3 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }) as Error);
    expect(() => questionRequestFromSeed('coding', { count: 0 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }) as Error);
  });

  it('requires a resume for resume-based interviews (PRECONDITION_FAILED), not for behavioural mock ones', async () => {
    await expect(createQuestionGenerator().generate(questionRequestFromSeed('mock_resume', { question_count: 3, difficulty: 'medium' }))).rejects.toMatchObject(
      { code: 'PRECONDITION_FAILED' },
    );
    await expect(createQuestionGenerator().generate(questionRequestFromSeed('mock', { question_count: 3, difficulty: 'medium' }))).resolves.toHaveLength(3);
  });
});

describe('session summary through the OpenAI adapter', () => {
  const question = QuestionSchema.parse({
    id: 'q',
    topic: 'dbms',
    text: 'What is an index?',
    referenceAnswer: 'An index is a B-tree that speeds up lookups at the cost of slower writes.',
    expectedKeywords: ['b-tree', 'lookups'],
    concepts: ['indexing'],
  });
  const answers = async () => {
    const answer = 'An index is a B-tree so lookups are fast but writes get slower.';
    return [{ question, answer, evaluation: await createOfflineEvaluator().evaluate({ question, answer }) }];
  };

  it('takes the prose from the model and the numbers from the evaluations; times out to the deterministic summary', async () => {
    const base = await summarizeSession({ answers: await answers() });
    server.enqueue({
      kind: 'json',
      value: {
        narrative: 'You explained indexing clearly and tied it to write costs; add a concrete query next time.',
        recommendations: ['Practise composite indexes.', 'Show a query plan example.'],
        overall: { average_score: 100 },
      },
    });
    const llm = await summarizeSession({ answers: await answers(), languageModel: model() });
    expect(llm.source).toBe('llm');
    expect(llm.overall).toEqual(base.overall);

    server.enqueue({ kind: 'hang', ms: 3000 }, { kind: 'hang', ms: 3000 });
    const fallbacks: unknown[] = [];
    const timedOut = await summarizeSession({
      answers: await answers(),
      languageModel: createOpenAILanguageModel({ apiKey: 'k', baseURL: server.baseURL, timeoutMs: 100, maxRetries: 1, retryBaseDelayMs: 5 }),
      onFallback: (e) => fallbacks.push(e),
    });
    expect(timedOut.source).toBe('deterministic');
    expect(fallbacks[0]).toMatchObject({ code: 'TIMEOUT' });
  });
});
