import { createOfflineEvaluator, QuestionSchema, toPublicQuestion } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { sqlChallengeQuestion } from '../bank';
import { SAMPLE_SQL_QUESTION, SAMPLE_SQL_SETUP } from '../testing';
import { SQL_CHALLENGES } from './sql-challenges';
import { createChallengeEvaluator, extractSql, PROSE_SQL_ANSWER_CAP } from './challenge-evaluator';
import { SQL_QUESTION_LIMITS, sqlQuestionSpec, validateSqlQuestion } from './sql-question';

const evaluator = createChallengeEvaluator(createOfflineEvaluator());
const challenge = SQL_CHALLENGES.find((c) => c.orderMatters) ?? SQL_CHALLENGES[0]!;
const question = sqlChallengeQuestion(challenge);

// A question that is not in the bank and carries its own tables and reference query.
const custom = SAMPLE_SQL_QUESTION;
const INVENTORY = SAMPLE_SQL_SETUP;
const withExtra = (extra: Record<string, unknown>) => QuestionSchema.parse({ ...custom, extra: { ...custom.extra, ...extra } });

describe('createChallengeEvaluator', () => {
  it('runs a correct query for real and gives full marks', async () => {
    const evaluation = await evaluator.evaluate({ question, answer: challenge.solutionSql });
    expect(evaluation).toMatchObject({ similarity: 1, score: 100, grade: 'A', suggestions: [] });
    expect(evaluation.evaluator).toMatch(/^sql-execution\+/);
    expect(evaluation.concepts.every((c) => c.verdict === 'covered' && c.mentioned)).toBe(true);
  });

  it('accepts the query in a fenced block or on its own line after prose', async () => {
    expect((await evaluator.evaluate({ question, answer: `Here is my query:\n\`\`\`sql\n${challenge.solutionSql}\n\`\`\`\nIt groups first.` })).score).toBe(
      100,
    );
    expect((await evaluator.evaluate({ question, answer: `My query:\n${challenge.solutionSql}\n\nIt groups first.` })).score).toBe(100);
  });

  it('caps a query that runs but returns the wrong rows at 50, saying how the result differs', async () => {
    const table = /create table (\w+)/i.exec(challenge.setupSql)![1]!;
    const evaluation = await evaluator.evaluate({ question, answer: `SELECT * FROM ${table}` });
    expect(evaluation.score).toBeLessThanOrEqual(50);
    expect(evaluation.suggestions[0]).toMatchObject({ code: 'incorrect_result' });
    expect(evaluation.suggestions[0]!.message).toMatch(/column|row/i);
    expect(evaluation.concepts.some((c) => c.verdict === 'covered')).toBe(false);
  });

  it('caps a query that fails at 25 with the SQLite error, and refuses writes', async () => {
    const broken = await evaluator.evaluate({ question, answer: 'SELECT nope FROM missing_table' });
    expect(broken.score).toBeLessThanOrEqual(25);
    expect(broken.suggestions[0]!.message).toMatch(/SQLite error/);
    const write = await evaluator.evaluate({ question, answer: 'WITH x AS (SELECT 1) DELETE FROM x' });
    expect(write.score).toBeLessThanOrEqual(25);
  });

  it('judges any question that carries its tables and reference query by the result, not only bank challenges', async () => {
    const right = await evaluator.evaluate({ question: custom, answer: 'select category, count(id) from products group by category order by 1' });
    expect(right).toMatchObject({ score: 100, grade: 'A' });
    // Losing rows through a WHERE filter: close in words, wrong in result (the 81.5 vs 81.4).
    const filtered = await evaluator.evaluate({
      question: custom,
      answer: 'SELECT category, COUNT(*) AS products FROM products WHERE stock > 0 GROUP BY category ORDER BY category',
    });
    expect(filtered.score).toBeLessThanOrEqual(50);
    expect(filtered.suggestions[0]!.message).toMatch(/Row 1 differs/);
    const unordered = await evaluator.evaluate({
      question: custom,
      answer: 'SELECT category, COUNT(*) FROM products GROUP BY category ORDER BY category DESC',
    });
    expect(unordered.suggestions[0]!.message).toMatch(/wrong order/);
    const anyOrder = await evaluator.evaluate({
      question: withExtra({ orderMatters: false }),
      answer: 'SELECT category, COUNT(*) FROM products GROUP BY category ORDER BY category DESC',
    });
    expect(anyOrder.score).toBe(100);
  });

  it('grades a prose answer to a SQL question as prose, never as an A, and says why', async () => {
    const salary = sqlChallengeQuestion(SQL_CHALLENGES.find((c) => c.id === 'sql-second-highest-salary')!);
    const answer =
      'I would select distinct salary from employees, order by salary descending and use limit 1 offset 1 to skip the highest and return the second highest salary.';
    const base = await createOfflineEvaluator().evaluate({ question: salary, answer });
    const evaluation = await evaluator.evaluate({ question: salary, answer });
    expect(evaluation.evaluator).toBe('offline-lexical@1');
    expect(evaluation.score).toBe(Math.min(base.score, PROSE_SQL_ANSWER_CAP * 100));
    expect(evaluation.score).toBeLessThan(85);
    expect(evaluation.suggestions[0]).toMatchObject({ code: 'structure' });
    expect(evaluation.suggestions[0]!.message).toMatch(/graded as prose and capped at 80/);
  });

  it('leaves other questions to the base evaluator', async () => {
    const plain = QuestionSchema.parse({ id: 'p', text: 'What is a join?', referenceAnswer: 'A join combines rows of two tables on a condition.' });
    const evaluation = await evaluator.evaluate({ question: plain, answer: 'It combines rows from two tables.' });
    expect(evaluation.evaluator).toBe('offline-lexical@1');
    expect(evaluation.suggestions.some((s) => s.code === 'structure')).toBe(false);
  });

  it('raises VALIDATION_FAILED for a SQL question whose setup does not run', async () => {
    await expect(
      evaluator.evaluate({ question: withExtra({ setupSql: 'CREATE TABLE t (x INTEGER); INSERT INTO nowhere VALUES (1);' }), answer: 'SELECT 1' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('extractSql', () => {
  it('takes fenced blocks, queries, and query lines; never a sentence that says "select"', () => {
    expect(extractSql('  select 1')).toBe('select 1');
    expect(extractSql('I would select the rows')).toBeNull();
    expect(extractSql('Answer:\nWITH t AS (SELECT 1) SELECT * FROM t\n\nThat is it.')).toBe('WITH t AS (SELECT 1) SELECT * FROM t');
    expect(extractSql('```\nI would group them\n```')).toBeNull();
  });
});

describe('validateSqlQuestion', () => {
  it('accepts a runnable question, and questions that are not SQL questions', async () => {
    await expect(validateSqlQuestion(custom)).resolves.toBeUndefined();
    await expect(validateSqlQuestion(question)).resolves.toBeUndefined();
    await expect(validateSqlQuestion(QuestionSchema.parse({ id: 'x', text: 'What is SQL?' }))).resolves.toBeUndefined();
  });

  it('rejects bad shapes and sizes', async () => {
    await expect(validateSqlQuestion(withExtra({ solutionSql: 42 }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/solutionSql/) as string,
    });
    await expect(validateSqlQuestion(withExtra({ setupSql: 'x'.repeat(SQL_QUESTION_LIMITS.setupSql + 1) }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/setupSql/) as string,
    });
    await expect(validateSqlQuestion(withExtra({ orderMatters: 'yes' }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses setups that reach outside the throw-away database, and solutions that write', async () => {
    await expect(validateSqlQuestion(withExtra({ setupSql: `${INVENTORY}\nATTACH DATABASE '/tmp/x.db' AS x;` }))).rejects.toMatchObject({
      message: expect.stringMatching(/may not use ATTACH/) as string,
    });
    await expect(validateSqlQuestion(withExtra({ setupSql: `PRAGMA writable_schema = ON; ${INVENTORY}` }))).rejects.toMatchObject({
      message: expect.stringMatching(/PRAGMA/) as string,
    });
    await expect(validateSqlQuestion(withExtra({ setupSql: `${INVENTORY} SELECT 1;` }))).rejects.toMatchObject({
      message: expect.stringMatching(/only create and fill tables/) as string,
    });
    // Words inside strings and comments are data, not statements.
    await expect(
      validateSqlQuestion(withExtra({ setupSql: `${INVENTORY} -- pragma attach\nINSERT INTO products VALUES (6, 'vacuum; attach', 'cleaning', 1);` })),
    ).resolves.toBeUndefined();
    await expect(validateSqlQuestion(withExtra({ solutionSql: 'DELETE FROM products' }))).rejects.toMatchObject({
      message: expect.stringMatching(/solutionSql: Only SELECT/) as string,
    });
  });

  it('says why a setup or solution that fails cannot be judged', async () => {
    await expect(validateSqlQuestion(withExtra({ setupSql: 'CREATE TABLE products (id INTEGER); INSERT INTO products VALUES (1, 2);' }))).rejects.toMatchObject(
      {
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/do not run: .*(values|columns)/i) as string,
      },
    );
    await expect(validateSqlQuestion(withExtra({ solutionSql: 'SELECT missing FROM products' }))).rejects.toMatchObject({
      message: expect.stringMatching(/no such column/) as string,
    });
    await expect(validateSqlQuestion(withExtra({ solutionSql: 'SELECT * FROM products WHERE stock > 100' }))).rejects.toMatchObject({
      message: expect.stringMatching(/returns no rows/) as string,
    });
  });

  it('never shows the reference query to the candidate', () => {
    expect(sqlQuestionSpec(custom)?.setupSql).toBe(INVENTORY);
    const shown = toPublicQuestion(custom);
    expect(shown.extra).toEqual({ challenge: 'sql', setupSql: INVENTORY, orderMatters: true });
    expect(toPublicQuestion(question).extra).not.toHaveProperty('solutionSql');
  });
});
