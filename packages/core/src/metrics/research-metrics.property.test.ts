import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../events/session-event';
import { computeResearchMetrics, liveSnapshot, replay } from './research-metrics';
import type { ResearchMetrics } from './research-metrics-schema';
import { ResearchMetricsSchema } from './research-metrics-schema';
import { RunningStatistics } from './running-statistics';

/**
 * Random but well-formed session logs: questions with interviewer turns, candidate turns with
 * speech segments and pauses, transcripts, typed answers, forced silences, evaluations, pitch,
 * and sometimes a stop in the middle of an answer. Also some out-of-turn speech (barge-in,
 * echo) that the fold must handle by its documented rules.
 */
const turnArb = fc.record({
  interviewerMs: fc.integer({ min: 0, max: 20_000 }),
  latencyMs: fc.integer({ min: 0, max: 15_000 }),
  segments: fc.array(fc.record({ speakMs: fc.integer({ min: 1, max: 30_000 }), gapMs: fc.integer({ min: 0, max: 12_000 }) }), { maxLength: 6 }),
  words: fc.array(fc.constantFrom('well', 'um', 'the', 'index', 'like,', 'you know', 'I mean', 'B-tree', 'the'), { maxLength: 40 }),
  typed: fc.boolean(),
  trailingMs: fc.integer({ min: 0, max: 20_000 }),
  waitMs: fc.integer({ min: 0, max: 10_000 }),
  similarity: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
  coverage: fc.double({ min: 0, max: 1, noNaN: true }),
  echo: fc.boolean(),
  pitch: fc.option(
    fc.record({
      count: fc.integer({ min: 1, max: 500 }),
      mean: fc.double({ min: 80, max: 300, noNaN: true }),
      spread: fc.double({ min: 0, max: 60, noNaN: true }),
    }),
  ),
});

const logArb = fc
  .record({ turns: fc.array(turnArb, { maxLength: 8 }), stopMidAnswer: fc.boolean(), tailMs: fc.integer({ min: 0, max: 60_000 }), stop: fc.boolean() })
  .map(({ turns, stopMidAnswer, tailMs, stop }) => {
    const events: SessionEvent[] = [{ type: 'session_started', t: 0, session_type: 'technical' }];
    let t = 0;
    turns.forEach((turn, index) => {
      events.push({ type: 'question_asked', t, index, question: `q${index}` });
      if (turn.echo) {
        // Echo of the interviewer picked up by the VAD: outside the candidate's turn.
        events.push({ type: 'speech_start', t: t + 1 });
        events.push({ type: 'speech_end', t: t + 2 });
      }
      t += Math.max(turn.interviewerMs, turn.echo ? 3 : 0);
      events.push({ type: 'question_end', t, index });
      t += turn.latencyMs;
      for (const segment of turn.segments) {
        events.push({ type: 'speech_start', t });
        t += segment.speakMs;
        events.push({ type: 'speech_end', t });
        t += segment.gapMs;
      }
      if (turn.pitch) {
        const { count, mean, spread } = turn.pitch;
        events.push({
          type: 'pitch_summary',
          t,
          count,
          mean,
          m2: spread * spread * Math.max(0, count - 1),
          min: Math.max(1, mean - spread),
          max: mean + spread,
          p10: Math.max(1, mean - spread / 2),
          p90: mean + spread / 2,
        });
      }
      const text = turn.words.join(' ');
      if (!turn.typed) events.push({ type: 'transcript_final', t, text });
      if (stopMidAnswer && index === turns.length - 1) return;
      t += turn.trailingMs;
      events.push({ type: 'answer_complete', t, index, reason: turn.typed ? 'text' : 'manual', text });
      t += turn.waitMs;
      if (turn.similarity !== null) events.push({ type: 'answer_evaluated', t, index, similarity: turn.similarity, keyword_coverage: turn.coverage });
      events.push({ type: 'forced_silence', t, duration: turn.waitMs });
    });
    if (stop) events.push({ type: 'session_stopped', t: t + tailMs, reason: 'stopped' });
    return events;
  });

function assertFinite(value: unknown, path = 'metrics'): void {
  if (typeof value === 'number') {
    expect(Number.isFinite(value), `${path} = ${value}`).toBe(true);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertFinite(v, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertFinite(v, `${path}.${k}`);
  }
}

const tenths = (x: number): number => Math.round(x * 10);

describe('research metrics properties', () => {
  it('speaking + silence = effective, effective + forced = session, ratios in [0, 1], no NaN or Infinity', () => {
    fc.assert(
      fc.property(logArb, (events) => {
        const m: ResearchMetrics = replay(events);
        expect(tenths(m.speaking_time) + tenths(m.silence_time)).toBe(tenths(m.effective_duration));
        expect(tenths(m.effective_duration) + tenths(m.forced_silence_time)).toBe(tenths(m.session_duration));
        for (const key of ['speaking_ratio', 'phonation_ratio', 'fluency_score', 'avg_semantic_similarity', 'avg_keyword_coverage'] as const) {
          expect(m[key]).toBeGreaterThanOrEqual(0);
          expect(m[key]).toBeLessThanOrEqual(1);
        }
        expect(m.long_pause_count).toBeLessThanOrEqual(m.pause_count);
        expect(m.pauses_over_3s).toBeLessThanOrEqual(m.pauses_over_1s);
        expect(m.pauses_over_1s).toBeLessThanOrEqual(m.pauses_over_250ms);
        expect(m.analysis_valid).toBe(m.questions_answered > 0);
        assertFinite(m);
        expect(ResearchMetricsSchema.safeParse(m).success).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('replay(log) equals the incremental fold, and every live snapshot is consistent with it', () => {
    fc.assert(
      fc.property(logArb, (events) => {
        const stats = new RunningStatistics();
        for (const event of events) {
          stats.apply(event);
          const live = liveSnapshot(stats);
          assertFinite(live);
          expect(live.speaking_ratio).toBeLessThanOrEqual(1);
        }
        const folded = computeResearchMetrics(stats);
        expect(folded).toEqual(replay(events));
        const last = liveSnapshot(stats);
        expect(last.long_pause_count).toBe(folded.long_pause_count);
        expect(last.questions_answered).toBe(folded.questions_answered);
        expect(last.total_words).toBe(folded.total_words);
      }),
      { numRuns: 300 },
    );
  });

  it('per-question speaking times add up to the session speaking time', () => {
    fc.assert(
      fc.property(logArb, (events) => {
        const stats = new RunningStatistics().applyAll(events);
        const total = stats.questions.reduce((sum, q) => sum + (q?.speakingMs ?? 0), 0);
        expect(total).toBeCloseTo(stats.state.speakingMs, 6);
      }),
      { numRuns: 200 },
    );
  });
});
