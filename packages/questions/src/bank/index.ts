import type { Question } from '@interviewkit/core';
import { SQL_CHALLENGES, type SqlChallenge } from '../coding/sql-challenges';
import { expandBank, type BankArea } from './compact-question';
import { BEHAVIORAL } from './data/behavioral';
import { DEBUGGING_CHALLENGES, type DebuggingChallenge } from './data/debugging';
import { HR, SITUATIONAL } from './data/situational-hr';
import { DBMS, OPERATING_SYSTEMS } from './data/technical-dbms-os';
import { DATA_STRUCTURES, MACHINE_LEARNING, SYSTEM_DESIGN } from './data/technical-ml-dsa-sd';
import { OOP, PYTHON } from './data/technical-oop-python';

export * from './compact-question';
export { DEBUGGING_CHALLENGES, type DebuggingChallenge } from './data/debugging';

/** The technical topics of the bank (the `topic` of `POST /api/technical/questions`). */
export const TECHNICAL_TOPICS = ['dbms', 'operating_systems', 'oop', 'machine_learning', 'python', 'data_structures', 'system_design'] as const;
/** One of {@link TECHNICAL_TOPICS}. */
export type TechnicalTopic = (typeof TECHNICAL_TOPICS)[number];

/** Aliases accepted for technical topics ("OS", "DSA", "ML", ...). */
export const TOPIC_ALIASES: Record<string, TechnicalTopic> = {
  dbms: 'dbms',
  database: 'dbms',
  databases: 'dbms',
  sql: 'dbms',
  db: 'dbms',
  os: 'operating_systems',
  operating_system: 'operating_systems',
  operating_systems: 'operating_systems',
  oop: 'oop',
  object_oriented_programming: 'oop',
  oops: 'oop',
  ml: 'machine_learning',
  machine_learning: 'machine_learning',
  ai: 'machine_learning',
  python: 'python',
  py: 'python',
  dsa: 'data_structures',
  data_structures: 'data_structures',
  algorithms: 'data_structures',
  data_structures_and_algorithms: 'data_structures',
  system_design: 'system_design',
  systems_design: 'system_design',
  design: 'system_design',
};

/** Normalizes a topic name ("Operating Systems", "DSA") to a bank topic, or null. */
export function resolveTopic(topic: string): TechnicalTopic | null {
  const key = topic
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return TOPIC_ALIASES[key] ?? null;
}

/**
 * A SQL challenge as a bank question: the challenge travels in `extra` in the shape every SQL
 * question judged by running it uses (`{ challenge: "sql", setupSql, solutionSql, orderMatters }`;
 * `SqlQuestionExtraSchema`). Clients shown the question see `setupSql`, never `solutionSql`.
 */
export function sqlChallengeQuestion(c: SqlChallenge): Question {
  return expandBank([
    {
      sessionType: 'coding',
      topic: 'sql',
      kind: 'coding',
      questions: [
        {
          id: c.id,
          d: c.difficulty,
          q: `${c.title}: ${c.prompt}`,
          a: `A correct query: ${c.solutionSql}. ${c.hint}`,
          k: c.keywords,
          c: c.concepts.join(', '),
          h: c.hint,
        },
      ],
    },
  ]).map((q) => ({ ...q, extra: { challenge: 'sql', setupSql: c.setupSql.trim(), solutionSql: c.solutionSql, orderMatters: c.orderMatters } }))[0]!;
}

/** A debugging challenge as a bank question (the snippet travels in `extra`). */
export function debuggingQuestion(c: DebuggingChallenge): Question {
  return expandBank([
    {
      sessionType: 'debugging',
      topic: 'debugging',
      kind: 'debugging',
      questions: [
        {
          id: c.id,
          d: c.difficulty,
          q: `${c.title}. This ${c.language} code should ${c.intent.charAt(0).toLowerCase()}${c.intent.slice(1)}\n\n${c.snippet}\n\nWhat is the bug, and how do you fix it?`,
          a: `${c.bug} ${c.fix}`,
          k: c.keywords,
          c: c.concepts.join(', '),
          h: c.hint,
        },
      ],
    },
  ]).map((q) => ({ ...q, extra: { challenge: 'debugging', language: c.language, snippet: c.snippet } }))[0]!;
}

const AREAS: BankArea[] = [BEHAVIORAL, SITUATIONAL, HR, DBMS, OPERATING_SYSTEMS, OOP, PYTHON, MACHINE_LEARNING, DATA_STRUCTURES, SYSTEM_DESIGN];

let cached: Question[] | null = null;

/** Every question of the offline bank, validated (built once). */
export function questionBank(): readonly Question[] {
  cached ??= [...expandBank(AREAS), ...SQL_CHALLENGES.map(sqlChallengeQuestion), ...DEBUGGING_CHALLENGES.map(debuggingQuestion)];
  return cached;
}

/** The SQL challenge behind a coding question id, if any. */
export function findSqlChallenge(id: string): SqlChallenge | undefined {
  return SQL_CHALLENGES.find((c) => c.id === id);
}

/** The debugging challenge behind a question id, if any. */
export function findDebuggingChallenge(id: string): DebuggingChallenge | undefined {
  return DEBUGGING_CHALLENGES.find((c) => c.id === id);
}
