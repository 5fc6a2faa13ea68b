import { describe, expect, it } from 'vitest';
import { createOfflineEvaluator } from '../evaluation/offline-evaluator';
import { replay } from '../metrics/research-metrics';
import { QuestionSchema } from '../session/question';
import { seedSessionLog } from '../testing';
import { buildSessionSummary, type SummaryTurn } from './session-summary';
import { SessionSummarySchema } from './session-summary-schema';
import { SPEECH_BENCHMARKS, coachSpeechMetrics } from './speech-coaching';

const evaluator = createOfflineEvaluator();
const q = (id: string, topic: string, text: string, referenceAnswer: string, keywords: string[], concepts: string[]) =>
  QuestionSchema.parse({ id, topic, text, referenceAnswer, expectedKeywords: keywords, concepts });

const questions = [
  q(
    'a',
    'dbms',
    'What is an index?',
    'An index is a data structure such as a B-tree that speeds up lookups on a column at the cost of slower writes and extra storage.',
    ['b-tree', 'lookup', 'writes'],
    ['indexing'],
  ),
  q(
    'b',
    'dbms',
    'What is a transaction?',
    'A transaction groups operations into one atomic unit with ACID guarantees: atomicity, consistency, isolation and durability; it commits or rolls back as a whole.',
    ['atomic', 'commit', 'rollback', 'isolation'],
    ['transactions', 'acid'],
  ),
  q(
    'c',
    'operating_systems',
    'What is a process?',
    'A process is a running program with its own address space, memory, file handles and at least one thread, scheduled by the operating system.',
    ['address space', 'thread', 'scheduled'],
    ['processes'],
  ),
];

async function turn(question: (typeof questions)[number], answer: string): Promise<SummaryTurn> {
  return { question, answer, evaluation: answer ? await evaluator.evaluate({ question, answer }) : null };
}

describe('buildSessionSummary', () => {
  it('takes every number from the evaluations and names areas, concepts and recommendations', async () => {
    const turns = [
      await turn(questions[0]!, 'An index is a B-tree data structure on a column that makes lookups fast, but writes get slower and it needs extra storage.'),
      await turn(questions[1]!, 'It is when the database does stuff.'),
      await turn(questions[2]!, ''),
    ];
    const summary = buildSessionSummary({ turns, totalQuestions: 4 });
    expect(SessionSummarySchema.parse(summary)).toEqual(summary);
    const sims = turns.flatMap((t) => (t.evaluation ? [t.evaluation.similarity] : []));
    expect(summary.overall.score).toBe(Math.round(((sims[0]! + sims[1]!) / 2) * 1000) / 10);
    expect(summary.overall).toMatchObject({ questions_answered: 2, total_questions: 4, completion_rate: 50 });
    expect(summary.grade_counts.F).toBeGreaterThanOrEqual(2); // the unanswered and the vague answer
    expect(summary.areas_for_improvement.map((a) => a.area)).toContain('dbms');
    expect(summary.weakest_concepts.map((c) => c.concept)).toEqual(expect.arrayContaining(['transactions', 'acid']));
    expect(summary.recommendations[0]).toMatch(/2 of 4 went unanswered/);
    expect(summary.source).toBe('deterministic');
    expect(summary.narrative).toContain(summary.overall.headline);
  });

  it('never recommends practising a concept that was answered well (issue 13)', async () => {
    // An A-grade answer whose words the matcher did not tie to "acid", and a verdict-carrying
    // evaluation that calls "transactions" covered but "acid" wrong.
    const legacy = await turn(questions[1]!, questions[1]!.referenceAnswer!);
    const highButUnmatched = {
      ...legacy,
      evaluation: {
        ...legacy.evaluation!,
        similarity: 0.95,
        concepts: [
          { concept: 'transactions', mentioned: false },
          { concept: 'acid', mentioned: false },
        ],
      },
    };
    expect(buildSessionSummary({ turns: [highButUnmatched] }).weakest_concepts).toEqual([]);
    const judged = {
      ...legacy,
      evaluation: {
        ...legacy.evaluation!,
        similarity: 0.4,
        concepts: [
          { concept: 'transactions', mentioned: true, verdict: 'covered' as const },
          { concept: 'acid', mentioned: false, verdict: 'wrong' as const },
        ],
      },
    };
    const summary = buildSessionSummary({ turns: [judged] });
    expect(summary.weakest_concepts.map((c) => c.concept)).toEqual(['acid']);
    expect(summary.recommendations.join(' ')).toMatch(/Practise these concepts next: acid\./i);
    expect(summary.recommendations.join(' ')).not.toMatch(/transactions/i);
  });

  it('has no score and says why when nothing was answered', () => {
    const summary = buildSessionSummary({ turns: [{ question: questions[0]!, answer: '', evaluation: null }] });
    expect(summary.overall).toMatchObject({ score: null, grade: null, questions_answered: 0, completion_rate: 0 });
    expect(summary.overall.headline).toMatch(/no score/);
  });

  it('counts every question asked, also the one a stop left unanswered (issue 17: "2 of 3" beside "2 of 2")', async () => {
    const metrics = replay(seedSessionLog()); // 8 questions asked
    const turns = [
      await turn(questions[0]!, 'An index is a B-tree that makes lookups fast.'),
      await turn(questions[1]!, 'A transaction commits or rolls back atomically.'),
    ];
    const summary = buildSessionSummary({ turns, metrics });
    expect(summary.overall).toMatchObject({ questions_answered: 2, total_questions: metrics.questions_asked });
    expect(summary.overall.headline).toContain(`with 2 of ${metrics.questions_asked} questions answered`);
    expect(buildSessionSummary({ turns, metrics, totalQuestions: 5 }).overall.total_questions).toBe(5);
  });

  it('adds delivery notes from the metrics', () => {
    const metrics = replay(seedSessionLog());
    const summary = buildSessionSummary({ turns: [], metrics });
    expect(summary.delivery.length).toBeGreaterThan(0);
    expect(summary.delivery.join(' ')).toMatch(/words per minute/);
  });
});

describe('coachSpeechMetrics', () => {
  const base = replay(seedSessionLog());

  it('praises a pace inside the benchmark and gives numbers', () => {
    const notes = coachSpeechMetrics(base);
    const wpm = notes.find((n) => n.metric === 'wpm')!;
    expect(base.wpm).toBeGreaterThanOrEqual(SPEECH_BENCHMARKS.wpm.min);
    expect(wpm.status).toBe('good');
    expect(wpm.advice).toContain(String(base.wpm));
  });

  it('gives concrete advice for fast speech, long latency, long pauses and fillers', () => {
    const notes = coachSpeechMetrics({
      ...base,
      wpm: 190,
      avg_response_latency: 6.2,
      long_pause_count: 6,
      questions_answered: 3,
      filler_rate: 9.5,
      filler_count: 40,
    });
    const byMetric = Object.fromEntries(notes.map((n) => [n.metric, n]));
    expect(byMetric.wpm).toMatchObject({ status: 'high' });
    expect(byMetric.wpm!.advice).toContain('190');
    expect(byMetric.response_latency!.advice).toContain('6.2 s');
    expect(byMetric.long_pauses!.advice).toContain('6 pauses');
    expect(byMetric.fillers!.advice).toContain('40 filler words');
  });

  it('says nothing about delivery when there was no speech, and skips unreliable WPM', () => {
    expect(coachSpeechMetrics({ ...base, speaking_time: 0 })).toEqual([]);
    expect(coachSpeechMetrics({ ...base, wpm_reliable: false }).some((n) => n.metric === 'wpm')).toBe(false);
  });
});
