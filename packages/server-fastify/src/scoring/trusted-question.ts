import { createHash } from 'node:crypto';
import { type Question, type QuestionInput, QuestionSchema } from '@interviewkit/core';
import type { QuestionCatalog } from '../ports';

/** A question as a client may send it (the id is optional). */
export type ClientQuestion = Omit<QuestionInput, 'id'> & { id?: string | undefined };

/**
 * The question the server scores an answer against under `trustedScoring`: the server's own
 * version when its catalogue knows the question (by id, or by asking the same thing), else the
 * client's question stripped of everything that decides a score — reference answer, expected
 * keywords and concepts — with an id derived from its text (so a client cannot borrow another
 * question's id). What the candidate sees (text, topic, difficulty, kind, hint, extra) is kept.
 */
export function trustedQuestion(input: ClientQuestion, catalog?: QuestionCatalog): Question {
  const own = catalog?.find({ text: input.text, ...(input.id !== undefined ? { id: input.id } : {}) });
  if (own) return own;
  const { referenceAnswer: _reference, expectedKeywords: _keywords, concepts: _concepts, id: _id, source: _source, ...shown } = input;
  return QuestionSchema.parse({ ...shown, id: `client-${createHash('sha256').update(input.text).digest('hex').slice(0, 16)}`, source: 'custom' });
}
