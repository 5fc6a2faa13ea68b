import { questionBank } from '@interviewkit/questions';
import { SAMPLE_SQL_QUESTION, SAMPLE_SQL_SETUP } from '@interviewkit/questions/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { defaultPorts } from './defaults';
import { TEST_DBS } from './__fixtures__/dbs';
import { errorOf, registerUser, startTestServer, type TestServer } from './__fixtures__/server';
import { TestWsClient, type Frame } from './__fixtures__/ws-client';

// Issue 13 through the server as `interviewkit-server` runs it (default, offline ports): concepts
// that feed mastery, SQL questions judged by running them, the difficulty reached applied to the
// next session, and adaptive agentic sessions over the WebSocket.

const bank = questionBank();
const acid = bank.find((q) => q.id === 'dbms-acid')!;
// Not in the bank: a question that carries its own tables and reference query.
const { id: _id, ...sqlQuestion } = SAMPLE_SQL_QUESTION;
const INVENTORY = SAMPLE_SQL_SETUP;

for (const db of TEST_DBS) {
  describe.skipIf(!db.enabled)(`issue 13 on ${db.name}`, () => {
    let t: TestServer;
    let base: string;
    const clients: TestWsClient[] = [];
    const connect = async (token: string): Promise<TestWsClient> => {
      const client = await TestWsClient.connect(`${base}/ws`, { authorization: `Bearer ${token}` });
      clients.push(client);
      return client;
    };

    beforeEach(async () => {
      t = await startTestServer(db, {}, { ports: defaultPorts(loadConfig({ NODE_ENV: 'test' })) });
      base = (await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
    });
    afterEach(async () => {
      for (const c of clients.splice(0)) await c.close();
      await t.cleanup();
    });

    it('an A-grade ACID answer never makes "acid" a weak concept nor a "practise next" recommendation', async () => {
      const a = await registerUser(t.server, 'acid@example.com');
      const answer = acid.referenceAnswer!;
      for (let i = 0; i < 2; i++) {
        const res = await t.server.app.inject({ method: 'POST', url: '/api/evaluate-answer', headers: a.auth, payload: { question: acid, answer } });
        expect(res.json().evaluation.grade).toBe('A');
      }
      const mastery = (await t.server.app.inject({ method: 'GET', url: '/api/mastery', headers: a.auth })).json();
      const dbms = mastery.topics.find((x: { topic: string }) => x.topic === 'dbms');
      expect(dbms.weak_concepts).toEqual([]);
      expect(dbms.strong_concepts).toEqual(expect.arrayContaining(['acid', 'transactions']));
      const summary = (
        await t.server.app.inject({
          method: 'POST',
          url: '/api/mock_interview/session_summary',
          headers: a.auth,
          payload: { answers: [{ question: acid, answer }] },
        })
      ).json();
      expect(summary.summary.weakest_concepts).toEqual([]);
      expect(summary.summary.recommendations.join(' ')).not.toMatch(/practise these concepts/i);
    });

    it('judges a SQL question that carries its own tables by running the answer, over HTTP', async () => {
      const a = await registerUser(t.server, 'sql@example.com');
      const evaluate = async (question: unknown, answer: string) =>
        t.server.app.inject({ method: 'POST', url: '/api/evaluate-answer', headers: a.auth, payload: { question, answer } });
      expect((await evaluate(sqlQuestion, 'SELECT category, COUNT(id) FROM products GROUP BY category ORDER BY category')).json().evaluation).toMatchObject({
        score: 100,
        grade: 'A',
      });
      const filtered = (
        await evaluate(sqlQuestion, 'SELECT category, COUNT(*) AS products FROM products WHERE stock > 0 GROUP BY category ORDER BY category')
      ).json().evaluation;
      expect(filtered.score).toBeLessThanOrEqual(50);
      expect(filtered.suggestions[0]).toMatchObject({ code: 'incorrect_result' });
      const prose = (
        await evaluate(
          sqlQuestion,
          'I would group the products by category, count the products in each group with count star, and order the result by category name.',
        )
      ).json().evaluation;
      expect(prose.score).toBeLessThan(85);
      expect(prose.suggestions[0]).toMatchObject({ code: 'structure' });
      // A setup that does not run is the caller's mistake: a clear 400, not a 500.
      const broken = await evaluate(
        { ...sqlQuestion, extra: { ...sqlQuestion.extra, setupSql: 'CREATE TABLE products (id INTEGER); INSERT INTO products VALUES (1, 2);' } },
        'SELECT 1',
      );
      expect(errorOf(broken)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
      expect(errorOf(broken).message).toMatch(/setupSql and solutionSql do not run/);
      const attach = await evaluate({ ...sqlQuestion, extra: { ...sqlQuestion.extra, setupSql: `ATTACH DATABASE 'x.db' AS x; ${INVENTORY}` } }, 'SELECT 1');
      expect(errorOf(attach)).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    });

    it('runs a custom SQL question in a live interview without showing its reference query, and refuses one that cannot run', async () => {
      const a = await registerUser(t.server, 'live-sql@example.com');
      const client = await connect(a.token);
      const bad = await client.request('start_interview', {
        session_type: 'coding',
        text_only: true,
        questions: [{ ...sqlQuestion, extra: { ...sqlQuestion.extra, solutionSql: 'SELECT nope FROM products' } }],
      });
      expect(bad.error).toMatchObject({ code: 'VALIDATION_FAILED' });
      const ack = await client.request('start_interview', { session_type: 'coding', text_only: true, questions: [sqlQuestion] });
      expect(ack.data).toMatchObject({ status: 'started' });
      const asked = await client.waitForEvent('question');
      expect((asked.data!.question as { extra: unknown }).extra).toEqual({ challenge: 'sql', setupSql: INVENTORY, orderMatters: true });
      await client.request('answer_text', { text: '```sql\nSELECT category, COUNT(*) FROM products GROUP BY category ORDER BY category\n```' });
      const evaluated = await client.waitForEvent('answer_evaluated');
      expect(evaluated.data).toMatchObject({ evaluated: true, score: 100, grade: 'A' });
    });

    it('serves the difficulty a topic has reached when a request names none, over HTTP and in live sessions', async () => {
      const a = await registerUser(t.server, 'level@example.com');
      await t.server.storage.mastery.upsert({
        user_id: String(a.id),
        topic: 'dbms',
        mastery_level: 0.9,
        attempts: 4,
        concepts: {},
        history: [0.9, 0.9, 0.9, 0.9],
        difficulty: 'hard',
        updated_at: new Date().toISOString(),
      });
      const list = async (payload: Record<string, unknown>) =>
        (await t.server.app.inject({ method: 'POST', url: '/api/technical/questions', headers: a.auth, payload })).json().questions as Array<{
          difficulty: string;
        }>;
      expect((await list({ topic: 'DBMS', count: 3 })).map((q) => q.difficulty)).toEqual(['hard', 'hard', 'hard']);
      expect((await list({ topic: 'dbms', count: 3, difficulty: 'easy' })).map((q) => q.difficulty)).toEqual(['easy', 'easy', 'easy']);
      // Another topic, never practised: medium.
      expect((await list({ topic: 'oop', count: 2 })).map((q) => q.difficulty)).toEqual(['medium', 'medium']);

      const client = await connect(a.token);
      const ack = await client.request('start_interview', { session_type: 'technical', topic: 'dbms', question_count: 2, text_only: true });
      const asked = await client.waitForEvent('question');
      expect((asked.data!.question as { difficulty: string }).difficulty).toBe('hard');
      expect((await t.server.storage.sessions.get(ack.data!.session_id as number))?.difficulty).toBe('hard');
    });

    it('adapts agentic sessions to the answers: harder after a good one, simpler after a poor one, with a note saying why', async () => {
      const a = await registerUser(t.server, 'agent@example.com');
      const client = await connect(a.token);
      const ack = await client.request('start_interview', { session_type: 'agentic', topic: 'dbms', question_count: 3, text_only: true });
      expect(ack.data).toMatchObject({ status: 'started' });
      const question = (index: number): Promise<Frame> => client.waitForEvent('question', (f) => f.data?.index === index);
      const shown = (frame: Frame) => frame.data!.question as { id: string; difficulty: string; topic: string };

      const q0 = await question(0);
      expect(q0.data).toMatchObject({ total: null, adaptation: 'start' });
      expect(shown(q0)).toMatchObject({ topic: 'dbms', difficulty: 'medium' });
      // A strong answer: the bank's own reference answer.
      await client.request('answer_text', { text: bank.find((q) => q.id === shown(q0).id)!.referenceAnswer! });
      expect((await client.waitForEvent('answer_evaluated', (f) => f.data?.index === 0)).data!.similarity as number).toBeGreaterThanOrEqual(0.7);

      const q1 = await question(1);
      expect(shown(q1)).toMatchObject({ topic: 'dbms', difficulty: 'hard' });
      expect(q1.data).toMatchObject({ adaptation: 'deepen', note: expect.stringMatching(/^You did well on .+, so here is a harder one\.$/) as string });
      await client.request('answer_text', { text: 'I am not sure, I have never used that.' });
      await client.waitForEvent('answer_evaluated', (f) => f.data?.index === 1);

      const q2 = await question(2);
      expect(shown(q2)).toMatchObject({ topic: 'dbms', difficulty: 'medium' });
      expect(q2.data).toMatchObject({ adaptation: 'simplify', note: expect.stringMatching(/so here is a simpler question on dbms\.$/) as string });
      expect(new Set([q0, q1, q2].map((q) => shown(q).id)).size).toBe(3);
      await client.request('answer_text', { text: 'Something about tables.' });
      const done = await client.waitForEvent('interview_complete');
      expect(done.data).toMatchObject({ analysis_valid: true });
    });

    it('moves an agentic session without a topic on to another topic, starting each where the user left it', async () => {
      const a = await registerUser(t.server, 'roam@example.com');
      await t.server.storage.mastery.upsert({
        user_id: String(a.id),
        topic: 'python',
        mastery_level: 0.3,
        attempts: 3,
        concepts: {},
        history: [0.3, 0.3, 0.3],
        difficulty: 'easy',
        updated_at: new Date().toISOString(),
      });
      const client = await connect(a.token);
      await client.request('start_interview', { session_type: 'agentic', question_count: 4, text_only: true });
      const topics: string[] = [];
      for (let index = 0; index < 4; index++) {
        const asked = await client.waitForEvent('question', (f) => f.data?.index === index);
        const q = asked.data!.question as { topic: string; difficulty: string };
        topics.push(q.topic);
        if (index === 0) {
          // The user's weakest practised topic, at the level reached there.
          expect(q).toMatchObject({ topic: 'python', difficulty: 'easy' });
          expect(asked.data!.note).toBe('Starting python at easy difficulty, the level you reached last time.');
        }
        if (index === 3)
          expect(asked.data).toMatchObject({
            adaptation: 'move_topic',
            note: expect.stringMatching(/^You've covered python for now; let's move on to /) as string,
          });
        await client.request('answer_text', { text: 'A partly right answer about the topic.' });
        await client.waitForEvent('answer_evaluated', (f) => f.data?.index === index);
      }
      expect(topics.slice(0, 3)).toEqual(['python', 'python', 'python']);
      expect(topics[3]).not.toBe('python');
    });
  });
}
