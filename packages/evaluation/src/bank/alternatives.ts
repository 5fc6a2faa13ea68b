import type { Question } from '@interviewkit/core';
import { BANK_CONCEPT_ALTERNATIVES } from './concept-alternatives';

/**
 * Alternative expressions of a question bank concept ("query optimization" → "speed up the
 * query", "execution plan", …), for bank questions (`source: 'bank'`); other questions get none
 * and are judged on their own words. Keyed by concept name, shared across bank questions.
 */
export function bankConceptAlternatives(concept: string, question: Question): readonly string[] {
  if (question.source !== 'bank') return [];
  return BANK_CONCEPT_ALTERNATIVES[concept.toLowerCase()] ?? [];
}
