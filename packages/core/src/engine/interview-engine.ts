import { type Scheduler, systemScheduler, type TimerHandle } from '../clock/clock';
import { errorBody, InterviewKitError } from '../errors/interviewkit-error';
import { type AnswerEvaluation, AnswerEvaluationSchema } from '../evaluation/evaluator';
import { gradeForScore, sessionScore } from '../evaluation';
import type { AnswerCompleteReason, SessionEvent, TimedWord } from '../events/session-event';
import { type MetricsConfig, resolveMetricsConfig } from '../metrics/metrics-config';
import { computeResearchMetrics, liveSnapshot } from '../metrics/research-metrics';
import { RunningStatistics } from '../metrics/running-statistics';
import type { MasteryUpdate, PublicQuestion, ServerEventData, ServerEventName } from '../protocol/ws-protocol';
import type { Question } from '../session/question';
import type { SessionSummary } from '../summary/session-summary-schema';
import { AnswerTranscript } from './answer-transcript';
import { TimelineQueue } from './timeline-queue';
import type { EngineState, EngineStopReason, EngineTurn, InterviewEngineOptions, InterviewResult } from './engine-options';

/** Events a host may feed into the engine: what the audio pipeline and providers produce. */
export type IngestableEvent = Extract<
  SessionEvent,
  { type: 'speech_start' | 'speech_end' | 'transcript_partial' | 'transcript_final' | 'pitch_summary' | 'provider_fallback' | 'stage_latency' }
>;

const INGESTABLE = new Set<string>([
  'speech_start',
  'speech_end',
  'transcript_partial',
  'transcript_final',
  'pitch_summary',
  'provider_fallback',
  'stage_latency',
]);

/** Keys of `Question.extra` that are answers, not material for the candidate (a SQL question's reference query). */
export const PRIVATE_QUESTION_EXTRA_KEYS: readonly string[] = ['solutionSql'];

/** What the candidate sees of a question: never the reference answer, the keywords or a private `extra` key. */
export function toPublicQuestion(question: Question): PublicQuestion {
  const extra = question.extra ? Object.fromEntries(Object.entries(question.extra).filter(([key]) => !PRIVATE_QUESTION_EXTRA_KEYS.includes(key))) : undefined;
  return {
    id: question.id,
    text: question.text,
    ...(question.topic ? { topic: question.topic } : {}),
    ...(question.subtopic ? { subtopic: question.subtopic } : {}),
    difficulty: question.difficulty,
    ...(question.kind ? { kind: question.kind } : {}),
    ...(question.hint ? { hint: question.hint } : {}),
    ...(extra ? { extra } : {}),
  };
}

/** The wire body of a failure: core's {@link errorBody} without `details` (clients get code and message). */
function wireError(error: unknown): { code: string; message: string } {
  const { code, message } = errorBody(error);
  return { code, message };
}

/**
 * The state machine of one live interview (DESIGN.md, "Live interview flow"):
 * question → interviewer done → candidate answers (speech or text) → answer complete →
 * evaluation → next question … → interview complete.
 *
 * It owns no I/O: the host feeds it commands (`start`, `interviewerDone`, `submit`, `answerText`,
 * `stop`) and audio-derived events (`ingest`), and receives the session event log (`onEvent`) and
 * the client messages (`onMessage`). Time comes from an injected scheduler.
 *
 * Answers complete by manual submit, a typed answer, or the silence timeout (counted from the last
 * speech; its wait is logged as forced silence). A pause alone never ends an answer, and the
 * provider's end-of-turn only closes a transcript segment.
 *
 * Every transition is idempotent: a second submit, a repeated `interviewer_done` or a retried
 * typed answer change nothing; a transcript arriving after its answer completed is logged against
 * that answer but does not change the evaluated text; commands after the end raise
 * `SESSION_FINISHED`; an evaluator failure keeps the answer unevaluated and the interview goes on.
 *
 * **One timeline.** Every event of the log is in session time (ms since the engine was created).
 * Speech boundaries (`speech_start`, `speech_end`) keep the audio-clock time the pipeline gave
 * them — they are never re-stamped. The engine's own events take the session clock (`now()`), or,
 * for `question_end`, the time the host maps from the client (`interviewerDone(index, at)`). The
 * log is kept in time order by *ordering*: while a question is open and audio is flowing
 * (`advanceAudio` has been called), events wait in a small queue until the audio watermark — the
 * time before which the pipeline can emit no more boundaries — or the session clock minus
 * `reorderWindowMs` has passed them, and are released in time order. Only events that are not
 * boundaries (transcripts, pitch, fallbacks, stage latencies, the engine's own) are ever placed
 * later than their time, at the last logged time; a boundary that arrives behind the log (audio
 * more than `reorderWindowMs` late, or between answers) is logged at the last logged time and
 * counted in {@link InterviewEngine.lateBoundaries}.
 */
export class InterviewEngine {
  /** The incremental statistics of this session (the fold of its log). */
  readonly stats: RunningStatistics;
  private readonly options: InterviewEngineOptions;
  private readonly scheduler: Scheduler;
  private readonly origin: number;
  private readonly metricsConfig: MetricsConfig;
  private readonly silenceTimeoutMs: number;

  private currentState: EngineState = 'created';
  /** Time of the last logged event. */
  private lastT = 0;
  private readonly queue = new TimelineQueue();
  private readonly reorderWindowMs: number;
  /** The pipeline's watermark (no boundary earlier than this is still to come), or null before any audio. */
  private audioWatermark: number | null = null;
  /** Session-clock time of the pipeline's last report: audio is flowing while it is recent. */
  private lastAudioReport = 0;
  /** Whether events wait for the audio clock: from a question until its answer's audio is drained. */
  private holdForAudio = false;
  private releaseTimer: TimerHandle | null = null;
  private releasing = false;
  private lateCount = 0;
  /** Time of the current question's `question_asked`. */
  private askedT = 0;
  private questionsAsked = 0;
  private current: { index: number; question: Question } | null = null;
  private readonly transcript = new AnswerTranscript();
  private readonly finished: EngineTurn[] = [];
  private lastAnswerCompleteT = 0;
  private mock: boolean;

  private flow: Promise<void> | null = null;
  private stopRequested: EngineStopReason | null = null;
  private finalizing: Promise<InterviewResult> | null = null;
  private resultValue: InterviewResult | null = null;

  private silenceTimer: TimerHandle | null = null;
  private longPauseTimer: TimerHandle | null = null;
  private timeLimitTimer: TimerHandle | null = null;
  private speaking = false;
  private readonly abort = new AbortController();

  constructor(options: InterviewEngineOptions) {
    this.options = options;
    this.scheduler = options.scheduler ?? systemScheduler;
    this.origin = this.scheduler.now();
    this.metricsConfig = resolveMetricsConfig(options.metricsConfig);
    this.stats = new RunningStatistics({ config: this.metricsConfig, clock: { now: () => this.now() } });
    const silence = options.silenceTimeoutMs ?? 15_000;
    if (!(silence === 0 || (Number.isFinite(silence) && silence > 0))) {
      throw new InterviewKitError('INVALID_ARGUMENT', `silenceTimeoutMs must be 0 (off) or a positive number of ms (got ${silence})`);
    }
    this.silenceTimeoutMs = options.textOnly ? 0 : silence;
    this.mock = options.mockTranscripts ?? false;
    const window = options.reorderWindowMs ?? 3000;
    if (!(Number.isFinite(window) && window >= 0))
      throw new InterviewKitError('INVALID_ARGUMENT', `reorderWindowMs must be a non-negative number of ms (got ${window})`);
    this.reorderWindowMs = window;
  }

  /** Speech boundaries that arrived behind the log and were logged at the last logged time (should stay 0). */
  get lateBoundaries(): number {
    return this.lateCount;
  }

  /**
   * The audio pipeline's watermark: it will ingest no speech boundary earlier than session time
   * `t`. Held events up to `t` are released, in time order. The pipeline reports after every
   * frame (also without progress: audio is flowing). The first call switches on holding for audio
   * (a host without audio never calls it, and events are logged at once).
   */
  advanceAudio(t: number): void {
    if (!Number.isFinite(t)) return;
    if (this.audioWatermark === null || t > this.audioWatermark) this.audioWatermark = t;
    this.lastAudioReport = this.wallT();
    this.release();
  }

  /** The engine's state. */
  get state(): EngineState {
    return this.currentState;
  }

  /** Index of the question being asked or answered, or null. */
  get currentIndex(): number | null {
    return this.current?.index ?? null;
  }

  /** The question being asked or answered, or null. */
  get currentQuestion(): Question | null {
    return this.current?.question ?? null;
  }

  /** Every finished turn so far. */
  get turns(): readonly EngineTurn[] {
    return this.finished;
  }

  /** The result once the interview has finished, else null. */
  get result(): InterviewResult | null {
    return this.resultValue;
  }

  /** Session time in ms (monotonic, never before the last logged event). */
  now(): number {
    const t = this.wallT();
    return t > this.lastT ? t : this.lastT;
  }

  private wallT(): number {
    return this.scheduler.now() - this.origin;
  }

  // ------------------------------------------------------------------ commands

  /** Starts the interview: logs `session_started` and asks the first question. */
  async start(): Promise<void> {
    if (this.currentState !== 'created') throw new InterviewKitError('INVALID_STATE', 'The interview has already started');
    this.log({ type: 'session_started', t: this.now(), session_type: this.options.sessionType, ...(this.options.topic ? { topic: this.options.topic } : {}) });
    if (this.options.timeLimitMs !== undefined && this.options.timeLimitMs > 0) {
      this.timeLimitTimer = this.scheduler.setTimeout(() => {
        this.timeLimitTimer = null;
        void this.stop('time_limit').catch((error: unknown) => this.reportError(error));
      }, this.options.timeLimitMs);
    }
    this.currentState = 'preparing';
    this.flow = this.askNext();
    await this.flow;
  }

  /**
   * The client finished playing or showing the question; the candidate's turn begins.
   * `at`: when, in session time (the host maps the client's timestamp onto the audio clock);
   * default now. It is never placed before the question was asked.
   */
  interviewerDone(index?: number, at?: number): void {
    this.assertNotFinished();
    const current = this.current;
    if (current === null || (index !== undefined && index !== current.index)) {
      if (index !== undefined && this.isPastIndex(index)) return; // a late duplicate
      throw new InterviewKitError('INVALID_STATE', `No question ${index ?? ''} is being asked`.replace('  ', ' '));
    }
    if (this.currentState !== 'asking') return; // already the candidate's turn: idempotent
    this.beginTurn(at !== undefined && Number.isFinite(at) ? at : undefined);
  }

  /** Manual submit ("I'm done"): completes the current answer. Idempotent. */
  submit(): Promise<void> {
    this.assertNotFinished();
    switch (this.currentState) {
      case 'answering':
        return this.completeAnswer('manual');
      case 'finishing':
      case 'evaluating':
      case 'preparing':
        return this.flow ?? Promise.resolve();
      case 'asking':
        if (this.transcript.text() !== '') {
          this.beginTurn();
          return this.completeAnswer('manual');
        }
        throw new InterviewKitError('INVALID_STATE', 'No answer in progress: the question is still being asked');
      default:
        throw new InterviewKitError('INVALID_STATE', 'The interview has not started');
    }
  }

  /**
   * A typed answer to the current question (also allowed while the question is still being
   * asked). A retry for an answer already completed is ignored.
   */
  answerText(text: string, index?: number): Promise<void> {
    this.assertNotFinished();
    const trimmed = text.trim();
    if (trimmed === '') throw new InterviewKitError('INVALID_ARGUMENT', 'A typed answer cannot be empty');
    if (index !== undefined && this.isPastIndex(index)) return this.flow ?? Promise.resolve();
    if (this.current === null || (index !== undefined && index !== this.current.index)) {
      throw new InterviewKitError('INVALID_STATE', `Question ${index ?? ''} is not open for answers`.replace('  ', ' '));
    }
    switch (this.currentState) {
      case 'asking':
        this.beginTurn();
        return this.completeAnswer('text', trimmed);
      case 'answering':
        return this.completeAnswer('text', trimmed);
      case 'finishing':
      case 'evaluating':
        return this.flow ?? Promise.resolve();
      default:
        throw new InterviewKitError('INVALID_STATE', 'No question is open for answers');
    }
  }

  /**
   * Feeds an audio-derived event (VAD speech start/end, transcripts, pitch, provider fallbacks,
   * stage latencies) in session time. It takes its place on the timeline (see the class notes):
   * speech boundaries keep their time; other events are placed no earlier than the last logged
   * one. Ignored after the end.
   */
  ingest(event: IngestableEvent): void {
    if (this.currentState === 'finished' || this.finalizing !== null) return;
    if (!INGESTABLE.has(event.type)) {
      throw new InterviewKitError('INVALID_ARGUMENT', `Event type ${event.type} cannot be ingested; it is produced by the engine`);
    }
    if (!Number.isFinite(event.t)) throw new InterviewKitError('INVALID_ARGUMENT', `Event time must be a finite number of ms (got ${event.t})`);
    const boundary = event.type === 'speech_start' || event.type === 'speech_end';
    const logged = this.accept(event);
    if (logged === null) return;
    this.queue.push({ event, boundary, release: (placed) => logged(placed as IngestableEvent) });
    this.release();
  }

  /**
   * What an ingested event does on arrival, and what waits for its place on the timeline. The
   * candidate sees transcripts and fallbacks at once — the timeline may hold events for seconds
   * while the pipeline cannot yet place a boundary (a stream that opens on speech) — and only their
   * log entries wait. Returns what to do when the event is released, or null when nothing is logged.
   */
  private accept(event: IngestableEvent): ((placed: IngestableEvent) => void) | null {
    switch (event.type) {
      case 'transcript_partial':
        return this.acceptPartial(event.text);
      case 'transcript_final':
        return this.acceptFinal(event.text, event.words);
      case 'provider_fallback':
        if (event.provider === 'transcriber') this.mock = true;
        this.send('provider_fallback', {
          session_id: this.options.sessionId,
          provider: event.provider,
          from: event.from,
          to: event.to,
          code: event.code,
          message: `${event.provider} ${event.from} failed (${event.code}); continuing with ${event.to}`,
        });
        return (placed) => this.applyIngested(placed);
      default:
        return (placed) => this.applyIngested(placed);
    }
  }

  private applyIngested(event: IngestableEvent): void {
    if (this.currentState === 'finished') return;
    const t = event.t;
    switch (event.type) {
      case 'speech_start':
        this.speaking = true;
        this.clearSilenceTimers();
        this.write({ type: 'speech_start', t });
        break;
      case 'speech_end':
        this.speaking = false;
        this.write({ type: 'speech_end', t });
        if (this.currentState === 'answering') {
          this.armSilenceTimers();
          this.sendMetrics();
        }
        break;
      case 'transcript_partial':
      case 'transcript_final':
        break; // accepted on arrival (acceptPartial, acceptFinal)
      case 'pitch_summary':
      case 'provider_fallback':
      case 'stage_latency':
        this.write({ ...event, t });
        break;
    }
  }

  /**
   * Ends the interview at any time. An answer in progress with any text is completed and
   * evaluated; an evaluation in flight is awaited (bounded by its timeout). Idempotent: every
   * call returns the same result.
   */
  stop(reason: EngineStopReason = 'stopped'): Promise<InterviewResult> {
    if (this.finalizing !== null) return this.finalizing;
    if (this.currentState === 'created') throw new InterviewKitError('INVALID_STATE', 'The interview has not started');
    this.stopRequested = reason;
    this.clearSilenceTimers();
    this.finalizing = (async () => {
      if ((this.currentState === 'answering' || this.currentState === 'asking') && this.transcript.text() !== '') {
        if (this.currentState === 'asking') this.beginTurn();
        void this.completeAnswer('stopped');
      }
      if (this.flow !== null) await this.flow.catch((error: unknown) => this.reportError(error));
      return this.finalize(reason);
    })();
    return this.finalizing;
  }

  // ------------------------------------------------------------------ flow

  private async askNext(): Promise<void> {
    if (this.stopRequested !== null) return;
    this.currentState = 'preparing';
    const index = this.questionsAsked;
    const started = this.scheduler.now();
    let next;
    try {
      next = await this.withTimeout(
        this.options.questionSource.next({ index, elapsedMs: this.now(), history: this.finished, abortSignal: this.abort.signal }),
        this.options.questionTimeoutMs ?? 30_000,
        'The next question',
      );
    } catch (error) {
      this.reportError(error);
      this.send('error', { ...wireError(error), event: 'question' });
      if (this.stopRequested === null) this.finalizing = this.finalize('error');
      return;
    }
    this.logLatency('question', started);
    if (this.stopRequested !== null) return;
    if (next === null) {
      this.finalizing = this.finalize('completed');
      return;
    }
    let audioUrl: string | undefined;
    if (this.options.prepareQuestion) {
      const ttsStarted = this.scheduler.now();
      try {
        audioUrl = (await this.options.prepareQuestion(next.question, index)).audioUrl;
      } catch (error) {
        this.reportError(error); // no audio: the question is shown as text
      }
      this.logLatency('tts', ttsStarted);
      if (this.stopRequested !== null) return;
    }
    const t = this.now();
    // The wait for evaluation and the next question is the system's, not the candidate's silence.
    if (t > this.lastAnswerCompleteT) this.log({ type: 'forced_silence', t, duration: t - this.lastAnswerCompleteT });
    this.questionsAsked++;
    this.current = { index, question: next.question };
    this.transcript.reset();
    this.speaking = false;
    this.askedT = this.now();
    this.log({ type: 'question_asked', t: this.askedT, index, question: next.question.text, question_id: next.question.id });
    // From here until the answer's audio is drained, events wait for the audio clock.
    this.holdForAudio = true;
    this.currentState = 'asking';
    this.send('question', {
      session_id: this.options.sessionId,
      index,
      total: this.options.questionSource.total,
      question: toPublicQuestion(next.question),
      ...(audioUrl ? { audio_url: audioUrl } : {}),
      ...(next.note ? { note: next.note } : {}),
      ...(next.adaptation ? { adaptation: next.adaptation } : {}),
    });
  }

  private beginTurn(at?: number): void {
    const current = this.current!;
    // Mapped from the client's clock: never before the question was asked.
    this.log({ type: 'question_end', t: at === undefined ? this.now() : Math.max(at, this.askedT), index: current.index });
    this.currentState = 'answering';
    if (!this.speaking) this.armSilenceTimers();
  }

  private completeAnswer(reason: AnswerCompleteReason, typedText?: string): Promise<void> {
    const current = this.current!;
    this.currentState = 'finishing';
    this.clearSilenceTimers();
    this.flow = (async () => {
      if (typedText === undefined && this.options.flushTranscript) {
        const started = this.scheduler.now();
        try {
          await this.withTimeout(this.options.flushTranscript(current.index), this.options.finalTranscriptGraceMs ?? 1500, 'The final transcript');
        } catch (error) {
          if (!InterviewKitError.isInstance(error) || error.code !== 'TIMEOUT') this.reportError(error);
        }
        this.logLatency('stt_final', started);
      }
      // The answer's audio is drained: every boundary of it has been ingested. Log what waits.
      this.holdForAudio = false;
      this.release(true);
      const text = typedText ?? this.transcript.text();
      const t = this.now();
      this.log({ type: 'answer_complete', t, index: current.index, reason, text });
      this.lastAnswerCompleteT = t;
      this.send('answer_complete', { session_id: this.options.sessionId, index: current.index, reason, text });
      const turn: EngineTurn = {
        index: current.index,
        question: current.question,
        answer: text,
        reason,
        evaluation: null,
        evaluationError: null,
        masteryUpdates: [],
      };
      this.finished.push(turn);
      this.currentState = 'evaluating';
      await this.evaluate(turn);
      this.sendMetrics();
      this.lastAnswerCompleteT = Math.min(this.lastAnswerCompleteT, this.now());
      await this.askNext();
    })();
    return this.flow;
  }

  private async evaluate(turn: EngineTurn): Promise<void> {
    const q = this.stats.questions[turn.index];
    const spoken = q !== undefined && q.speakingMs > 0;
    const started = this.scheduler.now();
    let evaluation: AnswerEvaluation;
    try {
      const raw = await this.withTimeout(
        this.options.evaluator.evaluate({
          question: turn.question,
          answer: turn.answer,
          ...(spoken ? { speech: { words: q.words, speakingMs: q.speakingMs, fillerCount: q.fillers, longPauseCount: q.longPauseCount } } : {}),
          abortSignal: this.abort.signal,
        }),
        this.options.evaluationTimeoutMs ?? 20_000,
        'Evaluation',
      );
      const parsed = AnswerEvaluationSchema.safeParse(raw);
      if (!parsed.success)
        throw new InterviewKitError('PROVIDER_ERROR', `Evaluator ${this.options.evaluator.id} returned an invalid evaluation`, { cause: parsed.error });
      evaluation = parsed.data;
    } catch (error) {
      this.logLatency('evaluation', started);
      const body = wireError(error);
      this.reportError(error);
      turn.evaluationError = body.code;
      this.log({ type: 'evaluation_failed', t: this.now(), index: turn.index, code: body.code, message: body.message.slice(0, 500) });
      this.send('answer_evaluated', {
        session_id: this.options.sessionId,
        index: turn.index,
        evaluated: false,
        similarity: null,
        keyword_coverage: null,
        score: null,
        grade: null,
        matched_keywords: [],
        missing_keywords: [],
        suggestions: [],
        mastery_updates: [],
        error: body,
      });
      return;
    }
    this.logLatency('evaluation', started);
    turn.evaluation = evaluation;
    this.log({
      type: 'answer_evaluated',
      t: this.now(),
      index: turn.index,
      similarity: evaluation.similarity,
      keyword_coverage: evaluation.keywordCoverage,
      matched_keywords: evaluation.matchedKeywords.slice(0, 100),
      missing_keywords: evaluation.missingKeywords.slice(0, 100),
      suggestions: evaluation.suggestions.slice(0, 20).map((s) => s.message.slice(0, 500)),
      concepts_mentioned: evaluation.concepts
        .filter((c) => c.mentioned)
        .map((c) => c.concept)
        .slice(0, 50),
      concepts_missed: evaluation.concepts
        .filter((c) => !c.mentioned)
        .map((c) => c.concept)
        .slice(0, 50),
      evaluator: evaluation.evaluator,
    });
    let updates: MasteryUpdate[] = [];
    if (this.options.observeMastery) {
      try {
        updates = this.options.observeMastery(turn.question, evaluation);
      } catch (error) {
        this.reportError(error);
      }
    }
    turn.masteryUpdates = updates;
    this.send('answer_evaluated', {
      session_id: this.options.sessionId,
      index: turn.index,
      evaluated: true,
      similarity: evaluation.similarity,
      keyword_coverage: evaluation.keywordCoverage,
      score: evaluation.score,
      grade: evaluation.grade,
      matched_keywords: evaluation.matchedKeywords,
      missing_keywords: evaluation.missingKeywords,
      suggestions: evaluation.suggestions,
      mastery_updates: updates,
    });
  }

  private async finalize(reason: EngineStopReason): Promise<InterviewResult> {
    if (this.resultValue !== null) return this.resultValue;
    this.clearSilenceTimers();
    if (this.timeLimitTimer !== null) {
      this.scheduler.clearTimeout(this.timeLimitTimer);
      this.timeLimitTimer = null;
    }
    this.holdForAudio = false;
    this.release(true);
    this.log({ type: 'session_stopped', t: this.now(), reason });
    this.release(true);
    this.currentState = 'finished';
    this.current = null;
    const metrics = computeResearchMetrics(this.stats);
    const similarities = this.finished.flatMap((turn) => (turn.evaluation ? [turn.evaluation.similarity] : []));
    const score = metrics.analysis_valid && similarities.length > 0 ? sessionScore(similarities) : null;
    let summary: SessionSummary | null = null;
    if (this.options.summarize) {
      try {
        summary = (await this.options.summarize({ turns: this.finished, metrics })) ?? null;
      } catch (error) {
        this.reportError(error);
      }
    }
    this.abort.abort();
    const result: InterviewResult = {
      session_id: this.options.sessionId,
      status: reason === 'completed' ? 'completed' : 'stopped',
      reason,
      score,
      grade: score === null ? null : gradeForScore(score),
      duration: Math.floor(metrics.session_duration),
      completed_at: this.options.completedAt?.() ?? new Date().toISOString(),
      analysis_valid: metrics.analysis_valid,
      metrics,
      summary,
      turns: this.finished,
    };
    this.resultValue = result;
    const { turns: _turns, ...message } = result;
    this.send('interview_complete', message);
    return result;
  }

  // ------------------------------------------------------------------ transcripts

  /** The question whose answer a transcript arriving now belongs to, or null between answers. */
  private openQuestion(): { index: number; question: Question } | null {
    const open = this.currentState === 'asking' || this.currentState === 'answering' || this.currentState === 'finishing';
    return open ? this.current : null;
  }

  /** A partial counts for the answer and reaches the candidate on arrival; its log entry waits. */
  private acceptPartial(text: string): ((placed: IngestableEvent) => void) | null {
    const current = this.openQuestion();
    if (current === null) return null; // partials between answers carry nothing worth keeping
    const index = current.index;
    this.transcript.setPartial(text);
    this.send('transcription', { session_id: this.options.sessionId, index, text, mock: this.mock });
    return (placed) => {
      if (this.currentState === 'finished') return;
      this.write({ type: 'transcript_partial', t: placed.t, text, index });
      this.rearmAfterTranscript();
    };
  }

  /** A final counts for the answer and reaches the candidate on arrival; its log entry waits. */
  private acceptFinal(text: string, words: TimedWord[] | undefined): ((placed: IngestableEvent) => void) | null {
    const current = this.openQuestion();
    const withWords = words ? { words } : {};
    if (current === null) {
      // A final for an answer that already completed: logged against it (the words were spoken,
      // so they count in the metrics) but the evaluated answer text does not change.
      const last = this.finished[this.finished.length - 1];
      if (last === undefined) return null;
      return (placed) => {
        if (this.currentState !== 'finished') this.write({ type: 'transcript_final', t: placed.t, text, index: last.index, ...withWords });
      };
    }
    const index = current.index;
    this.transcript.addFinal(text);
    this.send('final_transcription', { session_id: this.options.sessionId, index, text, answer: this.transcript.finalText, ...withWords, mock: this.mock });
    return (placed) => {
      if (this.currentState === 'finished') return;
      this.write({ type: 'transcript_final', t: placed.t, text, index, ...withWords });
      this.rearmAfterTranscript();
    };
  }

  /** Words during a pause restart the silence timers (the answer is still coming). */
  private rearmAfterTranscript(): void {
    if (this.currentState === 'answering' && !this.speaking) this.armSilenceTimers();
  }

  // ------------------------------------------------------------------ timers

  private armSilenceTimers(): void {
    this.clearSilenceTimers();
    if (this.currentState !== 'answering') return;
    const index = this.current!.index;
    if (this.silenceTimeoutMs > 0) {
      const timeout = this.silenceTimeoutMs;
      this.silenceTimer = this.scheduler.setTimeout(() => {
        this.silenceTimer = null;
        if (this.currentState !== 'answering' || this.current?.index !== index) return;
        // The silence-timeout wait is the system's, not the candidate's, silence.
        this.log({ type: 'forced_silence', t: this.now(), duration: timeout });
        void this.completeAnswer('silence_timeout').catch((error: unknown) => this.reportError(error));
      }, timeout);
    }
    // Notice a long pause only once the candidate has started to speak in this turn.
    const q = this.stats.questions[index];
    const threshold = this.metricsConfig.longPauseThresholdMs;
    if (q !== undefined && q.latencyMs >= 0 && threshold > 0 && (this.silenceTimeoutMs === 0 || threshold < this.silenceTimeoutMs)) {
      this.longPauseTimer = this.scheduler.setTimeout(() => {
        this.longPauseTimer = null;
        if (this.currentState !== 'answering' || this.current?.index !== index) return;
        this.send('long_pause', { session_id: this.options.sessionId, index, duration: Math.round(threshold / 100) / 10 });
      }, threshold);
    }
  }

  private clearSilenceTimers(): void {
    if (this.silenceTimer !== null) this.scheduler.clearTimeout(this.silenceTimer);
    if (this.longPauseTimer !== null) this.scheduler.clearTimeout(this.longPauseTimer);
    this.silenceTimer = null;
    this.longPauseTimer = null;
  }

  // ------------------------------------------------------------------ helpers

  private isPastIndex(index: number): boolean {
    return this.finished.some((turn) => turn.index === index);
  }

  private assertNotFinished(): void {
    if (this.currentState === 'finished' || this.finalizing !== null) {
      throw new InterviewKitError('SESSION_FINISHED', 'The interview has ended');
    }
  }

  /** Puts one of the engine's own events on the timeline (it waits in the queue while audio may still come before it). */
  private log(event: SessionEvent): void {
    this.queue.push({ event, boundary: false, release: (placed) => this.write(placed) });
    this.release();
  }

  /**
   * Releases the queued events the timeline has passed, in time order: all of them when `force`
   * or when nothing holds for audio; else those at or before the audio watermark or older than
   * `reorderWindowMs` on the session clock (a timer releases those later).
   */
  private release(force = false): void {
    if (this.releasing) return; // a release callback queued more: the running loop takes it
    this.releasing = true;
    try {
      for (;;) {
        const watermark = force || !this.holding() ? Infinity : this.holdWatermark();
        const item = this.queue.shiftUpTo(watermark);
        if (item === undefined) break;
        let event = item.event;
        if (event.t < this.lastT) {
          if (item.boundary) this.lateCount++;
          event = { ...event, t: this.lastT };
        }
        try {
          item.release(event);
        } catch (error) {
          this.reportError(error);
        }
      }
    } finally {
      this.releasing = false;
    }
    this.armReleaseTimer();
  }

  /**
   * While the pipeline reports (audio is flowing, possibly held while it tells jitter from a
   * pause), its watermark alone; once it has been silent for `reorderWindowMs`, also everything
   * older than that on the session clock.
   */
  private holdWatermark(): number {
    const audio = this.audioWatermark ?? -Infinity;
    const wall = this.wallT();
    return wall - this.lastAudioReport < this.reorderWindowMs ? audio : Math.max(audio, wall - this.reorderWindowMs);
  }

  private holding(): boolean {
    return this.holdForAudio && this.audioWatermark !== null && this.reorderWindowMs > 0 && this.currentState !== 'finished';
  }

  private armReleaseTimer(): void {
    if (this.releaseTimer !== null) {
      this.scheduler.clearTimeout(this.releaseTimer);
      this.releaseTimer = null;
    }
    const head = this.queue.headT;
    if (head === null || !this.holding()) return;
    const due = Math.max(1, Math.max(head, this.lastAudioReport) + this.reorderWindowMs - this.wallT());
    this.releaseTimer = this.scheduler.setTimeout(() => {
      this.releaseTimer = null;
      this.release();
    }, due);
  }

  /** Writes one released event to the log (at its time, or the last logged time if that is later). */
  private write(event: SessionEvent): void {
    const placed = event.t >= this.lastT ? event : { ...event, t: this.lastT };
    try {
      this.stats.apply(placed);
    } catch (error) {
      this.reportError(error); // never happens with engine-built events; keep the log consistent
      return;
    }
    this.lastT = placed.t;
    this.options.onEvent(placed);
  }

  private logLatency(stage: 'stt_final' | 'evaluation' | 'question' | 'tts', startedAt: number): void {
    const ms = Math.max(0, this.scheduler.now() - startedAt);
    this.log({ type: 'stage_latency', t: this.now(), stage, ms: Math.round(ms * 10) / 10 });
  }

  private send<K extends ServerEventName>(event: K, data: ServerEventData<K>): void {
    this.options.onMessage({ event, data } as Parameters<InterviewEngineOptions['onMessage']>[0]);
  }

  private sendMetrics(): void {
    this.send('metrics', { session_id: this.options.sessionId, ...liveSnapshot(this.stats) });
  }

  private reportError(error: unknown): void {
    try {
      this.options.onError?.(error);
    } catch {
      // a failing error hook must not break the interview
    }
  }

  private withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = this.scheduler.setTimeout(() => reject(new InterviewKitError('TIMEOUT', `${what} took longer than ${ms} ms`)), ms);
      promise.then(
        (value) => {
          this.scheduler.clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          this.scheduler.clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
