import { describe, expect, it } from 'vitest';
import { InterviewKitError } from '../errors/interviewkit-error';
import type { SessionEvent } from '../events/session-event';
import { seedSessionLog } from '../testing/seed-session-log';
import { computeResearchMetrics, liveSnapshot, replay } from './research-metrics';
import { RunningStatistics } from './running-statistics';

describe('the seed example', () => {
  it('reproduces every field that follows from the definitions', () => {
    const m = replay(seedSessionLog());
    expect(m.session_duration).toBe(600.0);
    expect(m.effective_duration).toBe(580.0);
    expect(m.forced_silence_time).toBe(20.0);
    expect(m.speaking_time).toBe(420.0);
    expect(m.silence_time).toBe(160.0);
    expect(m.speaking_ratio).toBe(0.724);
    expect(m.total_words).toBe(850);
    expect(m.wpm).toBe(121.4);
    expect(m.long_pause_count).toBe(3);
    expect(m.avg_response_latency).toBe(2.3);
    expect(m.questions_answered).toBe(8);
    expect(m.avg_semantic_similarity).toBe(0.78);
    expect(m.avg_keyword_coverage).toBe(0.6);
    expect(m.analysis_valid).toBe(true);
    // 2 pauses per answer: 16 pauses, 3 of them 6 s and 13 of 0.8 s.
    expect(m.pause_count).toBe(16);
    expect(m.avg_pause_duration).toBe(1.78); // (3·6 + 13·0.8) / 16 = 1.775
    expect(m.pauses_over_1s).toBe(3);
    expect(m.pauses_over_3s).toBe(3);
    expect(m.pauses_over_250ms).toBe(16);
    expect(m.hesitation_rate).toBe(2.29); // 16 pauses / 7 speaking minutes
    expect(m.articulation_rate).toBe(2.02); // 850 words / 420 s
    expect(m.mean_length_of_run).toBe(35.42); // 850 words / 24 runs
    expect(m.per_question).toHaveLength(8);
    expect(m.per_question[0]).toMatchObject({
      index: 0,
      answered: true,
      words: 107,
      speaking_time: 52.5,
      response_latency: 2.3,
      long_pause_count: 1,
      pause_count: 2,
      semantic_similarity: 0.9,
    });
    expect(m.per_question[5]).toMatchObject({ long_pause_count: 0, semantic_similarity: 0.65 });
    expect(m.fluency_score).toBeGreaterThan(0.5);
    expect(m.fluency_score).toBeLessThan(1);
    expect(m.fluency_score).not.toBe(m.speaking_ratio);
    expect(m.pitch_mean).toBeNull();
  });

  it('gives the same result folded event by event', () => {
    const stats = new RunningStatistics();
    for (const event of seedSessionLog()) stats.apply(event);
    expect(computeResearchMetrics(stats)).toEqual(replay(seedSessionLog()));
    expect(stats.responseLatencies).toEqual(Array(8).fill(2300));
    expect(stats.semanticSimilarities).toEqual([0.9, 0.7, 0.8, 0.75, 0.85, 0.65, 0.8, 0.79]);
  });
});

const start = (t = 0): SessionEvent => ({ type: 'session_started', t, session_type: 'technical' });

describe('fixes of the original platform', () => {
  it('records the response latency of every answer, not only the first', () => {
    const events: SessionEvent[] = [start()];
    let t = 0;
    for (let i = 0; i < 3; i++) {
      events.push({ type: 'question_asked', t, index: i, question: 'q' });
      events.push({ type: 'question_end', t: (t += 1000), index: i });
      events.push({ type: 'speech_start', t: (t += 1000 * (i + 1)) });
      events.push({ type: 'speech_end', t: (t += 5000) });
      events.push({ type: 'answer_complete', t: (t += 100), index: i, reason: 'manual', text: 'an answer' });
    }
    const m = replay(events);
    expect(m.per_question.map((q) => q.response_latency)).toEqual([1, 2, 3]);
    expect(m.avg_response_latency).toBe(2);
  });

  it('does not crash on very short speech', () => {
    const m = replay([
      start(),
      { type: 'question_asked', t: 0, index: 0, question: 'q' },
      { type: 'question_end', t: 10, index: 0 },
      { type: 'speech_start', t: 20 },
      { type: 'speech_end', t: 21 },
      { type: 'transcript_final', t: 22, text: 'yes' },
      { type: 'answer_complete', t: 30, index: 0, reason: 'manual', text: 'yes' },
      { type: 'session_stopped', t: 40, reason: 'stopped' },
    ]);
    expect(m.wpm_reliable).toBe(false);
    expect(Number.isFinite(m.wpm)).toBe(true);
    expect(m.analysis_valid).toBe(true);
  });

  it('matches two-word fillers', () => {
    const m = replay([
      start(),
      { type: 'question_asked', t: 0, index: 0, question: 'q' },
      { type: 'question_end', t: 0, index: 0 },
      { type: 'transcript_final', t: 1, text: 'Um, you know, I mean, it was like, hard. I like Python.' },
    ]);
    expect(m.filler_count).toBe(4);
  });

  it('does not count the interviewer turn as a pause', () => {
    const m = replay([
      start(),
      { type: 'question_asked', t: 0, index: 0, question: 'q' },
      { type: 'question_end', t: 1000, index: 0 },
      { type: 'speech_start', t: 2000 },
      { type: 'speech_end', t: 4000 },
      { type: 'answer_complete', t: 4500, index: 0, reason: 'manual', text: 'a' },
      { type: 'question_asked', t: 5000, index: 1, question: 'q2' },
      // 20 s of interviewer speech and thinking time: not a pause.
      { type: 'question_end', t: 25_000, index: 1 },
      { type: 'speech_start', t: 27_000 },
      { type: 'speech_end', t: 29_000 },
      { type: 'answer_complete', t: 29_500, index: 1, reason: 'manual', text: 'b' },
    ]);
    expect(m.pause_count).toBe(0);
    expect(m.long_pause_count).toBe(0);
    expect(m.speaking_time).toBe(4);
  });
});

describe('validity', () => {
  it('marks a session with no answered question invalid', () => {
    const m = replay([
      start(),
      { type: 'question_asked', t: 0, index: 0, question: 'q' },
      { type: 'question_end', t: 10, index: 0 },
      { type: 'answer_complete', t: 15_010, index: 0, reason: 'silence_timeout', text: '' },
      { type: 'session_stopped', t: 16_000, reason: 'stopped' },
    ]);
    expect(m.analysis_valid).toBe(false);
    expect(m.questions_answered).toBe(0);
    expect(m.per_question[0]?.answered).toBe(false);
  });
});

describe('bad input', () => {
  const code = (fn: () => void): string | undefined => {
    try {
      fn();
    } catch (error) {
      return InterviewKitError.isInstance(error) ? error.code : 'not-typed';
    }
    return undefined;
  };

  it('rejects time going backwards without changing the state', () => {
    const stats = new RunningStatistics();
    stats.apply(start());
    stats.apply({ type: 'question_asked', t: 100, index: 0, question: 'q' });
    expect(code(() => stats.apply({ type: 'question_end', t: 50, index: 0 }))).toBe('INVALID_EVENT_SEQUENCE');
    expect(stats.state.lastT).toBe(100);
    expect(stats.state.inTurn).toBe(false);
  });

  it('exposes its totals and question records read-only (only apply changes them)', () => {
    const stats = new RunningStatistics();
    stats.apply(start());
    stats.apply({ type: 'question_asked', t: 100, index: 0, question: 'q' });
    // Compile-time: `pnpm typecheck` fails if any of these becomes writable or public.
    const writes = (): void => {
      // @ts-expect-error the state is a read-only view
      stats.state.speakingMs = 5;
      // @ts-expect-error and so are the question records
      stats.questions[0]!.latencyMs = 5;
      // @ts-expect-error the record factory is internal
      stats.questionAt(3);
    };
    expect(writes).toBeTypeOf('function');
    // Run time: the views cannot be replaced.
    expect(() => {
      (stats as unknown as { state: unknown }).state = {};
    }).toThrow(TypeError);
    expect(stats.state.lastT).toBe(100);
    expect(stats.questions[0]!.askedT).toBe(100);
  });

  it('rejects events before session_started and after session_stopped', () => {
    expect(code(() => new RunningStatistics().apply({ type: 'speech_start', t: 0 }))).toBe('INVALID_EVENT_SEQUENCE');
    const stats = new RunningStatistics();
    stats.apply(start());
    stats.apply({ type: 'session_stopped', t: 10, reason: 'stopped' });
    expect(code(() => stats.apply({ type: 'speech_start', t: 11 }))).toBe('INVALID_EVENT_SEQUENCE');
    expect(code(() => new RunningStatistics().applyAll([start(), start()]))).toBe('INVALID_EVENT_SEQUENCE');
  });

  it('rejects NaN and negative values', () => {
    const stats = new RunningStatistics();
    stats.apply(start());
    expect(code(() => stats.apply({ type: 'speech_start', t: Number.NaN }))).toBe('VALIDATION_FAILED');
    expect(code(() => stats.apply({ type: 'forced_silence', t: 5, duration: -1 }))).toBe('VALIDATION_FAILED');
    expect(code(() => stats.apply({ type: 'forced_silence', t: 5, duration: Number.NaN }))).toBe('VALIDATION_FAILED');
    expect(code(() => stats.apply({ type: 'answer_evaluated', t: 5, index: 0, similarity: 1.5, keyword_coverage: 0 }))).toBe('VALIDATION_FAILED');
    expect(code(() => stats.apply({ type: 'bogus', t: 5 } as unknown as SessionEvent))).toBe('UNKNOWN_EVENT');
  });

  it('recovers from speech_end without speech_start by ignoring it', () => {
    const stats = new RunningStatistics();
    stats.applyAll([
      start(),
      { type: 'question_asked', t: 0, index: 0, question: 'q' },
      { type: 'question_end', t: 0, index: 0 },
      { type: 'speech_end', t: 100 },
      { type: 'speech_start', t: 200 },
      { type: 'speech_start', t: 300 },
      { type: 'speech_end', t: 1200 },
    ]);
    expect(stats.state.anomalies).toBe(2);
    expect(stats.state.speakingMs).toBe(1000);
  });
});

describe('live snapshot', () => {
  it('counts open speech up to now', () => {
    const stats = new RunningStatistics();
    stats.applyAll([
      start(),
      { type: 'question_asked', t: 0, index: 0, question: 'q' },
      { type: 'question_end', t: 1000, index: 0 },
      { type: 'speech_start', t: 2000 },
    ]);
    const live = liveSnapshot(stats, { now: 12_000 });
    expect(live.speaking).toBe(true);
    expect(live.speaking_time).toBe(10);
    expect(live.avg_response_latency).toBe(1);
    stats.apply({ type: 'speech_end', t: 12_000 });
    expect(liveSnapshot(stats, { now: 18_500 }).current_silence).toBe(6.5);
  });

  it('reads the injected clock', () => {
    let now = 0;
    const stats = new RunningStatistics({ clock: { now: () => now } });
    stats.apply(start());
    now = 42_000;
    expect(liveSnapshot(stats).session_duration).toBe(42);
  });
});
