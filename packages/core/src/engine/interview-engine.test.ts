import { describe, expect, it } from 'vitest';
import { InterviewKitError } from '../errors/interviewkit-error';
import type { AnswerEvaluation, EvaluateAnswerInput, Evaluator } from '../evaluation/evaluator';
import type { SessionEvent } from '../events/session-event';
import { replay } from '../metrics/research-metrics';
import type { ServerEnvelope } from '../protocol/ws-protocol';
import type { QuestionInput } from '../session/question';
import { FakeClock } from '../testing/fake-clock';
import type { InterviewEngineOptions } from './engine-options';
import { InterviewEngine } from './interview-engine';
import type { QuestionSource } from './question-source';
import { createQueueQuestionSource } from './queue-question-source';

const QUESTIONS: QuestionInput[] = [
  { id: 'q1', text: 'What is a deadlock?', referenceAnswer: 'A deadlock is a circular wait.', expectedKeywords: ['circular wait'] },
  { id: 'q2', text: 'What is a mutex?', referenceAnswer: 'A mutex is a lock for mutual exclusion.', expectedKeywords: ['lock'] },
];

/** An evaluator whose similarity is the share of reference words the answer contains. */
class ScriptedEvaluator implements Evaluator {
  readonly id = 'scripted@1';
  readonly calls: EvaluateAnswerInput[] = [];
  failNext: InterviewKitError | null = null;
  hold: Promise<void> | null = null;

  async evaluate(input: EvaluateAnswerInput): Promise<AnswerEvaluation> {
    this.calls.push(input);
    if (this.hold) await this.hold;
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = null;
      throw error;
    }
    const reference = (input.question.referenceAnswer ?? '').toLowerCase().split(/\W+/).filter(Boolean);
    const answer = new Set(input.answer.toLowerCase().split(/\W+/));
    const similarity = reference.length ? reference.filter((w) => answer.has(w)).length / reference.length : 0;
    return {
      similarity,
      keywordCoverage: similarity > 0.5 ? 1 : 0,
      matchedKeywords: [],
      missingKeywords: [],
      suggestions: input.answer === '' ? [{ code: 'no_answer', message: 'No answer was given.' }] : [],
      concepts: [],
      score: Math.round(similarity * 1000) / 10,
      grade: similarity >= 0.8 ? 'A' : 'D',
      evaluator: this.id,
      offline: true,
    };
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await tick();
}

function setup(overrides: Partial<InterviewEngineOptions> = {}) {
  const clock = new FakeClock(1_000);
  const events: SessionEvent[] = [];
  const messages: ServerEnvelope[] = [];
  const errors: unknown[] = [];
  const evaluator = new ScriptedEvaluator();
  const engine = new InterviewEngine({
    sessionId: 7,
    sessionType: 'technical',
    topic: 'operating_systems',
    questionSource: createQueueQuestionSource(QUESTIONS),
    evaluator,
    scheduler: clock,
    onEvent: (event) => events.push(event),
    onMessage: (message) => messages.push(message),
    onError: (error) => errors.push(error),
    completedAt: () => '2026-11-24T10:00:00.000Z',
    ...overrides,
  });
  const names = (): string[] => messages.map((m) => m.event);
  const of = <K extends ServerEnvelope['event']>(event: K) => messages.filter((m): m is Extract<ServerEnvelope, { event: K }> => m.event === event);
  const types = (type: SessionEvent['type']) => events.filter((e) => e.type === type);
  return { clock, events, messages, errors, evaluator, engine, names, of, types };
}

/** Speaks `text` for `ms` in the candidate's turn through VAD and final transcript events. */
function speak(s: ReturnType<typeof setup>, text: string, ms: number): void {
  s.engine.ingest({ type: 'speech_start', t: s.engine.now() });
  s.clock.advance(ms);
  s.engine.ingest({ type: 'transcript_partial', t: s.engine.now(), text });
  s.engine.ingest({ type: 'speech_end', t: s.engine.now() });
  s.engine.ingest({ type: 'transcript_final', t: s.engine.now(), text });
}

async function code(promise: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return InterviewKitError.isInstance(error) ? error.code : 'untyped';
  }
  return undefined;
}

describe('InterviewEngine: a full interview', () => {
  it('asks, listens, evaluates and completes with the log agreeing with the metrics', async () => {
    const s = setup();
    await s.engine.start();
    expect(s.engine.state).toBe('asking');
    expect(s.of('question')[0]?.data).toMatchObject({ session_id: 7, index: 0, total: 2, question: { id: 'q1', text: 'What is a deadlock?' } });
    // The reference answer never reaches the client.
    expect(JSON.stringify(s.of('question'))).not.toContain('circular wait');

    s.clock.advance(3000);
    s.engine.interviewerDone(0);
    s.clock.advance(1500);
    speak(s, 'A deadlock is a circular wait', 4000);
    s.clock.advance(500);
    await s.engine.submit();
    await settle();

    expect(s.of('answer_complete')[0]?.data).toMatchObject({ index: 0, reason: 'manual', text: 'A deadlock is a circular wait' });
    expect(s.of('answer_evaluated')[0]?.data).toMatchObject({ index: 0, evaluated: true, similarity: 1, grade: 'A' });
    expect(s.of('metrics').length).toBeGreaterThan(0);
    expect(s.engine.state).toBe('asking');
    expect(s.of('question')[1]?.data.index).toBe(1);

    s.engine.interviewerDone(1);
    await s.engine.answerText('A mutex is a lock');
    await settle();
    expect(s.engine.state).toBe('finished');
    const complete = s.of('interview_complete')[0]!.data;
    expect(complete).toMatchObject({ session_id: 7, status: 'completed', reason: 'completed', analysis_valid: true });
    expect(complete.metrics.questions_answered).toBe(2);
    expect(complete.metrics.avg_response_latency).toBe(1.5);
    expect(complete.metrics.speaking_time).toBe(4);
    expect(complete.score).toBeCloseTo(((1 + 5 / 8) / 2) * 100, 1);
    // The log is the spine: replaying it gives exactly the metrics the engine reported.
    expect(replay(s.events)).toEqual(complete.metrics);
    expect(s.errors).toEqual([]);
  });

  it('sends the answer assembled from every final segment plus the pending partial', async () => {
    const s = setup();
    await s.engine.start();
    s.engine.interviewerDone();
    speak(s, 'first part', 1000);
    s.engine.ingest({ type: 'transcript_partial', t: s.engine.now(), text: 'and then' });
    await s.engine.submit();
    expect(s.of('answer_complete')[0]?.data.text).toBe('first part and then');
  });
});

describe('InterviewEngine: idempotent transitions', () => {
  it('ignores a double submit', async () => {
    const s = setup();
    await s.engine.start();
    s.engine.interviewerDone(0);
    speak(s, 'a circular wait', 1000);
    const first = s.engine.submit();
    const second = s.engine.submit();
    await Promise.all([first, second]);
    await settle();
    expect(s.types('answer_complete')).toHaveLength(1);
    expect(s.evaluator.calls).toHaveLength(1);
  });

  it('ignores a repeated interviewer_done and a retried typed answer', async () => {
    const s = setup();
    await s.engine.start();
    s.engine.interviewerDone(0);
    s.engine.interviewerDone(0);
    expect(s.types('question_end')).toHaveLength(1);
    await s.engine.answerText('circular wait', 0);
    await s.engine.answerText('circular wait', 0);
    await settle();
    expect(s.types('answer_complete')).toHaveLength(1);
    s.engine.interviewerDone(0); // late duplicate for a finished question
    expect(s.types('question_end')).toHaveLength(1);
  });

  it('waits for an evaluation in flight when stopped, then stops once', async () => {
    const s = setup();
    let release!: () => void;
    s.evaluator.hold = new Promise<void>((resolve) => (release = resolve));
    await s.engine.start();
    s.engine.interviewerDone();
    speak(s, 'a deadlock is a circular wait', 2000);
    void s.engine.submit();
    await settle();
    expect(s.engine.state).toBe('evaluating');
    const stopped = s.engine.stop();
    const again = s.engine.stop();
    release();
    const [result, result2] = await Promise.all([stopped, again]);
    expect(result).toBe(result2);
    expect(result.reason).toBe('stopped');
    expect(s.types('answer_evaluated')).toHaveLength(1);
    expect(s.types('session_stopped')).toHaveLength(1);
    expect(s.types('question_asked')).toHaveLength(1); // no next question after the stop
    expect(result.metrics.questions_answered).toBe(1);
  });

  it('logs a transcript that arrives after its answer completed, without changing the answer', async () => {
    const s = setup();
    let release!: () => void;
    s.evaluator.hold = new Promise<void>((resolve) => (release = resolve));
    await s.engine.start();
    s.engine.interviewerDone();
    speak(s, 'a deadlock', 1000);
    void s.engine.submit();
    await settle();
    s.engine.ingest({ type: 'transcript_final', t: s.engine.now(), text: 'is a circular wait' });
    release();
    await settle();
    expect(s.of('answer_complete')[0]?.data.text).toBe('a deadlock');
    const late = s.types('transcript_final').at(-1);
    expect(late).toMatchObject({ text: 'is a circular wait', index: 0 });
    expect(s.engine.turns[0]?.answer).toBe('a deadlock');
    expect(s.engine.stats.state.totalWords).toBe(6);
    expect(s.engine.stats.questions[0]?.words).toBe(6);
  });

  it('ignores events for a finished session and refuses commands', async () => {
    const s = setup();
    await s.engine.start();
    const result = await s.engine.stop();
    const count = s.events.length;
    s.engine.ingest({ type: 'speech_start', t: s.engine.now() });
    expect(s.events.length).toBe(count);
    expect(await code(() => s.engine.submit())).toBe('SESSION_FINISHED');
    expect(await code(() => s.engine.answerText('late'))).toBe('SESSION_FINISHED');
    expect(await code(() => s.engine.interviewerDone())).toBe('SESSION_FINISHED');
    expect(await s.engine.stop()).toBe(result);
    expect(result.analysis_valid).toBe(false);
    expect(result.score).toBeNull();
    expect(result.grade).toBeNull();
  });

  it('keeps the answer unevaluated when the evaluator fails, and goes on', async () => {
    const s = setup();
    s.evaluator.failNext = new InterviewKitError('PROVIDER_UNAVAILABLE', 'embedder down');
    await s.engine.start();
    s.engine.interviewerDone();
    await s.engine.answerText('a circular wait');
    await settle();
    expect(s.of('answer_evaluated')[0]?.data).toMatchObject({ evaluated: false, similarity: null, error: { code: 'PROVIDER_UNAVAILABLE' } });
    expect(s.types('evaluation_failed')).toHaveLength(1);
    expect(s.engine.turns[0]).toMatchObject({ answer: 'a circular wait', evaluation: null, evaluationError: 'PROVIDER_UNAVAILABLE' });
    expect(s.engine.state).toBe('asking');
    s.engine.interviewerDone();
    await s.engine.answerText('A mutex is a lock for mutual exclusion');
    await settle();
    const result = s.engine.result!;
    expect(result.metrics.evaluation_failures).toBe(1);
    expect(result.metrics.questions_answered).toBe(2);
    expect(result.score).toBe(100); // average over the evaluated answers only
  });

  it('rejects submit before the candidate turn, and empty typed answers', async () => {
    const s = setup();
    expect(await code(() => s.engine.submit())).toBe('INVALID_STATE');
    await s.engine.start();
    expect(await code(() => s.engine.submit())).toBe('INVALID_STATE');
    expect(await code(() => s.engine.answerText('   '))).toBe('INVALID_ARGUMENT');
    expect(await code(() => s.engine.answerText('x', 5))).toBe('INVALID_STATE');
  });
});

describe('InterviewEngine: silence timeout and pauses', () => {
  it('completes the answer after the silence timeout and logs the wait as forced silence', async () => {
    const s = setup({ silenceTimeoutMs: 15_000 });
    await s.engine.start();
    s.engine.interviewerDone();
    s.clock.advance(2000);
    speak(s, 'a circular wait', 3000);
    s.clock.advance(14_999);
    expect(s.types('answer_complete')).toHaveLength(0);
    s.clock.advance(1);
    await settle();
    expect(s.types('answer_complete')[0]).toMatchObject({ reason: 'silence_timeout', text: 'a circular wait' });
    expect(s.types('forced_silence')).toContainEqual(expect.objectContaining({ duration: 15_000 }));
  });

  it('does not time out while the candidate speaks, and pauses do not end the answer', async () => {
    const s = setup({ silenceTimeoutMs: 15_000 });
    await s.engine.start();
    s.engine.interviewerDone();
    s.engine.ingest({ type: 'speech_start', t: s.engine.now() });
    s.clock.advance(40_000);
    expect(s.types('answer_complete')).toHaveLength(0);
    s.engine.ingest({ type: 'speech_end', t: s.engine.now() });
    s.clock.advance(10_000); // a 10 s thinking pause
    s.engine.ingest({ type: 'speech_start', t: s.engine.now() });
    s.clock.advance(1_000);
    s.engine.ingest({ type: 'speech_end', t: s.engine.now() });
    expect(s.types('answer_complete')).toHaveLength(0);
    expect(s.of('long_pause')).toHaveLength(1);
    expect(s.of('long_pause')[0]?.data).toMatchObject({ index: 0, duration: 5 });
  });

  it('never times out when the timeout is off', async () => {
    const s = setup({ silenceTimeoutMs: 0 });
    await s.engine.start();
    s.engine.interviewerDone();
    s.clock.advance(10 * 60_000);
    expect(s.types('answer_complete')).toHaveLength(0);
  });

  it('stops at the time limit', async () => {
    const s = setup({ timeLimitMs: 60_000, silenceTimeoutMs: 0 });
    await s.engine.start();
    s.engine.interviewerDone();
    speak(s, 'a circular wait', 5000);
    s.clock.advance(60_000);
    await settle();
    expect(s.engine.result?.reason).toBe('time_limit');
    expect(s.engine.result?.metrics.questions_answered).toBe(1);
  });

  it('discards an empty answer in progress on stop', async () => {
    const s = setup();
    await s.engine.start();
    s.engine.interviewerDone();
    s.clock.advance(5000);
    const result = await s.engine.stop();
    expect(s.types('answer_complete')).toHaveLength(0);
    expect(result.metrics.per_question[0]?.answered).toBe(false);
    expect(s.evaluator.calls).toHaveLength(0);
  });
});

describe('InterviewEngine: providers', () => {
  it('finishes with an error when the question source fails', async () => {
    const failing: QuestionSource = { total: null, next: () => Promise.reject(new InterviewKitError('PROVIDER_UNAVAILABLE', 'no questions')) };
    const s = setup({ questionSource: failing });
    await s.engine.start();
    await settle();
    expect(s.of('error')[0]?.data).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', event: 'question' });
    expect(s.engine.result?.reason).toBe('error');
  });

  it('waits for the final transcript on submit, bounded by the grace period', async () => {
    const s = setup({
      finalTranscriptGraceMs: 1500,
      flushTranscript: async () => {
        s.engine.ingest({ type: 'transcript_final', t: s.engine.now(), text: 'a circular wait' });
      },
    });
    await s.engine.start();
    s.engine.interviewerDone();
    s.engine.ingest({ type: 'transcript_partial', t: s.engine.now(), text: 'a circ' });
    await s.engine.submit();
    expect(s.of('answer_complete')[0]?.data.text).toBe('a circular wait');
    expect(s.types('stage_latency').map((e) => (e.type === 'stage_latency' ? e.stage : ''))).toContain('stt_final');
  });

  it('announces a provider fallback and marks later transcripts as mock', async () => {
    const s = setup();
    await s.engine.start();
    s.engine.interviewerDone();
    s.engine.ingest({ type: 'provider_fallback', t: s.engine.now(), provider: 'transcriber', from: 'assemblyai', to: 'mock', code: 'PROVIDER_UNAVAILABLE' });
    s.engine.ingest({ type: 'transcript_partial', t: s.engine.now(), text: 'hello' });
    expect(s.of('provider_fallback')[0]?.data).toMatchObject({ from: 'assemblyai', to: 'mock' });
    expect(s.of('transcription')[0]?.data.mock).toBe(true);
  });

  it('keeps speech boundaries at their audio time: a transcript behind them never re-stamps the next boundary', async () => {
    const s = setup();
    await s.engine.start();
    s.engine.interviewerDone();
    s.clock.advance(3000);
    // The pipeline's events lag the session clock (VAD hangover, network); partials carry older times.
    s.engine.advanceAudio(2000);
    s.engine.ingest({ type: 'speech_start', t: 2100 });
    s.engine.ingest({ type: 'transcript_partial', t: 2050, text: 'a dead' });
    s.engine.advanceAudio(2500);
    s.engine.ingest({ type: 'speech_end', t: 2600 });
    s.clock.advance(1000);
    s.engine.advanceAudio(3400);
    s.engine.ingest({ type: 'speech_start', t: 3500 });
    s.engine.ingest({ type: 'speech_end', t: 3900 });
    await s.engine.stop();
    expect(s.types('speech_start').map((e) => e.t)).toEqual([2100, 3500]);
    expect(s.types('speech_end').map((e) => e.t)).toEqual([2600, 3900]);
    expect(s.engine.lateBoundaries).toBe(0);
    const times = s.events.map((e) => e.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('holds its own events until the audio clock has passed them, and places question_end at the mapped client time', async () => {
    const s = setup();
    await s.engine.start();
    s.engine.advanceAudio(0); // audio flows from here
    s.clock.advance(2000);
    s.engine.interviewerDone(0, 1500); // the client says the question ended at 1500 (its clock, mapped)
    expect(s.types('question_end')).toEqual([]); // the audio has not reached 1500 yet
    s.engine.ingest({ type: 'speech_start', t: 1400 }); // the candidate started a little early
    s.engine.advanceAudio(1450);
    expect(s.types('question_end')).toEqual([]);
    s.engine.advanceAudio(1800);
    expect(s.events.map((e) => e.type).slice(-2)).toEqual(['speech_start', 'question_end']);
    expect(s.types('question_end')[0]!.t).toBe(1500);
    // Without audio progress, events still leave after the reorder window.
    s.engine.ingest({ type: 'speech_end', t: 2600 });
    expect(s.types('speech_end')).toEqual([]);
    s.clock.advance(4000);
    expect(s.types('speech_end').map((e) => e.t)).toEqual([2600]);
    await s.engine.submit();
    await s.engine.stop();
    expect(s.engine.stats.questions[0]!.latencyMs).toBe(0); // speech open at question_end: latency 0
  });

  it('sends transcripts to the candidate on arrival while their log entries wait for the audio clock', async () => {
    const s = setup();
    await s.engine.start();
    s.engine.interviewerDone();
    s.engine.advanceAudio(0); // the pipeline cannot place a boundary yet (a stream opening on speech)
    s.clock.advance(2000);
    s.engine.ingest({ type: 'transcript_partial', t: 1900, text: 'a dead' });
    s.engine.ingest({ type: 'transcript_final', t: 1950, text: 'a deadlock' });
    expect(s.of('transcription').map((m) => m.data.text)).toEqual(['a dead']);
    expect(s.of('final_transcription').map((m) => m.data.answer)).toEqual(['a deadlock']);
    expect(s.types('transcript_partial')).toEqual([]); // not logged ahead of a boundary still to come
    s.engine.ingest({ type: 'speech_start', t: 300 }); // the opening, placed late by the pipeline
    s.engine.advanceAudio(2000);
    expect(s.events.map((e) => e.type).slice(-3)).toEqual(['speech_start', 'transcript_partial', 'transcript_final']);
    expect(s.types('transcript_final')[0]).toMatchObject({ t: 1950, index: 0, text: 'a deadlock' });
    await s.engine.submit();
    expect(s.of('answer_complete')[0]?.data.text).toBe('a deadlock');
    await s.engine.stop();
    expect(s.engine.lateBoundaries).toBe(0);
  });

  it('counts a boundary that arrives behind the log (audio later than the reorder window)', async () => {
    const s = setup({ reorderWindowMs: 500 });
    await s.engine.start();
    s.engine.interviewerDone();
    s.engine.advanceAudio(0);
    s.clock.advance(5000);
    s.engine.ingest({ type: 'transcript_partial', t: 4900, text: 'x' });
    s.clock.advance(1000); // released by the window
    s.engine.ingest({ type: 'speech_start', t: 100 });
    expect(s.engine.lateBoundaries).toBe(1);
    const times = s.events.map((e) => e.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('clamps audio-clock times so the log never goes backwards', async () => {
    const s = setup();
    await s.engine.start();
    s.engine.interviewerDone();
    s.clock.advance(1000);
    s.engine.ingest({ type: 'speech_start', t: 10 }); // behind the engine's clock
    const times = s.events.map((e) => e.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});
