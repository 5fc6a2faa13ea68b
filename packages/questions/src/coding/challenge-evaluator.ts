import { type AnswerEvaluation, type Evaluator, gradeForScore, similarityToScore } from '@interviewkit/core';
import { findSqlChallenge } from '../bank';
import { runSqlChallenge, type SqlRunOptions } from './sql-runner';

/** Pulls the SQL out of a typed answer: a fenced block if there is one, else the text itself. */
export function extractSql(answer: string): string | null {
  const fenced = /```(?:sql)?\s*([\s\S]*?)```/i.exec(answer);
  const text = (fenced ? fenced[1]! : answer).trim();
  return /^(select|with)\b/i.test(text) ? text : null;
}

/**
 * An evaluator that runs coding answers for real: for a SQL challenge from the bank (a question
 * whose `extra.challenge` is `sql`) whose answer is a query, the query runs against the
 * challenge's sample tables (read-only, time-limited SQLite) and is scored by its result — 100
 * when it matches the expected output; otherwise at most 50 (ran, wrong result) or 25 (did not
 * run), scaled by how close the query is to the reference, with the difference or the error as
 * the suggestion. Every other answer (explanations, debugging, spoken answers) goes to `base`.
 */
export function createChallengeEvaluator(base: Evaluator, options: SqlRunOptions = {}): Evaluator {
  const id = `sql-execution+${base.id}`;
  return {
    id,
    async evaluate(input): Promise<AnswerEvaluation> {
      const { question, answer } = input;
      const challenge = question.extra?.challenge === 'sql' ? findSqlChallenge(question.id) : undefined;
      const sql = challenge ? extractSql(answer) : null;
      if (!challenge || sql === null) return base.evaluate(input);
      const [run, lexical] = await Promise.all([runSqlChallenge(challenge, sql, options), base.evaluate(input)]);
      const correct = run.status === 'correct';
      const similarity = correct ? 1 : Math.min(run.status === 'incorrect' ? 0.5 : 0.25, lexical.similarity * (run.status === 'incorrect' ? 0.5 : 0.25));
      const score = similarityToScore(similarity);
      return {
        ...lexical,
        similarity,
        score,
        grade: gradeForScore(score),
        suggestions: correct ? [] : [{ code: 'incorrect_result' as const, message: run.message.slice(0, 500) }, ...lexical.suggestions.filter((s) => s.code !== 'keyword_list')].slice(0, 5),
        concepts: question.concepts.map((concept) => ({ concept, mentioned: correct || lexical.concepts.some((c) => c.concept === concept && c.mentioned) })),
        evaluator: id,
      };
    },
  };
}
