import type { Grade } from './evaluator';

/**
 * Lower bounds (inclusive) of the letter grades on the 0–100 score scale. The same bands grade one
 * answer and a whole session; they are the original platform's summary bands (A ≥ 85, B ≥ 70,
 * C ≥ 55, D ≥ 40, else F), applied consistently instead of its two conflicting rule sets.
 */
export const GRADE_BANDS: readonly { grade: Grade; min: number }[] = [
  { grade: 'A', min: 85 },
  { grade: 'B', min: 70 },
  { grade: 'C', min: 55 },
  { grade: 'D', min: 40 },
  { grade: 'F', min: 0 },
];

/** The letter grade of a score on the 0–100 scale (out-of-range and NaN scores are clamped). */
export function gradeForScore(score: number): Grade {
  const clamped = clampScore(score);
  for (const band of GRADE_BANDS) {
    if (clamped >= band.min) return band.grade;
  }
  return 'F';
}

/** Converts a 0–1 similarity to a 0–100 score rounded to one decimal. */
export function similarityToScore(similarity: number): number {
  return clampScore(Math.round(clamp01(similarity) * 1000) / 10);
}

/**
 * The session score of the seed document: the average semantic similarity of the evaluated
 * answers × 100, rounded to one decimal. Returns `null` when nothing was evaluated, so "no
 * evidence" never reads as a score of 0.
 */
export function sessionScore(similarities: readonly number[]): number | null {
  if (similarities.length === 0) return null;
  let sum = 0;
  for (const s of similarities) sum += clamp01(s);
  return similarityToScore(sum / similarities.length);
}

function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return value < 0 ? 0 : value > 1 ? 1 : value;
}

function clampScore(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return value < 0 ? 0 : value > 100 ? 100 : value;
}
