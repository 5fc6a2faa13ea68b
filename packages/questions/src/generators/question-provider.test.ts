import { InterviewKitError, type QuestionRequest } from '@interviewkit/core';
import { MockLanguageModel } from '@interviewkit/core/testing';
import { describe, expect, it } from 'vitest';
import { createOfflineLanguageModel } from '../llm/offline';
import { createQuestionProvider } from './question-provider';

const request: QuestionRequest = {
  sessionType: 'agentic',
  topic: 'dbms',
  difficulty: 'medium',
  concepts: ['indexing'],
  excludeIds: [],
  excludeTexts: [],
  intent: 'deepen',
};
const generated = {
  text: 'How does a composite index on (a, b) serve a query filtering only on b?',
  reference_answer: 'It usually cannot seek on b alone because the index is ordered by a first; the engine may scan the whole index or use a skip scan.',
  keywords: [
    { term: 'leftmost prefix', synonyms: ['prefix rule'] },
    { term: 'skip scan', synonyms: [] },
  ],
  concepts: ['indexing'],
  hint: 'Think about the sort order of the index.',
};

describe('createQuestionProvider', () => {
  it('asks the model for one question with the intent and concepts', async () => {
    const model = new MockLanguageModel([{ object: generated }]);
    const q = await createQuestionProvider({ languageModel: model }).find(request);
    expect(q).toMatchObject({ source: 'llm', topic: 'dbms', difficulty: 'medium', text: generated.text });
    expect(model.calls[0]!.prompt).toContain('indexing');
    expect(model.calls[0]!.prompt).toContain('harder');
  });

  it('falls back to the bank when the model fails or repeats an excluded question', async () => {
    const fallbacks: unknown[] = [];
    const failing = new MockLanguageModel([{ error: new InterviewKitError('PROVIDER_UNAVAILABLE', 'down') }, { object: generated }]);
    const provider = createQuestionProvider({ languageModel: failing, onFallback: (e) => fallbacks.push(e) });
    const first = await provider.find(request);
    expect(first?.source).not.toBe('llm');
    expect(first?.topic).toBe('dbms');
    const second = await provider.find({ ...request, excludeTexts: [generated.text] });
    expect(second?.source).not.toBe('llm');
    expect(fallbacks).toHaveLength(2);
  });

  it('uses the bank only with the offline model', async () => {
    const q = await createQuestionProvider({ languageModel: createOfflineLanguageModel() }).find(request);
    expect(q?.source).not.toBe('llm');
    expect(q?.concepts.length).toBeGreaterThan(0);
  });
});
