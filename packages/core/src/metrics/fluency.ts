/**
 * The fluency score: a composite in [0, 1] of the temporal measures that fluency research finds
 * to predict how fluent speech sounds. It is deliberately not the speaking ratio.
 *
 * Components (each mapped to [0, 1]) and weights:
 *
 * | component | measure | full credit | zero | weight |
 * |---|---|---|---|---|
 * | speech rate | words per minute of speaking time | 120–160 wpm | ≤ 60 wpm or ≥ 260 wpm | 0.30 |
 * | phonation-time ratio | speaking / (speaking + pauses between segments) | ≥ 0.85 | ≤ 0.40 | 0.25 |
 * | mean length of run | words per speech run (segment between pauses) | ≥ 10 words | 0 | 0.20 |
 * | fillers | filler words / words | 0 | ≥ 8 % | 0.15 |
 * | long pauses | long pauses per answer | 0 | ≥ 3 | 0.10 |
 *
 * Sources: Cucchiarini, Strik & Boves (2000, 2002, JASA) found speech rate, phonation-time ratio
 * and mean length of runs the best automatic predictors of rated fluency; Kormos & Dénes (2004)
 * confirm speech rate, mean length of runs and phonation-time ratio; Bosker et al. (2013) show
 * pause frequency and duration and speed dominate perceived fluency, with filled pauses and
 * repairs a smaller part. The rate band follows the 120–150 wpm interview benchmark (with a
 * tolerance to 160) used by the original platform's coaching. The weights are our choice, not
 * fitted to ratings: treat the score as a summary, and the component measures as the evidence.
 * Measured on VAD segments, so runs are split by pauses longer than the VAD's hangover.
 */
export interface FluencyInputs {
  /** Words per minute of speaking time. */
  wpm: number;
  /** Speaking time / (speaking time + gaps between segments inside answers), 0–1. */
  phonationRatio: number;
  /** Mean number of words per speech segment. */
  meanLengthOfRun: number;
  /** Filler words / total words, 0–1. */
  fillerRatio: number;
  /** Long pauses per answered question. */
  longPausesPerAnswer: number;
  /** Whether any speech was measured; without speech the score is 0. */
  hasSpeech: boolean;
}

/** The weights of {@link fluencyScore}'s components (they sum to 1). */
export const FLUENCY_WEIGHTS = Object.freeze({ rate: 0.3, phonation: 0.25, runLength: 0.2, fillers: 0.15, longPauses: 0.1 });

function clamp01(x: number): number {
  return x <= 0 || Number.isNaN(x) ? 0 : x >= 1 ? 1 : x;
}

/** Credit for speech rate: a plateau at 120–160 wpm, linear to 0 at 60 and at 260 wpm. */
export function speechRateCredit(wpm: number): number {
  if (!(wpm > 60)) return 0;
  if (wpm < 120) return (wpm - 60) / 60;
  if (wpm <= 160) return 1;
  return clamp01(1 - (wpm - 160) / 100);
}

/** The fluency composite in [0, 1] (see the table above). */
export function fluencyScore(inputs: FluencyInputs): number {
  if (!inputs.hasSpeech) return 0;
  const rate = speechRateCredit(inputs.wpm);
  const phonation = clamp01((inputs.phonationRatio - 0.4) / 0.45);
  const runLength = clamp01(inputs.meanLengthOfRun / 10);
  const fillers = clamp01(1 - inputs.fillerRatio / 0.08);
  const longPauses = clamp01(1 - inputs.longPausesPerAnswer / 3);
  const w = FLUENCY_WEIGHTS;
  return clamp01(w.rate * rate + w.phonation * phonation + w.runLength * runLength + w.fillers * fillers + w.longPauses * longPauses);
}
