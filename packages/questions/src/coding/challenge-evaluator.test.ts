import { createOfflineEvaluator } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { sqlChallengeQuestion } from '../bank';
import { SQL_CHALLENGES } from './sql-challenges';
import { createChallengeEvaluator, extractSql } from './challenge-evaluator';

const evaluator = createChallengeEvaluator(createOfflineEvaluator());
const challenge = SQL_CHALLENGES.find((c) => c.orderMatters) ?? SQL_CHALLENGES[0]!;
const question = sqlChallengeQuestion(challenge);

describe('createChallengeEvaluator', () => {
  it('runs a correct query for real and gives full marks', async () => {
    const evaluation = await evaluator.evaluate({ question, answer: challenge.solutionSql });
    expect(evaluation).toMatchObject({ similarity: 1, score: 100, grade: 'A', suggestions: [] });
    expect(evaluation.evaluator).toMatch(/^sql-execution\+/);
  });

  it('accepts the query in a fenced block inside prose', async () => {
    const evaluation = await evaluator.evaluate({ question, answer: `Here is my query:\n\`\`\`sql\n${challenge.solutionSql}\n\`\`\`\nIt groups first.` });
    expect(evaluation.score).toBe(100);
  });

  it('caps a query that runs but returns the wrong rows at 50, saying how the result differs', async () => {
    const table = /create table (\w+)/i.exec(challenge.setupSql)![1]!;
    const evaluation = await evaluator.evaluate({ question, answer: `SELECT * FROM ${table}` });
    expect(evaluation.score).toBeLessThanOrEqual(50);
    expect(evaluation.suggestions[0]).toMatchObject({ code: 'incorrect_result' });
    expect(evaluation.suggestions[0]!.message).toMatch(/column|row/i);
  });

  it('caps a query that fails at 25 with the SQLite error, and refuses writes', async () => {
    const broken = await evaluator.evaluate({ question, answer: 'SELECT nope FROM missing_table' });
    expect(broken.score).toBeLessThanOrEqual(25);
    expect(broken.suggestions[0]!.message).toMatch(/SQLite error/);
    const write = await evaluator.evaluate({ question, answer: 'WITH x AS (SELECT 1) DELETE FROM x' });
    expect(write.score).toBeLessThanOrEqual(25);
  });

  it('leaves explanations and other questions to the base evaluator', async () => {
    const spoken = await evaluator.evaluate({ question, answer: 'I would group the rows and count them per department.' });
    expect(spoken.evaluator).toBe('offline-lexical@1');
    expect(extractSql('  select 1')).toBe('select 1');
    expect(extractSql('I would select the rows')).toBeNull();
  });
});
