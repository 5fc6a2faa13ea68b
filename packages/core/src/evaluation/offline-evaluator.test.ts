import { describe, expect, it } from 'vitest';
import { InterviewKitError } from '../errors/interviewkit-error';
import { QuestionSchema } from '../session/question';
import { createEmbeddingEvaluator, cosine } from './embedding-evaluator';
import type { Embedder } from './evaluator';
import { AnswerEvaluationSchema } from './evaluator';
import { createOfflineEvaluator, OFFLINE_EVALUATOR_ID } from './offline-evaluator';

const question = QuestionSchema.parse({
  id: 'q-mutex',
  text: 'What is a mutex and when would you use one?',
  topic: 'operating_systems',
  referenceAnswer:
    'A mutex (mutual exclusion lock) guarantees that only one thread at a time enters a critical section that touches shared data, preventing race conditions. A thread locks it before the critical section and unlocks it after; other threads block until it is released.',
  expectedKeywords: [
    { term: 'mutual exclusion', synonyms: ['mutex'] },
    { term: 'critical section', synonyms: [] },
    { term: 'race condition', synonyms: ['data race'] },
    'shared data',
  ],
  concepts: ['mutex', 'race condition'],
});

const evaluator = createOfflineEvaluator();

describe('createOfflineEvaluator', () => {
  it('returns a schema-valid, offline evaluation with named matched and missing keywords', async () => {
    const result = await evaluator.evaluate({
      question,
      answer: 'A mutex makes sure only one thread at a time runs the critical section, so shared data is safe.',
    });
    expect(AnswerEvaluationSchema.parse(result)).toEqual(result);
    expect(result.evaluator).toBe(OFFLINE_EVALUATOR_ID);
    expect(result.offline).toBe(true);
    expect(result.matchedKeywords).toEqual(['mutual exclusion', 'critical section', 'shared data']);
    expect(result.missingKeywords).toEqual(['race condition']);
    expect(result.suggestions.find((s) => s.code === 'missing_keywords')?.message).toContain('"race condition"');
    expect(result.concepts).toEqual([
      { concept: 'mutex', mentioned: true },
      { concept: 'race condition', mentioned: false },
    ]);
  });

  it('matches multi-word keywords by any synonym and in any word order', async () => {
    const result = await evaluator.evaluate({ question, answer: 'Without it you get a data race; sections that are critical need the lock.' });
    expect(result.matchedKeywords).toContain('race condition');
    expect(result.matchedKeywords).toContain('critical section');
  });

  it('scores an empty answer 0 with grade F and a no_answer suggestion', async () => {
    const result = await evaluator.evaluate({ question, answer: '   ' });
    expect(result).toMatchObject({ similarity: 0, score: 0, grade: 'F', keywordCoverage: 0 });
    expect(result.suggestions[0]?.code).toBe('no_answer');
  });

  it('flags short, filler-heavy and pause-heavy answers from speech stats', async () => {
    const result = await evaluator.evaluate({
      question,
      answer: 'Um, a mutex is, like, a lock.',
      speech: { words: 8, speakingMs: 4000, fillerCount: 2, longPauseCount: 2 },
    });
    const codes = result.suggestions.map((s) => s.code);
    expect(codes).toEqual(expect.arrayContaining(['too_short', 'filler_heavy', 'long_pauses']));
  });

  it('never gives keyword stuffing full marks and says why', async () => {
    const result = await evaluator.evaluate({ question, answer: 'mutex mutual exclusion critical section race condition shared data lock unlock thread' });
    expect(result.keywordCoverage).toBe(1);
    expect(result.similarity).toBeLessThan(0.6);
    expect(result.suggestions.map((s) => s.code)).toContain('keyword_list');
  });

  it('is deterministic and uses the score/grade bands', async () => {
    const answer = 'A mutex is a lock: a thread locks it before the critical section on shared data and unlocks it after, which prevents race conditions.';
    const a = await evaluator.evaluate({ question, answer });
    const b = await createOfflineEvaluator().evaluate({ question, answer });
    expect(a).toEqual(b);
    expect(a.score).toBe(Math.round(a.similarity * 1000) / 10);
  });

  it('compares with the question text and keywords when there is no reference answer', async () => {
    const bare = QuestionSchema.parse({ id: 'bare', text: 'Explain how a mutex prevents race conditions.', expectedKeywords: ['mutex', 'race condition'] });
    const good = await evaluator.evaluate({
      question: bare,
      answer: 'A mutex lets one thread in at a time so two threads cannot race on shared data, which prevents race conditions.',
    });
    const off = await evaluator.evaluate({ question: bare, answer: 'I enjoy hiking and photography on weekends with friends.' });
    expect(good.similarity).toBeGreaterThan(off.similarity + 0.3);
  });

  it('weights terms by a reference corpus when one is given', () => {
    const corpus = ['A thread locks a mutex.', 'A thread runs code.', 'Each thread has a stack.', 'Threads share memory with other threads.'];
    const weighted = createOfflineEvaluator({ corpus });
    // "thread" is in every corpus document, "mutex" in one: an answer saying only "thread" things gains less.
    const onlyThread = weighted.explain(question, 'Every thread, thread after thread, is a thread.');
    const onlyMutex = weighted.explain(question, 'Use a mutex, the mutex is the mutual exclusion tool.');
    expect(onlyMutex.recall).toBeGreaterThan(onlyThread.recall);
  });
});

describe('createEmbeddingEvaluator', () => {
  const fakeEmbedder = (vectors: Record<string, number[]>, fail = false): Embedder & { calls: number } => ({
    specificationVersion: 'v1',
    provider: 'fake',
    modelId: 'fake-embed',
    calls: 0,
    embed({ values }) {
      this.calls++;
      if (fail) return Promise.reject(new InterviewKitError('PROVIDER_UNAVAILABLE', 'down'));
      return Promise.resolve({ embeddings: values.map((v) => vectors[v] ?? [0, 0, 1]) });
    },
  });

  it('uses the clamped cosine of the embeddings and caches the reference vector', async () => {
    const answer = 'It is a lock for one thread at a time.';
    const embedder = fakeEmbedder({ [question.referenceAnswer!]: [1, 0, 0], [answer]: [0.6, 0.8, 0] });
    const ev = createEmbeddingEvaluator({ embedder });
    const result = await ev.evaluate({ question, answer });
    expect(result.similarity).toBeCloseTo(0.6, 5);
    expect(result).toMatchObject({ offline: false, evaluator: 'embedding:fake/fake-embed@1', grade: 'C', score: 60 });
    await ev.evaluate({ question, answer });
    expect(embedder.calls).toBe(2);
  });

  it('clamps negative cosines to 0', async () => {
    const answer = 'Opposite.';
    const ev = createEmbeddingEvaluator({ embedder: fakeEmbedder({ [question.referenceAnswer!]: [1, 0, 0], [answer]: [-1, 0, 0] }) });
    expect((await ev.evaluate({ question, answer })).similarity).toBe(0);
  });

  it('falls back to the offline similarity when the embedder fails, and says so', async () => {
    const fallbacks: unknown[] = [];
    const ev = createEmbeddingEvaluator({ embedder: fakeEmbedder({}, true), onFallback: (e) => fallbacks.push(e) });
    const result = await ev.evaluate({ question, answer: 'A mutex protects the critical section.' });
    expect(result.offline).toBe(true);
    expect(result.evaluator).toBe(OFFLINE_EVALUATOR_ID);
    expect(fallbacks).toHaveLength(1);
  });

  it('cosine rejects vectors of different lengths', () => {
    expect(() => cosine([1, 2], [1, 2, 3])).toThrow(/lengths differ/);
  });
});
