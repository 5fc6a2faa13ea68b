import type { ConceptObservation, ConceptVerdict, Suggestion } from '@interviewkit/core';

/**
 * The rubric score's parts, fixed here so that an LLM-judged answer lands on the same 0–100 scale
 * and grade bands as the offline evaluator's (A ≥ 85, B ≥ 70, C ≥ 55, D ≥ 40):
 *
 *   coverage   = Σ credit(verdict) / number of concepts     credit: covered 1, partly 0.5, missed 0, wrong 0
 *   similarity = coverage × (1 − 0.2 × min(m, 3))           m = max(number of `wrong` verdicts, misconceptions named)
 *   keyword list (the base evaluator's `keyword_list` suggestion) → similarity ≤ 0.35
 *   score      = similarity × 100
 *
 * So every concept covered is 100 (A); three of four covered and one missed is 75 (B); all touched
 * on vaguely is 50 (D); half covered and half stated wrongly is 0.5 × 0.6 = 30 (F) — a confident
 * answer with a misconception always ranks below the partial answer with the same coverage, and a
 * bare list of terms below a genuine partial answer. The model never gives the number.
 */
export const RUBRIC_SCORING = Object.freeze({
  credit: Object.freeze({ covered: 1, partly: 0.5, missed: 0, wrong: 0 } satisfies Record<ConceptVerdict, number>),
  misconceptionPenalty: 0.2,
  maxPenalisedMisconceptions: 3,
  keywordListCap: 0.35,
  /** Share of a quote's words that must occur in the answer for it to count as evidence. */
  evidenceWordShare: 0.8,
});

/** One judged concept, after the evidence check. */
export interface JudgedConcept {
  concept: string;
  verdict: ConceptVerdict;
  /** The words of the answer that show the verdict (checked against the answer). */
  evidence?: string;
}

/** The rubric similarity (0–1, 3 dp) of judged concepts (see {@link RUBRIC_SCORING}). */
export function rubricSimilarity(verdicts: readonly ConceptVerdict[], misconceptions: number, keywordList = false): number {
  if (verdicts.length === 0) return 0;
  const coverage = verdicts.reduce((sum, v) => sum + RUBRIC_SCORING.credit[v], 0) / verdicts.length;
  const wrong = verdicts.filter((v) => v === 'wrong').length;
  const penalised = Math.min(Math.max(wrong, misconceptions), RUBRIC_SCORING.maxPenalisedMisconceptions);
  let similarity = coverage * (1 - RUBRIC_SCORING.misconceptionPenalty * penalised);
  if (keywordList) similarity = Math.min(similarity, RUBRIC_SCORING.keywordListCap);
  return Math.round(Math.max(0, Math.min(1, similarity)) * 1000) / 1000;
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Keeps a verdict only as strong as the answer's own words support: a quote whose words are not
 * (at least 80 %) in the answer is dropped, and a verdict that needed it steps down — `covered` to
 * `partly`, `partly` and `wrong` to `missed`. A model cannot credit (or blame) an answer for words
 * it does not contain.
 */
export function checkEvidence(answer: string, verdict: ConceptVerdict, evidence: string): { verdict: ConceptVerdict; evidence?: string } {
  if (verdict === 'missed') return { verdict };
  const quote = evidence.trim().slice(0, 300);
  const quoted = words(quote);
  const present = new Set(words(answer));
  const supported = quoted.length > 0 && quoted.filter((w) => present.has(w)).length / quoted.length >= RUBRIC_SCORING.evidenceWordShare;
  if (supported) return { verdict, evidence: quote };
  return { verdict: verdict === 'covered' ? 'partly' : 'missed' };
}

/** Concept observations for mastery (`mentioned` is true for covered and partly). */
export function conceptObservations(judged: readonly JudgedConcept[]): ConceptObservation[] {
  return judged.map((c) => ({
    concept: c.concept.slice(0, 100),
    mentioned: c.verdict === 'covered' || c.verdict === 'partly',
    verdict: c.verdict,
    ...(c.evidence ? { evidence: c.evidence } : {}),
  }));
}

function named(concepts: readonly JudgedConcept[]): string {
  const names = concepts.slice(0, 4).map((c) => `"${c.concept}"`);
  const rest = concepts.length > 4 ? ` and ${concepts.length - 4} more` : '';
  return names.length <= 1 ? `${names[0] ?? ''}${rest}` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)!}${rest}`;
}

/** Suggestions that name the concepts the answer missed or only touched on. */
export function rubricSuggestions(judged: readonly JudgedConcept[], answerWords: number): Suggestion[] {
  const out: Suggestion[] = [];
  const missed = judged.filter((c) => c.verdict === 'missed');
  const partly = judged.filter((c) => c.verdict === 'partly');
  if (missed.length === judged.length && answerWords >= 10) {
    out.push({
      code: 'off_topic',
      message: `The answer did not address what the question asks about (${named(judged)}). Restate the question, then answer it directly.`.slice(0, 500),
    });
    return out;
  }
  if (missed.length > 0)
    out.push({ code: 'missing_keywords', message: `Cover ${named(missed)}: the answer did not address ${missed.length === 1 ? 'it' : 'them'}.`.slice(0, 500) });
  if (partly.length > 0)
    out.push({
      code: 'partial_coverage',
      message:
        `Explain ${named(partly)} fully: the answer only touched on ${partly.length === 1 ? 'it' : 'them'}. Say what ${partly.length === 1 ? 'it is' : 'each is'} and why it matters.`.slice(
          0,
          500,
        ),
    });
  return out;
}
