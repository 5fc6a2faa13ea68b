import type { ResearchMetrics } from '../metrics/research-metrics-schema';

/**
 * The benchmarks speech coaching compares a session with. Sources: conversational and
 * presentation speech runs at roughly 120–160 words per minute and listeners rate 120–150 wpm as
 * clear for explanations (the original platform's coaching band); fluency research treats
 * silences above ~1 s as noticeable and above 3 s as long (Kormos & Dénes 2004; the seed's 5 s
 * long-pause threshold is kept for `long_pause_count`); interview coaching advises starting an
 * answer within about 2–3 s, with a brief structuring pause being fine.
 */
export const SPEECH_BENCHMARKS = Object.freeze({
  wpm: { min: 120, max: 150 },
  /** Share of effective time the candidate spends speaking in a voice interview. */
  speakingRatio: { min: 0.5, max: 0.85 },
  /** Long pauses (> 5 s) per answered question. */
  longPausesPerAnswer: { max: 0.5 },
  /** Pauses ≥ 1 s per speaking minute. */
  noticeablePausesPerMinute: { max: 6 },
  /** Seconds from the end of the question to the first word. */
  responseLatency: { max: 3 },
  /** Filler words per speaking minute. */
  fillersPerMinute: { max: 4 },
});

/** One coaching note: a measured value against its benchmark, with concrete advice. */
export interface CoachingNote {
  metric: 'wpm' | 'speaking_ratio' | 'long_pauses' | 'pauses' | 'response_latency' | 'fillers';
  value: number;
  /** The benchmark in words, e.g. `120–150 wpm`. */
  benchmark: string;
  status: 'good' | 'low' | 'high';
  advice: string;
}

/**
 * Compares a session's delivery with {@link SPEECH_BENCHMARKS} and gives concrete, numeric advice.
 * Returns nothing for sessions without speech (typed answers) and skips WPM when it is unreliable.
 */
export function coachSpeechMetrics(metrics: ResearchMetrics): CoachingNote[] {
  const notes: CoachingNote[] = [];
  if (metrics.speaking_time <= 0) return notes;
  const b = SPEECH_BENCHMARKS;
  const speakingMinutes = metrics.speaking_time / 60;

  if (metrics.wpm_reliable) {
    const wpm = metrics.wpm;
    if (wpm < b.wpm.min) {
      notes.push({
        metric: 'wpm',
        value: wpm,
        benchmark: `${b.wpm.min}–${b.wpm.max} wpm`,
        status: 'low',
        advice: `You spoke at ${wpm} words per minute, below the ${b.wpm.min}–${b.wpm.max} wpm that sounds confident; aim for about ${b.wpm.min + 10} by preparing the first sentence of each answer.`,
      });
    } else if (wpm > b.wpm.max) {
      notes.push({
        metric: 'wpm',
        value: wpm,
        benchmark: `${b.wpm.min}–${b.wpm.max} wpm`,
        status: 'high',
        advice: `You spoke at ${wpm} words per minute, faster than the ${b.wpm.min}–${b.wpm.max} wpm listeners follow easily; slow to about ${b.wpm.max - 10} and pause briefly after each key point.`,
      });
    } else {
      notes.push({
        metric: 'wpm',
        value: wpm,
        benchmark: `${b.wpm.min}–${b.wpm.max} wpm`,
        status: 'good',
        advice: `Your pace of ${wpm} words per minute is within the ${b.wpm.min}–${b.wpm.max} wpm range; keep it.`,
      });
    }
  }

  const ratio = metrics.speaking_ratio;
  if (ratio < b.speakingRatio.min) {
    notes.push({
      metric: 'speaking_ratio',
      value: ratio,
      benchmark: `${pct(b.speakingRatio.min)}–${pct(b.speakingRatio.max)} of your time speaking`,
      status: 'low',
      advice: `You spoke ${pct(ratio)} of the time available; answers of 60–120 seconds with one example each would bring this above ${pct(b.speakingRatio.min)}.`,
    });
  } else if (ratio > b.speakingRatio.max) {
    notes.push({
      metric: 'speaking_ratio',
      value: ratio,
      benchmark: `${pct(b.speakingRatio.min)}–${pct(b.speakingRatio.max)} of your time speaking`,
      status: 'high',
      advice: `You spoke ${pct(ratio)} of the time with almost no pauses; a one-second pause between points helps the interviewer follow.`,
    });
  }

  const answered = Math.max(1, metrics.questions_answered);
  const longPerAnswer = metrics.long_pause_count / answered;
  if (longPerAnswer > b.longPausesPerAnswer.max) {
    notes.push({
      metric: 'long_pauses',
      value: metrics.long_pause_count,
      benchmark: `at most ${b.longPausesPerAnswer.max} long pauses (> 5 s) per answer`,
      status: 'high',
      advice: `${metrics.long_pause_count} pauses longer than 5 seconds over ${metrics.questions_answered} answers; when you need time, say "let me think about that for a moment" and outline your answer in one sentence.`,
    });
  }
  const noticeablePerMinute = metrics.pauses_over_1s / Math.max(speakingMinutes, 1 / 60);
  if (noticeablePerMinute > b.noticeablePausesPerMinute.max) {
    notes.push({
      metric: 'pauses',
      value: round1(noticeablePerMinute),
      benchmark: `at most ${b.noticeablePausesPerMinute.max} pauses over 1 s per speaking minute`,
      status: 'high',
      advice: `${round1(noticeablePerMinute)} pauses over one second per minute of speech; rehearse your key examples aloud so the words come without searching.`,
    });
  }

  if (metrics.avg_response_latency > b.responseLatency.max) {
    notes.push({
      metric: 'response_latency',
      value: metrics.avg_response_latency,
      benchmark: `start within ${b.responseLatency.max} s`,
      status: 'high',
      advice: `You took ${metrics.avg_response_latency} s on average to start answering; begin with a one-sentence framing of your answer within ${b.responseLatency.max} seconds, then develop it.`,
    });
  }

  const fillersPerMinute = metrics.filler_rate;
  if (fillersPerMinute > b.fillersPerMinute.max) {
    notes.push({
      metric: 'fillers',
      value: fillersPerMinute,
      benchmark: `at most ${b.fillersPerMinute.max} fillers per minute`,
      status: 'high',
      advice: `${metrics.filler_count} filler words (${fillersPerMinute} per minute); replace "um" and "like" with a silent pause — aim for under ${b.fillersPerMinute.max} per minute.`,
    });
  }
  return notes;
}

function pct(v: number): string {
  return `${Math.round(v * 100)}%`;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}
