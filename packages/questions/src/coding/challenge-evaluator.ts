import { type AnswerEvaluation, type ConceptObservation, type Evaluator, gradeForScore, similarityToScore } from '@interviewkit/core';
import { expectedSqlResult, sqlQuestionSpec } from './sql-question';
import { runSqlChallenge, type SqlRunOptions } from './sql-runner';

/** Highest similarity of a prose (non-SQL) answer to a SQL question: a B at best, never an A. */
export const PROSE_SQL_ANSWER_CAP = 0.8;

/**
 * Pulls the SQL out of a typed answer: a fenced block if there is one; else the text itself when
 * it starts with SELECT or WITH; else the first line that does, up to the next blank line ("My
 * query:\nSELECT …"). A sentence that merely contains "select" ("I would select distinct
 * salary …") is prose: null.
 */
export function extractSql(answer: string): string | null {
  const fenced = /```(?:sql)?\s*([\s\S]*?)```/i.exec(answer);
  const text = (fenced ? fenced[1]! : answer).trim();
  if (/^(select|with)\b/i.test(text)) return text;
  if (fenced) return null;
  const line = /^[ \t]*((?:select|with)\b[\s\S]*?)(?:\n[ \t]*\n|$)/im.exec(answer);
  return line ? line[1]!.trim() : null;
}

/** Concept observations of an executed query: all covered when its result is right; else the base's, none better than `partly`. */
function executedConcepts(base: AnswerEvaluation, conceptNames: readonly string[], correct: boolean, sql: string): ConceptObservation[] {
  if (correct) return conceptNames.map((concept) => ({ concept, mentioned: true, verdict: 'covered', evidence: sql.slice(0, 300) }));
  return conceptNames.map((concept) => {
    const seen = base.concepts.find((c) => c.concept === concept);
    const verdict = seen?.verdict === 'covered' ? 'partly' : seen?.verdict;
    return { concept, mentioned: seen?.mentioned ?? false, ...(verdict ? { verdict } : {}), ...(seen?.evidence ? { evidence: seen.evidence } : {}) };
  });
}

/**
 * An evaluator that judges code by running it. Any SQL question that carries its tables and a
 * reference query (`extra: { challenge: 'sql', setupSql, solutionSql, orderMatters }`, see
 * `SqlQuestionExtraSchema`; the bank's challenges carry it too) is judged by its result:
 *
 * - an answer that is a query (see {@link extractSql}) runs against the question's sample tables
 *   (read-only, time-limited SQLite) and scores 100 when its result matches the reference
 *   query's; otherwise at most 50 (ran, wrong result) or 25 (did not run), scaled by the base
 *   evaluator's similarity, with the difference or the error as the suggestion;
 * - an answer in words ("I would select distinct salary … offset 1") is graded as prose by `base`
 *   and capped at {@link PROSE_SQL_ANSWER_CAP} (80, a B): it can never reach an A, and a
 *   `structure` suggestion says why and asks for the query.
 *
 * Every other question goes to `base` unchanged. A SQL question whose setup or solution does not
 * run raises `VALIDATION_FAILED` (servers check questions up front with `validateSqlQuestion`).
 */
export function createChallengeEvaluator(base: Evaluator, options: SqlRunOptions = {}): Evaluator {
  const id = `sql-execution+${base.id}`;
  return {
    id,
    async evaluate(input): Promise<AnswerEvaluation> {
      const { question, answer } = input;
      const spec = sqlQuestionSpec(question);
      if (!spec) return base.evaluate(input);
      await expectedSqlResult(spec);
      const sql = extractSql(answer);
      if (sql === null) {
        const prose = await base.evaluate(input);
        if (answer.trim().length === 0) return prose;
        const similarity = Math.min(prose.similarity, PROSE_SQL_ANSWER_CAP);
        const score = similarityToScore(similarity);
        const cap = similarityToScore(PROSE_SQL_ANSWER_CAP);
        const why = {
          code: 'structure' as const,
          message: `This question is answered with a query, which is run against its tables and judged by its result. An answer in words is graded as prose and capped at ${cap} (a B): write the SQL itself, starting with SELECT or in a sql code block.`,
        };
        return { ...prose, similarity, score, grade: gradeForScore(score), suggestions: [why, ...prose.suggestions].slice(0, 6) };
      }
      const [run, lexical] = await Promise.all([runSqlChallenge(spec, sql, options), base.evaluate(input)]);
      const correct = run.status === 'correct';
      const similarity = correct ? 1 : Math.min(run.status === 'incorrect' ? 0.5 : 0.25, lexical.similarity * (run.status === 'incorrect' ? 0.5 : 0.25));
      const score = similarityToScore(similarity);
      return {
        ...lexical,
        similarity,
        score,
        grade: gradeForScore(score),
        suggestions: correct
          ? []
          : [{ code: 'incorrect_result' as const, message: run.message.slice(0, 500) }, ...lexical.suggestions.filter((s) => s.code !== 'keyword_list')].slice(
              0,
              5,
            ),
        concepts: executedConcepts(lexical, question.concepts, correct, sql),
        misconceptions: correct ? [] : (lexical.misconceptions ?? []),
        evaluator: id,
      };
    },
  };
}
