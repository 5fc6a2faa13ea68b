import { issueSummary, QuestionSchema, type Difficulty, type Question, type SessionType } from '@interviewkit/core';

/**
 * The bank's compact authoring form: one object per question, keywords as
 * `term|synonym|synonym; term|...`, concepts comma-separated. {@link expandBank} turns it into
 * validated {@link Question}s.
 */
export interface CompactQuestion {
  id: string;
  d: Difficulty;
  q: string;
  /** Reference answer. */
  a: string;
  /** Expected keywords: `term|synonym; term`. */
  k: string;
  /** Concepts, comma-separated. */
  c: string;
  /** Hint. */
  h: string;
  /** Kind, when it differs from the area's. */
  kind?: string;
  subtopic?: string;
}

/** A group of bank questions sharing session type, topic and kind. */
export interface BankArea {
  sessionType: SessionType;
  topic: string;
  kind: string;
  questions: CompactQuestion[];
}

/** Expands compact areas into validated questions (throws on an invalid entry, naming it). */
export function expandBank(areas: readonly BankArea[]): Question[] {
  return areas.flatMap((area) =>
    area.questions.map((c) => {
      const parsed = QuestionSchema.safeParse({
        id: c.id,
        text: c.q,
        sessionType: area.sessionType,
        topic: area.topic,
        ...(c.subtopic ? { subtopic: c.subtopic } : {}),
        difficulty: c.d,
        kind: c.kind ?? area.kind,
        referenceAnswer: c.a,
        expectedKeywords: c.k
          .split(';')
          .map((part) =>
            part
              .split('|')
              .map((s) => s.trim())
              .filter(Boolean),
          )
          .filter((parts) => parts.length > 0)
          .map(([term, ...synonyms]) => ({ term: term!, synonyms })),
        concepts: c.c
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        hint: c.h,
        source: 'bank',
      });
      if (!parsed.success) throw new Error(`Bank question ${c.id} is invalid: ${issueSummary(parsed.error.issues)}`);
      return parsed.data;
    }),
  );
}
