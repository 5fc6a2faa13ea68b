import type { LanguageModel, Question } from '@interviewkit/core';
import * as z from 'zod';
import { questionBank } from '../bank';
import { nearDuplicate } from '../generators/question-generator';

/** Options of {@link ReferenceAnswerCache}. */
export interface ReferenceAnswerOptions {
  languageModel?: LanguageModel;
  bank?: readonly Question[];
  /** Most answers kept. Default 5 000. */
  maxEntries?: number;
}

const ReferenceSchema = z.object({ reference_answer: z.string().min(40).max(4000) });

/**
 * Reference answers for questions that lack one, generated once per question and reused, so every
 * answer to a question is scored against the same reference. Sources in order: the question's own
 * reference, a bank question with the same (or nearly the same) text, a language model; when all
 * fail the question is returned unchanged (the evaluator then compares with the question text and
 * keywords). Concurrent requests for one question share one generation.
 */
export class ReferenceAnswerCache {
  private readonly answers = new Map<string, Promise<string | null>>();
  private readonly bank: readonly Question[];
  private readonly maxEntries: number;

  constructor(private readonly options: ReferenceAnswerOptions = {}) {
    this.bank = options.bank ?? questionBank();
    this.maxEntries = options.maxEntries ?? 5000;
  }

  /** The question with a reference answer filled in when one could be found or generated. */
  async withReference(question: Question, abortSignal?: AbortSignal): Promise<Question> {
    if (question.referenceAnswer?.trim()) return question;
    let pending = this.answers.get(question.id);
    if (!pending) {
      pending = this.find(question, abortSignal);
      if (this.answers.size >= this.maxEntries) this.answers.delete(this.answers.keys().next().value as string);
      this.answers.set(question.id, pending);
    }
    const reference = await pending;
    return reference ? { ...question, referenceAnswer: reference } : question;
  }

  private async find(question: Question, abortSignal?: AbortSignal): Promise<string | null> {
    const match = this.bank.find((q) => q.id === question.id || nearDuplicate(q.text, question.text));
    if (match?.referenceAnswer) return match.referenceAnswer;
    const model = this.options.languageModel;
    if (!model || model.offline) return null;
    try {
      const { object } = await model.generateObject({
        schema: ReferenceSchema,
        schemaName: 'reference_answer',
        system: 'You write model answers for interview questions: accurate, complete, 4-8 sentences, with the key terms an interviewer expects.',
        prompt: `Question: ${question.text}`,
        temperature: 0.2,
        ...(abortSignal ? { abortSignal } : {}),
      });
      return object.reference_answer;
    } catch {
      this.answers.delete(question.id); // let a later call retry
      return null;
    }
  }
}
