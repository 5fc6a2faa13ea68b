import { createHash } from 'node:crypto';
import { InterviewKitError, validationError, type Question } from '@interviewkit/core';
import * as z from 'zod';
import { findSqlChallenge } from '../bank';
import type { SqlChallenge } from './sql-challenges';
import { expectedResult, rejectReason, type SqlResult } from './sql-runner';

/** Size limits of a SQL question's `extra` (characters). */
export const SQL_QUESTION_LIMITS = Object.freeze({ setupSql: 50_000, solutionSql: 10_000 });

/**
 * The `extra` of a question judged by running it:
 * `{ challenge: 'sql', setupSql: 'CREATE TABLE …; INSERT …', solutionSql: 'SELECT …', orderMatters }`.
 * `setupSql` builds the sample tables (CREATE, INSERT, UPDATE, DELETE, ALTER, DROP statements;
 * never ATTACH, PRAGMA, VACUUM or extensions), `solutionSql` is one SELECT (or WITH … SELECT)
 * whose result on those rows is the expected output, and `orderMatters` says whether row order is
 * part of the answer (default false). The bank's SQL challenges carry exactly this shape.
 */
export const SqlQuestionExtraSchema = z.looseObject({
  challenge: z.literal('sql'),
  setupSql: z.string().trim().min(1).max(SQL_QUESTION_LIMITS.setupSql),
  solutionSql: z.string().trim().min(1).max(SQL_QUESTION_LIMITS.solutionSql),
  orderMatters: z.boolean().default(false),
});
/** The `extra` of a SQL question judged by running it. */
export type SqlQuestionExtra = z.infer<typeof SqlQuestionExtraSchema>;

/** Statements a setup may run: building and filling tables in the throw-away in-memory database. */
const SETUP_STATEMENT = /^(create|insert|replace|update|delete|alter|drop|with|begin|commit|end)\b/i;
/** Words that reach outside the in-memory database (files, settings, native code). */
const SETUP_FORBIDDEN = /\b(attach|detach|vacuum|pragma|load_extension)\b/i;

/**
 * The SQL text with comments removed and string and quoted-identifier contents blanked, so that
 * keywords and `;` are only seen where SQLite sees them.
 */
function sqlSkeleton(sql: string): string {
  return sql
    .replace(/--[^\n]*|\/\*[\s\S]*?(\*\/|$)/g, ' ')
    .replace(/'(?:[^']|'')*'?/g, "''")
    .replace(/"(?:[^"]|"")*"?/g, '""');
}

/** Why a setup is refused before it runs, or null. */
export function setupProblem(setupSql: string): string | null {
  const skeleton = sqlSkeleton(setupSql);
  const forbidden = SETUP_FORBIDDEN.exec(skeleton);
  if (forbidden) return `setupSql may not use ${forbidden[1]!.toUpperCase()}: it only builds the sample tables.`;
  for (const statement of skeleton.split(';')) {
    const text = statement.trim();
    if (text.length > 0 && !SETUP_STATEMENT.test(text)) return `setupSql may only create and fill tables; "${text.slice(0, 40)}…" is not allowed.`;
  }
  return null;
}

function hashOf(setupSql: string, solutionSql: string): string {
  return createHash('sha256').update(setupSql).update('\0').update(solutionSql).digest('hex').slice(0, 16);
}

/** The challenge a parsed `extra` describes (its id is a hash of its SQL, so equal SQL shares results). */
function specOf(question: Question, extra: SqlQuestionExtra): SqlChallenge {
  return {
    id: `sql-${hashOf(extra.setupSql, extra.solutionSql)}`,
    difficulty: question.difficulty,
    title: question.text.slice(0, 80),
    prompt: question.text,
    setupSql: extra.setupSql,
    solutionSql: extra.solutionSql,
    orderMatters: extra.orderMatters,
    concepts: question.concepts,
    keywords: '',
    hint: question.hint ?? '',
  };
}

/**
 * The runnable SQL challenge a question carries, or null: a question whose `extra.challenge` is
 * `sql` with its own `setupSql` and `solutionSql` ({@link SqlQuestionExtraSchema}), or — for
 * questions stored before they carried their SQL — a bank challenge by id. Null for every other
 * question, and for one whose `extra` is invalid ({@link validateSqlQuestion} says why).
 */
export function sqlQuestionSpec(question: Question): SqlChallenge | null {
  const extra = question.extra;
  if (extra?.['challenge'] !== 'sql') return null;
  if (extra['setupSql'] === undefined && extra['solutionSql'] === undefined) return findSqlChallenge(question.id) ?? null;
  const parsed = SqlQuestionExtraSchema.safeParse(extra);
  return parsed.success && setupProblem(parsed.data.setupSql) === null ? specOf(question, parsed.data) : null;
}

/**
 * The expected result of a SQL question (its solution run on its setup; computed once), or
 * `VALIDATION_FAILED` saying why the question cannot be judged: the setup or the solution fails,
 * takes too long, or the solution returns no rows.
 */
export async function expectedSqlResult(spec: SqlChallenge): Promise<SqlResult> {
  let result: SqlResult;
  try {
    result = await expectedResult(spec);
  } catch (cause) {
    const reason = InterviewKitError.isInstance(cause) ? cause.message.replace(/^The reference solution of \S+ failed: /, '') : 'it could not be run';
    throw new InterviewKitError('VALIDATION_FAILED', `The question's setupSql and solutionSql do not run: ${reason}`.slice(0, 500), {
      cause,
      details: { field: 'question.extra' },
    });
  }
  if (result.rows.length === 0) {
    throw new InterviewKitError(
      'VALIDATION_FAILED',
      "The question's solutionSql returns no rows on its setupSql: any query returning nothing would pass. Add sample rows.",
      { details: { field: 'question.extra.solutionSql' } },
    );
  }
  return result;
}

/**
 * Checks a question before it is used, so that a SQL question that cannot be judged is a clear
 * 400 (`VALIDATION_FAILED`, naming the field) instead of a failure at evaluation time: the
 * `extra` shape and sizes ({@link SQL_QUESTION_LIMITS}), a setup that only builds tables, a
 * solution that is one SELECT, and both running on a fresh database with the solution returning
 * rows. Questions that are not SQL questions pass untouched.
 */
export async function validateSqlQuestion(question: Question): Promise<void> {
  const extra = question.extra;
  if (extra?.['challenge'] !== 'sql' || (extra['setupSql'] === undefined && extra['solutionSql'] === undefined)) return;
  const parsed = SqlQuestionExtraSchema.safeParse(extra);
  if (!parsed.success) throw validationError('question.extra of a SQL question', parsed.error.issues, parsed.error);
  const setup = setupProblem(parsed.data.setupSql);
  if (setup) throw new InterviewKitError('VALIDATION_FAILED', `question.extra: ${setup}`, { details: { field: 'question.extra.setupSql' } });
  const solution = rejectReason(parsed.data.solutionSql, SQL_QUESTION_LIMITS.solutionSql);
  if (solution)
    throw new InterviewKitError('VALIDATION_FAILED', `question.extra.solutionSql: ${solution}`, { details: { field: 'question.extra.solutionSql' } });
  await expectedSqlResult(specOf(question, parsed.data));
}
