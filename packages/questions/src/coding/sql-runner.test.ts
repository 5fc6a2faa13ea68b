import { afterAll, describe, expect, it } from 'vitest';
import { SQL_CHALLENGES } from './sql-challenges';
import { compareResults, rejectReason, runSqlChallenge } from './sql-runner';
import { createSqlSandbox } from './sql-sandbox';

const byId = (id: string) => SQL_CHALLENGES.find((c) => c.id === id)!;

describe('runSqlChallenge', () => {
  it('every reference solution runs and returns rows', async () => {
    for (const challenge of SQL_CHALLENGES) {
      const result = await runSqlChallenge(challenge, challenge.solutionSql);
      expect(result.status, challenge.id).toBe('correct');
      expect(result.expected.rows.length, challenge.id).toBeGreaterThan(0);
    }
  });

  it('accepts a different correct query and rejects a wrong one, saying how it differs', async () => {
    const c = byId('sql-having-big-spenders');
    const alternative =
      "SELECT customer_id, total FROM (SELECT customer_id, SUM(amount) AS total FROM orders WHERE status='paid' GROUP BY customer_id) WHERE total > 500";
    expect((await runSqlChallenge(c, alternative)).status).toBe('correct');
    const wrong = await runSqlChallenge(c, 'SELECT customer_id, SUM(amount) AS total FROM orders GROUP BY customer_id HAVING SUM(amount) > 500');
    expect(wrong.status).toBe('incorrect');
    expect(wrong.message).toMatch(/Row|row/);
  });

  it('notices a missing ORDER BY when order matters', async () => {
    const c = byId('sql-paid-revenue-by-country');
    const r = await runSqlChallenge(
      c,
      "SELECT c.country, SUM(o.amount) AS revenue FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = 'paid' GROUP BY c.country ORDER BY revenue ASC",
    );
    expect(r.status).toBe('incorrect');
    expect(r.message).toMatch(/wrong order/);
  });

  it('reports SQL errors, refuses writes and several statements, and stops runaway queries', async () => {
    const c = byId('sql-daily-active-users');
    expect((await runSqlChallenge(c, 'SELECT nope FROM events')).status).toBe('error');
    expect((await runSqlChallenge(c, 'DELETE FROM events')).status).toBe('rejected');
    expect((await runSqlChallenge(c, 'SELECT 1; DROP TABLE events')).status).toBe('rejected');
    // A CTE that writes is refused by the query-only database.
    expect((await runSqlChallenge(c, 'WITH x AS (SELECT 1) INSERT INTO events SELECT 1, 2, 3')).status).toBe('error');
    const runaway = await runSqlChallenge(c, 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n', { timeoutMs: 300 });
    expect(runaway.status).toBe('timeout');
  });

  it('rejectReason allows semicolons inside strings and a trailing one', () => {
    expect(rejectReason("SELECT ';' AS x;")).toBeNull();
    expect(rejectReason('  -- comment\n select 1')).toBeNull();
    expect(rejectReason('')).toMatch(/empty/);
  });

  it('compareResults tolerates float noise and unordered rows when order does not matter', () => {
    expect(compareResults({ columns: ['a'], rows: [[0.30000000000000004], [1]] }, { columns: ['x'], rows: [[1], [0.3]] }, false)).toBeNull();
    expect(compareResults({ columns: ['a', 'b'], rows: [] }, { columns: ['a'], rows: [] }, false)).toMatch(/column/);
  });
});

describe('the SQL sandbox (issue 15: candidate SQL runs where it can be stopped)', () => {
  const sandbox = createSqlSandbox({ size: 1 });
  afterAll(() => sandbox.close());
  const c = byId('sql-daily-active-users');

  it('kills the process running a runaway WITH RECURSIVE at the time limit: it is gone, and the next query runs', async () => {
    await runSqlChallenge(c, 'SELECT 1', { sandbox });
    const [pid] = sandbox.pids();
    const runaway = await runSqlChallenge(c, 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c', {
      sandbox,
      timeoutMs: 300,
    });
    expect(runaway.status).toBe('timeout');
    // The process that ran it no longer exists: nothing keeps burning CPU after the answer.
    expect(() => process.kill(pid!, 0)).toThrow();
    expect(sandbox.stats().killedOnTimeout).toBe(1);
    expect((await runSqlChallenge(c, c.solutionSql, { sandbox })).status).toBe('correct');
  });

  it('refuses huge values (SQLITE_LIMIT_LENGTH) and huge results instead of allocating them', async () => {
    const blob = await runSqlChallenge(c, 'SELECT length(hex(randomblob(400000000)))', { sandbox });
    expect(blob).toMatchObject({ status: 'error' });
    expect(blob.message).toMatch(/too big/);
    const wide = await runSqlChallenge(c, 'WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 500) SELECT hex(randomblob(5000)) FROM n', {
      sandbox,
    });
    expect(wide.status).toBe('error');
    expect(wide.message).toMatch(/larger than/);
  });
});
