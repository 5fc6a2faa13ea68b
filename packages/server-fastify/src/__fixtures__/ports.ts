import { type AnswerEvaluation, gradeForScore, type Question, QuestionSchema, type SessionSummary, similarityToScore } from '@interviewkit/core';
import type { ServerPorts } from '../ports';

/**
 * Test-only ports: deterministic, tiny stand-ins so the server's own behaviour (WebSocket flow,
 * persistence, recovery) can be tested in isolation. Never used as the server's defaults.
 */
export const TEST_QUESTIONS: Question[] = [
  QuestionSchema.parse({
    id: 'q-mutex',
    text: 'What is a mutex?',
    topic: 'operating_systems',
    expectedKeywords: ['lock', 'thread'],
    concepts: ['mutex'],
    referenceAnswer: 'A lock that lets one thread at a time enter a critical section',
  }),
  QuestionSchema.parse({
    id: 'q-index',
    text: 'What is a database index?',
    topic: 'dbms',
    expectedKeywords: ['lookup', 'b-tree'],
    concepts: ['indexing'],
    referenceAnswer: 'A b-tree structure that speeds up lookup',
  }),
  QuestionSchema.parse({ id: 'q-oop', text: 'What is encapsulation?', topic: 'oop', expectedKeywords: ['hide', 'state'], concepts: ['encapsulation'] }),
];

function evaluate(question: Question, answer: string): AnswerEvaluation {
  const words = answer.toLowerCase();
  const keywords = question.expectedKeywords.map((k) => k.term);
  const matched = keywords.filter((k) => words.includes(k));
  const coverage = keywords.length ? matched.length / keywords.length : 0;
  const similarity = Math.min(1, 0.2 + coverage * 0.6);
  const score = similarityToScore(similarity);
  return {
    similarity,
    keywordCoverage: coverage,
    matchedKeywords: matched,
    missingKeywords: keywords.filter((k) => !matched.includes(k)),
    suggestions: [],
    concepts: question.concepts.map((c) => ({ concept: c, mentioned: matched.length > 0 })),
    score,
    grade: gradeForScore(score),
    evaluator: 'test@1',
    offline: true,
  };
}

/** The provider identity of the test ports (core's contracts are versioned). */
const TEST_IDENTITY = { specificationVersion: 'v1', provider: 'test', modelId: 'test' } as const;

export function testPorts(overrides: Partial<ServerPorts> = {}): ServerPorts {
  return {
    evaluator: { id: 'test@1', evaluate: async ({ question, answer }) => evaluate(question, answer) },
    questionGenerator: { ...TEST_IDENTITY, generate: async ({ count }) => TEST_QUESTIONS.slice(0, count) },
    resumeParser: { ...TEST_IDENTITY, parse: async (file) => ({ text: Buffer.from(file.data).toString('utf8'), parsed: { skills: [] } }) },
    summarizer: {
      ...TEST_IDENTITY,
      summarize: async ({ answers }): Promise<SessionSummary> => ({
        overall: {
          score: null,
          grade: null,
          questions_answered: answers.length,
          total_questions: answers.length,
          completion_rate: 100,
          headline: 'test summary',
        },
        grade_counts: { A: 0, B: 0, C: 0, D: 0, F: 0 },
        strongest_areas: [],
        areas_for_improvement: [],
        recommendations: [],
        weakest_concepts: [],
        delivery: [],
        narrative: 'test',
        source: 'deterministic',
      }),
    },
    ...overrides,
  };
}
