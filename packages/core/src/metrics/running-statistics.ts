import type { Clock } from '../clock/clock';
import { InterviewKitError } from '../errors/interviewkit-error';
import type { AnswerCompleteReason, SessionEvent } from '../events/session-event';
import { type MetricsConfig, PAUSE_BUCKETS_MS, resolveMetricsConfig } from './metrics-config';
import { countTranscriptText, createTextCounts } from './transcript-text';

const MAX_T = 7 * 24 * 3600 * 1000;
const PHASE_NEW = 0;
const PHASE_RUNNING = 1;
const PHASE_STOPPED = 2;
const [BUCKET_SHORT, BUCKET_MEDIUM, BUCKET_LONG] = PAUSE_BUCKETS_MS;

/** Running totals of one question (one candidate turn). All times in ms. */
export interface QuestionStatistics {
  readonly index: number;
  /** `t` of `question_asked`. */
  askedT: number;
  /** `t` of `question_end`, or -1 before the interviewer finished. */
  endT: number;
  /** `t` of `answer_complete`, or -1 while unanswered. */
  completeT: number;
  completeReason: AnswerCompleteReason | null;
  /** The answer had text (a spoken transcript or a typed answer). */
  answered: boolean;
  words: number;
  /** Filler words in this answer's final transcripts. */
  fillers: number;
  speakingMs: number;
  /** Candidate turn length: question_end to answer_complete. */
  turnMs: number;
  /** First speech − question end, or -1 if the candidate never spoke in this turn. */
  latencyMs: number;
  pauseCount: number;
  longPauseCount: number;
  /** Similarity 0–1, or -1 when not evaluated. */
  similarity: number;
  /** Keyword coverage 0–1, or -1 when not evaluated. */
  keywordCoverage: number;
  evaluationFailed: boolean;
}

/** The running totals and turn state of {@link RunningStatistics}; read them through its `state`. */
class StatisticsFields {
  // Lifecycle
  started = false;
  stopped = false;
  startT = 0;
  stopT = 0;
  lastT = 0;
  sessionType: string | null = null;
  topic: string | null = null;

  // Candidate turn state
  inTurn = false;
  turnIndex = -1;
  turnStartT = 0;
  turnSpeechSeen = false;
  /** VAD state, tracked in and out of turns so that ends pair with starts. */
  speechOpen = false;
  /** Start of the open speech segment as counted (clamped to the turn start). */
  speechStartT = 0;
  /** Whether the open segment is being counted (it is inside the current turn). */
  speechCounted = false;
  /** End of the last counted speech segment in this turn, or -1. */
  lastSpeechEndT = -1;

  // Totals (ms unless noted)
  speakingMs = 0;
  turnMs = 0;
  segmentCount = 0;
  /** Sum of every gap between speech segments inside turns (any length). */
  gapMs = 0;
  pauseCount = 0;
  pauseMs = 0;
  longPauseCount = 0;
  pausesOver250 = 0;
  pausesOver1000 = 0;
  pausesOver3000 = 0;
  forcedSilenceMs = 0;
  latencySumMs = 0;
  latencyCount = 0;
  totalWords = 0;
  fillerCount = 0;
  repetitionCount = 0;
  questionsAsked = 0;
  questionsAnswered = 0;
  answersCompleted = 0;
  similaritySum = 0;
  similarityCount = 0;
  keywordSum = 0;
  keywordCount = 0;
  evaluationFailures = 0;
  providerFallbacks = 0;
  anomalies = 0;
  eventCount = 0;

  // Pitch (Chan et al. parallel merge of Welford partials)
  pitchCount = 0;
  pitchMean = 0;
  pitchM2 = 0;
  pitchMin = 0;
  pitchMax = 0;
  /** Σ count · (p90 − p10), for the count-weighted mean within-stretch range. */
  pitchRangeWeighted = 0;

  /** Index of the last question asked, or -1. */
  currentIndex = -1;
}

/** A read-only view of {@link RunningStatistics}' totals and turn state (times in ms on the session's `t` scale). */
export type StatisticsState = Readonly<StatisticsFields>;

/** Options of {@link RunningStatistics}. */
export interface RunningStatisticsOptions {
  /** Threshold overrides (see {@link MetricsConfig}). */
  config?: Partial<MetricsConfig>;
  /**
   * Session clock (ms since session start, i.e. the `t` scale) used by live snapshots of a
   * running session. Without one, a snapshot of a running session is taken at the last event.
   */
  clock?: Clock;
}

function sequenceError(message: string, event: { type: string; t: number }): InterviewKitError {
  return new InterviewKitError('INVALID_EVENT_SEQUENCE', message, { details: { type: event.type, t: event.t } });
}

/**
 * The incremental fold of a session event log: O(1) per event, no allocation per event on the
 * hot path (speech and transcript events; one small record is created per question asked).
 *
 * Feed events in log order with {@link RunningStatistics.apply}; read the research metrics with
 * `computeResearchMetrics(stats)` or a cheap live view with `liveSnapshot(stats)`. Folding a log
 * event by event and `replay(log)` give identical results.
 *
 * Ordering rules (violations raise `INVALID_EVENT_SEQUENCE` and leave the state unchanged):
 * the first event is `session_started`, and only once; `t` never decreases; nothing follows
 * `session_stopped`. Unknown types raise `UNKNOWN_EVENT`; out-of-range values `VALIDATION_FAILED`.
 *
 * Documented recoveries (the event is applied in the safe way and counted in `anomalies`):
 * - `speech_start` while speech is already open, or `speech_end` with none open: ignored.
 * - speech outside a candidate turn (between `answer_complete` and the next `question_end`) does
 *   not count: the interviewer's turn is not the candidate's silence or speech. Speech still open
 *   at `question_end` (the candidate started early) counts from `question_end`, latency 0.
 * - `question_asked` while the previous turn is still open closes that turn unanswered.
 * - a second `answer_complete` for the same question is ignored.
 * - `answer_complete` without `question_end` completes the question with an empty turn.
 */
export class RunningStatistics {
  /** The thresholds in effect. */
  readonly config: MetricsConfig;
  /** The session clock for live snapshots, if any. */
  readonly clock: Clock | undefined;

  /** 0 before session_started, 1 running, 2 after session_stopped. */
  private phase = PHASE_NEW;
  private readonly s = new StatisticsFields();
  private readonly records: QuestionStatistics[] = [];

  private readonly textCounts = createTextCounts();

  constructor(options: RunningStatisticsOptions = {}) {
    this.config = resolveMetricsConfig(options.config);
    this.clock = options.clock;
  }

  /** The totals and turn state so far (read-only: only {@link RunningStatistics.apply} changes them). */
  get state(): StatisticsState {
    return this.s;
  }

  /** Per-question records, by question index (holes where an index was never seen). */
  get questions(): readonly Readonly<QuestionStatistics>[] {
    return this.records;
  }

  /** Response latencies (ms) of every answer that had speech, in question order. */
  get responseLatencies(): number[] {
    const out: number[] = [];
    for (const q of this.records) if (q && q.latencyMs >= 0) out.push(q.latencyMs);
    return out;
  }

  /** Semantic similarities of every evaluated answer, in question order. */
  get semanticSimilarities(): number[] {
    const out: number[] = [];
    for (const q of this.records) if (q && q.similarity >= 0) out.push(q.similarity);
    return out;
  }

  /** Applies every event of `events` in order. */
  applyAll(events: Iterable<SessionEvent>): this {
    for (const event of events) this.apply(event);
    return this;
  }

  /**
   * Folds one event into the statistics. Raises a typed error (and changes nothing) when the
   * event breaks the log's ordering rules.
   */
  apply(event: SessionEvent): void {
    const t = event.t;
    if (!(t >= this.s.lastT && t <= MAX_T)) {
      if (typeof t !== 'number' || Number.isNaN(t) || t > MAX_T) {
        throw new InterviewKitError('VALIDATION_FAILED', `Event ${String(event.type)} has an invalid timestamp ${String(t)}`);
      }
      throw sequenceError(`Time went backwards: ${event.type} at t=${t} after t=${this.s.lastT}`, event);
    }
    if (this.phase !== PHASE_RUNNING) this.checkLifecycle(event);

    // Cases in order of frequency in real logs: the hot path is partials and VAD events.
    switch (event.type) {
      case 'transcript_partial':
        break;
      case 'speech_start':
        this.onSpeechStart(t);
        break;
      case 'speech_end':
        this.onSpeechEnd(t);
        break;
      case 'transcript_final':
        this.onTranscriptFinal(event.text, event.index);
        break;
      case 'pitch_summary':
        this.onPitchSummary(event.count, event.mean, event.m2, event.min, event.max, event.p10, event.p90);
        break;
      case 'stage_latency':
        break;
      case 'question_asked':
        this.onQuestionAsked(t, event.index);
        break;
      case 'question_end':
        this.onQuestionEnd(t, event.index);
        break;
      case 'answer_complete':
        this.onAnswerComplete(t, event.index, event.reason, event.text);
        break;
      case 'forced_silence': {
        const d = event.duration;
        if (!(d >= 0 && d <= MAX_T)) throw new InterviewKitError('VALIDATION_FAILED', `forced_silence has an invalid duration ${String(d)}`);
        this.s.forcedSilenceMs += d;
        break;
      }
      case 'answer_evaluated':
        this.onAnswerEvaluated(event.index, event.similarity, event.keyword_coverage);
        break;
      case 'evaluation_failed': {
        const q = this.questionAt(event.index);
        if (!q.evaluationFailed) {
          q.evaluationFailed = true;
          this.s.evaluationFailures++;
        }
        break;
      }
      case 'provider_fallback':
        this.s.providerFallbacks++;
        break;
      case 'session_started':
        if (this.s.started) throw sequenceError('session_started twice', event);
        this.s.started = true;
        this.phase = PHASE_RUNNING;
        this.s.startT = t;
        this.s.sessionType = event.session_type;
        this.s.topic = event.topic ?? null;
        break;
      case 'session_stopped':
        if (this.s.inTurn) this.closeTurn(t);
        this.s.stopped = true;
        this.phase = PHASE_STOPPED;
        this.s.stopT = t;
        break;
      default: {
        const unknown = event as { type?: unknown };
        throw new InterviewKitError('UNKNOWN_EVENT', `Unknown event type "${String(unknown.type).slice(0, 60)}"`);
      }
    }
    this.s.lastT = t;
    this.s.eventCount++;
  }

  /** Ordering rules outside the running phase (off the hot path). */
  private checkLifecycle(event: SessionEvent): void {
    if (this.phase === PHASE_NEW) {
      if (event.type !== 'session_started') throw sequenceError(`${event.type} before session_started`, event);
    } else {
      throw sequenceError(`${event.type} after session_stopped`, event);
    }
  }

  /** The record of question `index`, created on first use. */
  private questionAt(index: number): QuestionStatistics {
    let q = this.records[index];
    if (q === undefined) {
      q = {
        index,
        askedT: -1,
        endT: -1,
        completeT: -1,
        completeReason: null,
        answered: false,
        words: 0,
        fillers: 0,
        speakingMs: 0,
        turnMs: 0,
        latencyMs: -1,
        pauseCount: 0,
        longPauseCount: 0,
        similarity: -1,
        keywordCoverage: -1,
        evaluationFailed: false,
      };
      this.records[index] = q;
    }
    return q;
  }

  private onQuestionAsked(t: number, index: number): void {
    if (this.s.inTurn) {
      this.s.anomalies++;
      this.closeTurn(t);
    }
    const q = this.questionAt(index);
    if (q.askedT < 0) this.s.questionsAsked++;
    q.askedT = t;
    this.s.currentIndex = index;
  }

  private onQuestionEnd(t: number, index: number): void {
    if (this.s.inTurn) {
      if (index === this.s.turnIndex) return; // repeated question_end: already in this turn
      this.s.anomalies++;
      this.closeTurn(t);
    }
    const q = this.questionAt(index);
    if (q.completeT >= 0) {
      this.s.anomalies++; // the answer is already complete; a late question_end opens nothing
      return;
    }
    q.endT = t;
    this.s.inTurn = true;
    this.s.turnIndex = index;
    this.s.turnStartT = t;
    this.s.turnSpeechSeen = false;
    this.s.lastSpeechEndT = -1;
    if (this.s.speechOpen) {
      // The candidate started before the interviewer finished: count from the turn start.
      this.s.speechStartT = t;
      this.s.speechCounted = true;
      this.s.turnSpeechSeen = true;
      q.latencyMs = 0;
      this.s.latencyCount++;
    }
  }

  private onSpeechStart(t: number): void {
    if (this.s.speechOpen) {
      this.s.anomalies++;
      return;
    }
    this.s.speechOpen = true;
    this.s.speechStartT = t;
    this.s.speechCounted = this.s.inTurn;
    if (!this.s.inTurn) return;
    const q = this.records[this.s.turnIndex]!;
    if (this.s.lastSpeechEndT >= 0) {
      const gap = t - this.s.lastSpeechEndT;
      this.s.gapMs += gap;
      if (gap > this.config.pauseThresholdMs) {
        this.s.pauseCount++;
        this.s.pauseMs += gap;
        q.pauseCount++;
        if (gap > this.config.longPauseThresholdMs) {
          this.s.longPauseCount++;
          q.longPauseCount++;
        }
      }
      if (gap >= BUCKET_SHORT) this.s.pausesOver250++;
      if (gap >= BUCKET_MEDIUM) this.s.pausesOver1000++;
      if (gap >= BUCKET_LONG) this.s.pausesOver3000++;
    }
    if (!this.s.turnSpeechSeen) {
      this.s.turnSpeechSeen = true;
      const latency = t - this.s.turnStartT;
      q.latencyMs = latency;
      this.s.latencySumMs += latency;
      this.s.latencyCount++;
    }
  }

  private onSpeechEnd(t: number): void {
    if (!this.s.speechOpen) {
      this.s.anomalies++;
      return;
    }
    this.s.speechOpen = false;
    if (!this.s.speechCounted) return;
    this.s.speechCounted = false;
    this.closeSegment(t);
  }

  private closeSegment(t: number): void {
    const duration = t - this.s.speechStartT;
    this.s.speakingMs += duration;
    this.s.segmentCount++;
    this.records[this.s.turnIndex]!.speakingMs += duration;
    this.s.lastSpeechEndT = t;
  }

  private onTranscriptFinal(text: string, index: number | undefined): void {
    const counts = this.textCounts;
    counts.words = 0;
    counts.fillers = 0;
    counts.repetitions = 0;
    countTranscriptText(text, counts);
    this.s.totalWords += counts.words;
    this.s.fillerCount += counts.fillers;
    this.s.repetitionCount += counts.repetitions;
    const target = index ?? (this.s.inTurn ? this.s.turnIndex : this.s.currentIndex);
    if (target >= 0) {
      const q = this.questionAt(target);
      q.words += counts.words;
      q.fillers += counts.fillers;
    }
  }

  private onAnswerComplete(t: number, index: number, reason: AnswerCompleteReason, text: string): void {
    const q = this.questionAt(index);
    if (q.completeT >= 0) {
      this.s.anomalies++;
      return;
    }
    if (this.s.inTurn && this.s.turnIndex === index) {
      this.closeTurn(t);
    } else if (q.endT < 0) {
      // Answered (typed) before the interviewer finished: an empty turn.
      q.endT = t;
    }
    q.completeT = t;
    q.completeReason = reason;
    this.s.answersCompleted++;
    if (hasText(text)) {
      q.answered = true;
      this.s.questionsAnswered++;
    }
  }

  private closeTurn(t: number): void {
    if (this.s.speechOpen && this.s.speechCounted) {
      this.s.speechCounted = false;
      this.closeSegment(t);
    }
    const q = this.records[this.s.turnIndex]!;
    const turn = t - this.s.turnStartT;
    this.s.turnMs += turn;
    q.turnMs += turn;
    this.s.inTurn = false;
    this.s.lastSpeechEndT = -1;
  }

  private onAnswerEvaluated(index: number, similarity: number, keywordCoverage: number): void {
    if (!(similarity >= 0 && similarity <= 1 && keywordCoverage >= 0 && keywordCoverage <= 1)) {
      throw new InterviewKitError('VALIDATION_FAILED', `answer_evaluated scores must be within [0, 1] (got ${similarity}, ${keywordCoverage})`);
    }
    const q = this.questionAt(index);
    if (q.similarity >= 0) {
      // Re-evaluation replaces the earlier result.
      this.s.similaritySum -= q.similarity;
      this.s.keywordSum -= q.keywordCoverage;
    } else {
      this.s.similarityCount++;
      this.s.keywordCount++;
    }
    q.similarity = similarity;
    q.keywordCoverage = keywordCoverage;
    this.s.similaritySum += similarity;
    this.s.keywordSum += keywordCoverage;
  }

  private onPitchSummary(count: number, mean: number, m2: number, min: number, max: number, p10: number, p90: number): void {
    if (!(count > 0 && mean > 0 && m2 >= 0 && min > 0 && max >= min && p90 >= p10)) {
      throw new InterviewKitError('VALIDATION_FAILED', 'pitch_summary has inconsistent statistics');
    }
    if (this.s.pitchCount === 0) {
      this.s.pitchCount = count;
      this.s.pitchMean = mean;
      this.s.pitchM2 = m2;
      this.s.pitchMin = min;
      this.s.pitchMax = max;
    } else {
      const n = this.s.pitchCount + count;
      const delta = mean - this.s.pitchMean;
      this.s.pitchMean += (delta * count) / n;
      this.s.pitchM2 += m2 + (delta * delta * this.s.pitchCount * count) / n;
      this.s.pitchCount = n;
      if (min < this.s.pitchMin) this.s.pitchMin = min;
      if (max > this.s.pitchMax) this.s.pitchMax = max;
    }
    this.s.pitchRangeWeighted += count * (p90 - p10);
  }
}

function hasText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return true;
  }
  return false;
}
