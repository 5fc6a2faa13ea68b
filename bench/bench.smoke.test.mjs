// Smoke test of `pnpm bench`: the live benchmark with 3 candidates for a few seconds and the HTTP
// benchmark with a small seed, against the built server. Checks shapes and that the interview
// actually happened (transcripts, evaluations); never timings.
import { describe, expect, it } from 'vitest';
import { runAttackBench } from './lib/attack-bench.mjs';
import { runHttpBench } from './lib/http-bench.mjs';
import { runLiveBench } from './lib/live-bench.mjs';
import { goals, toMarkdown } from './lib/report.mjs';

const latencyShape = { count: expect.any(Number), p50: expect.any(Number), p99: expect.any(Number), max: expect.any(Number) };
const pgUrl = process.env.TEST_DATABASE_URL ?? null;

describe('pnpm bench (tiny mode)', () => {
  it('runs the live benchmark: frames sent, transcripts attributed to frames, interviews completed and saved, against InterviewKit and the bare ws baseline with the same traffic', async () => {
    const live = await runLiveBench({ levels: [3], warmupMs: 1000, measureMs: 9000, answerMs: 2000, questionCount: 2, startWindowMs: 1000, ratioN: 3 });
    expect(live.levels).toHaveLength(1);
    const [level] = live.levels;
    const ik = level.interviewkit;
    expect(ik).toMatchObject({ target: 'interviewkit', n: 3, started: 3, startFailures: 0, attributionErrors: 0, startWindowSeconds: 1 });
    expect(ik.frames.sent).toBeGreaterThan(0);
    expect(ik.transcriptionLatencyMs).toMatchObject(latencyShape);
    expect(ik.transcriptionLatencyMs.count).toBeGreaterThan(0);
    expect(ik.events.finalTranscriptions).toBeGreaterThan(0);
    expect(ik.events.answersEvaluated).toBeGreaterThan(0);
    expect(ik.evaluationLatencyMs).toMatchObject(latencyShape);
    expect(ik.nextQuestionLatencyMs.count).toBeGreaterThan(0);
    // Interviews complete inside the window, and every one of them is saved with its summary.
    expect(ik.events.interviewsCompleted).toBeGreaterThan(0);
    expect(ik.completionLatencyMs.count).toBeGreaterThan(0);
    expect(ik.saved).toMatchObject({
      completed: ik.events.interviewsCompleted,
      saved: ik.events.interviewsCompleted,
      withSummary: ik.events.interviewsCompleted,
    });
    expect(ik.saved.usersWithMastery).toBe(ik.saved.users);
    expect(ik.errors).toMatchObject({ eventCount: 0, socketErrors: 0, unexpectedCloses: 0 });
    expect(ik.stop.stopped).toBe(3);
    expect(ik.server).toMatchObject({ cpuCores: expect.any(Number), rssMiB: expect.any(Number), kibPerSession: expect.any(Number), logErrors: 0 });
    expect(ik.server.processes).toBeGreaterThanOrEqual(1);
    expect(ik.generator).toMatchObject({ cpuCores: expect.any(Number), eventLoopDelayP99Ms: expect.any(Number) });
    // The baseline runs the same interviews and sends the same kinds of messages.
    const base = level.baseline;
    expect(base).toMatchObject({ target: 'baseline', started: 3, attributionErrors: 0 });
    expect(base.transcriptionLatencyMs.count).toBeGreaterThan(0);
    expect(base.events.answersEvaluated).toBeGreaterThan(0);
    expect(Object.keys(base.messages.byType).sort()).toEqual(Object.keys(ik.messages.byType).sort());
    expect(level.ratio.sessionsPerCore).toHaveProperty('ratio');
    expect(level.ratio.messagesPerSecond.ratio).toBeGreaterThan(0);
    expect(live.ratio).toMatchObject({ n: 3 });
    const md = toMarkdown({ date: 'now', mode: 'smoke', machine: { cpus: 2, cpu: 'x', memoryGiB: 1, node: process.version }, live });
    expect(md).toContain('| 3 | InterviewKit |');
    expect(md).toContain('ratio to bare ws');
  });

  it('runs the HTTP benchmark on a small seed: the session routes answer with the seeded sessions', async () => {
    const http = await runHttpBench({ sessions: 300, durationS: 1, connections: 2, pgUrl });
    expect(http.bare).toMatchObject({ requestsPerSecond: expect.any(Number), non2xx: 0 });
    const dbs = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];
    for (const db of dbs) {
      const r = http.databases[db];
      expect(r.storedSessions).toBe(300);
      expect(r.listPageSize).toBe(20);
      for (const route of ['GET /api/sessions', 'GET /api/sessions/:id']) {
        expect(r.routes[route]).toMatchObject({ requestsPerSecond: expect.any(Number), p99Ms: expect.any(Number), non2xx: 0 });
        expect(r.routes[route].requests).toBeGreaterThan(0);
      }
    }
    expect(goals({ http }).length).toBe(dbs.length);
  });

  it(
    'runs the hostile-input scenario against the built server: attacks answered, honest interviews untouched, the report rendered',
    { timeout: 180_000 },
    async () => {
      const attack = await runAttackBench({
        attacks: ['runaway-sql', 'docx-bomb'],
        honest: 2,
        attackers: 2,
        attackSeconds: 3,
        warmupMs: 500,
        answerMs: 2000,
        small: true,
      });
      expect(attack.scenarios.map((s) => s.attack)).toEqual(['runaway-sql', 'docx-bomb']);
      const [sql, docx] = attack.scenarios;
      // The built sandbox runs: runaway queries are evaluated (200) or refused when it is full (429), never a 5xx.
      expect(Object.keys(sql.attacker).every((status) => status === '200' || status === '429')).toBe(true);
      expect(docx.attacker['422']).toBeGreaterThan(0);
      for (const s of attack.scenarios) {
        expect(s.health.probes).toBeGreaterThan(0);
        expect(s.cpuCoresEachSecondAfter).toHaveLength(attack.afterSeconds);
        expect(s.lost).toMatchObject({ startFailures: 0, errorEvents: 0, evaluationsFailed: 0, unexpectedCloses: 0 });
      }
      const md = toMarkdown({ date: 'now', mode: 'smoke', machine: { cpus: 2, cpu: 'x', memoryGiB: 1, node: process.version }, attack });
      expect(md).toContain('| runaway-sql |');
      expect(goals({ attack }).some((g) => /health p99/.test(g.goal))).toBe(true);
    },
  );
});
