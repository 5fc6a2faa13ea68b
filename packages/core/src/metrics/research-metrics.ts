import type { SessionEvent } from '../events/session-event';
import { fluencyScore } from './fluency';
import type { LiveMetrics, QuestionMetrics, ResearchMetrics } from './research-metrics-schema';
import { type QuestionStatistics, RunningStatistics, type RunningStatisticsOptions } from './running-statistics';

/** Version of the metric definitions; stored with every result so old sessions can be recomputed. */
export const METRICS_VERSION = 1;

/** Minimum voiced pitch frames before pitch metrics are reported (otherwise they are null). */
export const MIN_PITCH_FRAMES = 10;

/** Options of {@link computeResearchMetrics} and {@link liveSnapshot}. */
export interface ComputeMetricsOptions {
  /**
   * Session time (ms) at which a running session is measured. Defaults to the stats' clock,
   * else to the last event. Ignored once the session has stopped (its stop time is used).
   */
  now?: number;
}

const round = (x: number, factor: number): number => Math.round(x * factor) / factor;
const r1 = (x: number): number => round(x, 10);
const r2 = (x: number): number => round(x, 100);
const r3 = (x: number): number => round(x, 1000);
const safeDiv = (a: number, b: number): number => (b > 0 ? a / b : 0);

/** Totals of a session measured at one instant (open speech and turn closed virtually). */
interface Totals {
  nowT: number;
  sessionMs: number;
  speakingMs: number;
  effectiveMs: number;
  turnMs: number;
  segments: number;
  wpm: number;
  phonationRatio: number;
  meanLengthOfRun: number;
  fluency: number;
}

function measureAt(stats: RunningStatistics, options: ComputeMetricsOptions): Totals {
  const s = stats.state;
  let nowT: number;
  if (s.stopped) nowT = s.stopT;
  else nowT = options.now ?? stats.clock?.now() ?? s.lastT;
  if (!(nowT >= s.lastT)) nowT = s.lastT; // never measure before the last event
  const sessionMs = s.started ? nowT - s.startT : 0;
  const openSpeech = s.inTurn && s.speechOpen && s.speechCounted ? nowT - s.speechStartT : 0;
  const speakingMs = s.speakingMs + openSpeech;
  const segments = s.segmentCount + (openSpeech > 0 ? 1 : 0);
  const turnMs = s.turnMs + (s.inTurn ? nowT - s.turnStartT : 0);
  // Forced silence never eats into measured speech, so speaking + silence = effective holds.
  const effectiveMs = Math.max(speakingMs, sessionMs - s.forcedSilenceMs, 0);
  const words = s.totalWords;
  const wpm = safeDiv(words, speakingMs / 60_000);
  const phonationRatio = safeDiv(speakingMs, speakingMs + s.gapMs);
  const meanLengthOfRun = safeDiv(words, segments);
  const fluency = fluencyScore({
    wpm,
    phonationRatio,
    meanLengthOfRun,
    fillerRatio: safeDiv(s.fillerCount, words),
    longPausesPerAnswer: s.longPauseCount / Math.max(1, s.questionsAnswered),
    hasSpeech: speakingMs > 0,
  });
  return { nowT, sessionMs, speakingMs, effectiveMs, turnMs, segments, wpm, phonationRatio, meanLengthOfRun, fluency };
}

function questionMetrics(stats: RunningStatistics, q: Readonly<QuestionStatistics>, totals: Totals): QuestionMetrics {
  const s = stats.state;
  let speakingMs = q.speakingMs;
  if (s.inTurn && s.turnIndex === q.index && s.speechOpen && s.speechCounted) {
    speakingMs += totals.nowT - s.speechStartT;
  }
  return {
    index: q.index,
    answered: q.answered,
    reason: q.completeReason,
    words: q.words,
    speaking_time: r1(speakingMs / 1000),
    wpm: r1(safeDiv(q.words, speakingMs / 60_000)),
    wpm_reliable: speakingMs > 0 && q.words >= stats.config.minAnswerWordsForWpm,
    response_latency: q.latencyMs >= 0 ? r2(q.latencyMs / 1000) : null,
    pause_count: q.pauseCount,
    long_pause_count: q.longPauseCount,
    semantic_similarity: q.similarity >= 0 ? r3(q.similarity) : null,
    keyword_coverage: q.keywordCoverage >= 0 ? r3(q.keywordCoverage) : null,
    evaluation_failed: q.evaluationFailed,
  };
}

/**
 * The research metrics of a session from its running statistics (see the README's metrics
 * table for every definition). Never returns NaN or Infinity: undefined ratios are 0, and pitch
 * metrics are null without at least {@link MIN_PITCH_FRAMES} voiced frames.
 *
 * Seconds are rounded so that `speaking_time + silence_time = effective_duration` and
 * `effective_duration + forced_silence_time = session_duration` hold exactly (to 0.1 s).
 */
export function computeResearchMetrics(stats: RunningStatistics, options: ComputeMetricsOptions = {}): ResearchMetrics {
  const s = stats.state;
  const m = measureAt(stats, options);
  // Work in tenths of a second so the identities above survive rounding.
  const session10 = Math.round(m.sessionMs / 100);
  const effective10 = Math.min(session10, Math.round(m.effectiveMs / 100));
  const speaking10 = Math.min(effective10, Math.round(m.speakingMs / 100));

  const words = s.totalWords;
  const speakingMinutes = m.speakingMs / 60_000;
  const hasPitch = s.pitchCount >= MIN_PITCH_FRAMES;
  const pitchStd = hasPitch ? Math.sqrt(s.pitchM2 / (s.pitchCount - 1)) : 0;
  const pitchCv = hasPitch ? safeDiv(pitchStd, s.pitchMean) : 0;

  const perQuestion: QuestionMetrics[] = [];
  for (const q of stats.questions) if (q !== undefined) perQuestion.push(questionMetrics(stats, q, m));

  return {
    metrics_version: METRICS_VERSION,
    session_duration: session10 / 10,
    effective_duration: effective10 / 10,
    speaking_time: speaking10 / 10,
    silence_time: (effective10 - speaking10) / 10,
    forced_silence_time: (session10 - effective10) / 10,
    candidate_turn_time: r1(m.turnMs / 1000),
    speaking_ratio: r3(Math.min(1, safeDiv(m.speakingMs, m.effectiveMs))),
    total_words: words,
    wpm: r1(m.wpm),
    wpm_reliable: m.speakingMs > 0 && words >= stats.config.minWordsForWpm,
    articulation_rate: r2(safeDiv(words, m.speakingMs / 1000)),
    pause_count: s.pauseCount,
    avg_pause_duration: r2(safeDiv(s.pauseMs, s.pauseCount) / 1000),
    long_pause_count: s.longPauseCount,
    pauses_over_250ms: s.pausesOver250,
    pauses_over_1s: s.pausesOver1000,
    pauses_over_3s: s.pausesOver3000,
    hesitation_rate: r2(safeDiv(s.pauseCount, speakingMinutes)),
    mean_length_of_run: r2(m.meanLengthOfRun),
    phonation_ratio: r3(m.phonationRatio),
    avg_response_latency: r2(safeDiv(s.latencySumMs, s.latencyCount) / 1000),
    fluency_score: r3(m.fluency),
    filler_count: s.fillerCount,
    filler_rate: r2(safeDiv(s.fillerCount, speakingMinutes)),
    repetition_count: s.repetitionCount,
    questions_asked: s.questionsAsked,
    questions_answered: s.questionsAnswered,
    avg_semantic_similarity: r3(safeDiv(s.similaritySum, s.similarityCount)),
    avg_keyword_coverage: r3(safeDiv(s.keywordSum, s.keywordCount)),
    evaluation_failures: s.evaluationFailures,
    pitch_mean: hasPitch ? r1(s.pitchMean) : null,
    pitch_std: hasPitch ? r1(pitchStd) : null,
    pitch_range: hasPitch ? r1(s.pitchRangeWeighted / s.pitchCount) : null,
    // The original platform's stability: 100·e^(−3·CV), CV = std / mean of f0.
    pitch_stability: hasPitch ? r1(Math.max(0, Math.min(100, 100 * Math.exp(-3 * pitchCv)))) : null,
    per_question: perQuestion,
    analysis_valid: s.questionsAnswered > 0,
  };
}

/**
 * A cheap live view of a running session, O(1): speaking ratio, WPM, pauses, fluency, latency.
 * Suitable after every event.
 */
export function liveSnapshot(stats: RunningStatistics, options: ComputeMetricsOptions = {}): LiveMetrics {
  const s = stats.state;
  const m = measureAt(stats, options);
  const speaking = s.inTurn && s.speechOpen && s.speechCounted;
  let silenceMs = 0;
  if (s.inTurn && !speaking) silenceMs = m.nowT - (s.lastSpeechEndT >= 0 ? s.lastSpeechEndT : s.turnStartT);
  return {
    session_duration: r1(m.sessionMs / 1000),
    speaking_time: r1(m.speakingMs / 1000),
    speaking_ratio: r3(Math.min(1, safeDiv(m.speakingMs, m.effectiveMs))),
    wpm: r1(m.wpm),
    wpm_reliable: m.speakingMs > 0 && s.totalWords >= stats.config.minWordsForWpm,
    long_pause_count: s.longPauseCount,
    pause_count: s.pauseCount,
    fluency_score: r3(m.fluency),
    avg_response_latency: r2(safeDiv(s.latencySumMs, s.latencyCount) / 1000),
    questions_answered: s.questionsAnswered,
    total_words: s.totalWords,
    filler_count: s.fillerCount,
    speaking,
    current_silence: r1(Math.max(0, silenceMs) / 1000),
  };
}

/** Options of {@link replay}. */
export interface ReplayOptions extends RunningStatisticsOptions, ComputeMetricsOptions {}

/**
 * Recomputes the research metrics of a whole event log. Equal to folding the same events into a
 * {@link RunningStatistics} one by one and calling {@link computeResearchMetrics}.
 */
export function replay(events: Iterable<SessionEvent>, options: ReplayOptions = {}): ResearchMetrics {
  const stats = new RunningStatistics(options);
  stats.applyAll(events);
  return computeResearchMetrics(stats, options);
}
