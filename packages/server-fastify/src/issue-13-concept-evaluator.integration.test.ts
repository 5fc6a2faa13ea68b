import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { TEST_DBS } from './__fixtures__/dbs';
import { registerUser, startTestServer, type TestServer } from './__fixtures__/server';
import { TestWsClient } from './__fixtures__/ws-client';
import { defaultPorts } from './defaults';

// Issue 13: the default server judges answers by concept coverage (offline-concepts@1) through the
// whole path: WebSocket → engine → evaluation → event log → stored session → mastery.
const sqlite = TEST_DBS.find((db) => db.name === 'sqlite')!;

const question = {
  text: 'What is the difference between a process and a thread?',
  topic: 'operating_systems',
  referenceAnswer:
    'A process is a running program with its own address space, memory and file descriptors, isolated from other processes. Threads run inside a process and share its memory and resources, but each thread has its own stack and registers; threads are cheaper to create and switch, but shared data needs synchronization.',
  concepts: ['processes have their own address space', 'threads share memory'],
};
const correct =
  'A process is an instance of a program with a private address space, so one process cannot read the memory of another. Threads live inside a process: they share the same memory and open files, while each keeps its own stack. Creating and switching threads is cheaper, but because they share data you need locks to synchronize them.';
const swapped =
  'A thread is the heavy one: each thread has its own address space and is isolated from other threads. Processes run inside a thread and share its memory, so creating a process is cheaper than a thread and processes need synchronization.';

describe.skipIf(!sqlite.enabled)('issue 13: concept evaluation in the default server', () => {
  let t: TestServer;
  let base: string;
  const clients: TestWsClient[] = [];

  beforeEach(async () => {
    // The question (with its reference answer and concepts) comes from the client: self-practice,
    // so trusted scoring (which would strip them) is off.
    t = await startTestServer(sqlite, { trustedScoring: false }, { ports: defaultPorts(loadConfig({ NODE_ENV: 'test' })) });
    base = (await t.server.app.listen({ port: 0, host: '127.0.0.1' })).replace(/^http/, 'ws');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
    await t.cleanup();
  });

  async function interview(auth: { authorization: string }, answer: string) {
    const client = await TestWsClient.connect(`${base}/ws`, auth);
    clients.push(client);
    const ack = await client.request('start_interview', { session_type: 'technical', text_only: true, questions: [question] });
    await client.waitForEvent('question');
    await client.request('answer_text', { text: answer });
    const evaluated = await client.waitForEvent('answer_evaluated', undefined, 15_000);
    await client.waitForEvent('interview_complete', undefined, 15_000);
    const sessionId = (ack.data as { session_id: number }).session_id;
    const stored = await t.server.app.inject({ method: 'GET', url: `/api/sessions/${sessionId}`, headers: auth });
    expect(stored.statusCode).toBe(200);
    const detail = stored.json() as {
      session: {
        answers: Array<{
          evaluation: {
            evaluator: string;
            score: number;
            concepts: Array<{ concept: string; verdict?: string; evidence?: string }>;
            misconceptions?: string[];
          };
        }>;
      };
    };
    return { live: evaluated.data as { score: number; grade: string; mastery_updates: unknown[] }, evaluation: detail.session.answers[0]!.evaluation };
  }

  it('scores a correct answer in other words high, with covered concepts and evidence from the answer', async () => {
    const a = await registerUser(t.server, 'right@example.com');
    const { live, evaluation } = await interview({ authorization: a.auth.authorization }, correct);
    expect(evaluation.evaluator).toBe('offline-concepts@1');
    expect(live.score).toBeGreaterThanOrEqual(70);
    expect(live.mastery_updates.length).toBeGreaterThan(0);
    expect(evaluation.misconceptions ?? []).toHaveLength(0);
    for (const c of evaluation.concepts) expect(['covered', 'partly']).toContain(c.verdict);
    expect(evaluation.concepts.find((c) => c.concept === 'threads share memory')?.evidence).toMatch(/share the same memory/);
  });

  it('catches process and thread swapped: a named misconception, a wrong concept and a failing score', async () => {
    const a = await registerUser(t.server, 'swap@example.com');
    const { live, evaluation } = await interview({ authorization: a.auth.authorization }, swapped);
    expect(evaluation.misconceptions!.length).toBeGreaterThan(0);
    expect(evaluation.misconceptions!.join(' ')).toMatch(/swapped/);
    expect(evaluation.concepts.some((c) => c.verdict === 'wrong')).toBe(true);
    expect(live.score).toBeLessThan(55);
    expect(['D', 'F']).toContain(live.grade);
  });
});
