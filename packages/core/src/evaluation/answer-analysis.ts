import type { ExpectedKeyword, Question } from '../session/question';
import type { Lexicon } from './text/lexicon';
import { tokenize } from './text/tokenize';
import type { TermWeights } from './text/term-weights';

/** A text reduced to what the offline evaluator compares: normalized content terms and counts. */
export interface AnalyzedText {
  /** Canonical content terms in order (stop words removed, synonyms rewritten). */
  terms: string[];
  /** Distinct terms. */
  termSet: Set<string>;
  /** All words, stop words included. */
  wordCount: number;
  /** Share of function words among all words (prose ≈ 0.4–0.55). */
  stopRatio: number;
  /**
   * Share of sentence-building words (articles, pronouns, auxiliaries, a few prepositions and
   * conjunctions) among all words: prose ≈ 0.2–0.45, a keyword list ≈ 0. Unlike `stopRatio` it
   * ignores function words that occur inside technical terms ("GROUP BY", "WHERE", "hold and wait").
   */
  structuralRatio: number;
}

/** Words that build sentences but rarely occur inside technical terms. */
const STRUCTURAL_WORDS: ReadonlySet<string> = new Set(
  (
    'the a an is are was were be been being it its this that these those to of which who i we you they he she my our your their ' +
    'so because then when if can could will would should has have had do does did am me us them there here not also than ' +
    'in on with as at from into about'
  ).split(' '),
);

/** Tokenizes, stems and normalizes `text` with `lexicon`. */
export function analyzeText(text: string, lexicon: Lexicon): AnalyzedText {
  const tokens = tokenize(text);
  const stems: string[] = [];
  let stops = 0;
  let structural = 0;
  for (const t of tokens) {
    if (STRUCTURAL_WORDS.has(t.word)) structural++;
    if (t.stop) stops++;
    else stems.push(t.stem);
  }
  const terms = lexicon.normalize(stems);
  return {
    terms,
    termSet: new Set(terms),
    wordCount: tokens.length,
    stopRatio: tokens.length === 0 ? 0 : stops / tokens.length,
    structuralRatio: tokens.length === 0 ? 0 : structural / tokens.length,
  };
}

/** BM25's term-frequency saturation (k1 = 1.2): repeated reference terms count a little more. */
function saturate(tf: number): number {
  return (tf * 2.2) / (tf + 1.2);
}

/**
 * Weighted overlap of an answer with a reference: recall of the reference's weighted terms,
 * precision of the answer's, and their F2 (recall counts four times as much as precision: a
 * complete answer that adds context is better than a precise fragment).
 */
export function weightedOverlap(reference: AnalyzedText, answer: AnalyzedText, weights: TermWeights): { recall: number; precision: number; f2: number } {
  const refTf = new Map<string, number>();
  for (const t of reference.terms) refTf.set(t, (refTf.get(t) ?? 0) + 1);
  let refTotal = 0;
  let refHit = 0;
  for (const [term, tf] of refTf) {
    const w = weights.weight(term) * saturate(tf);
    refTotal += w;
    if (answer.termSet.has(term)) refHit += w;
  }
  let ansTotal = 0;
  let ansHit = 0;
  for (const term of answer.termSet) {
    const w = weights.weight(term);
    ansTotal += w;
    if (refTf.has(term)) ansHit += w;
  }
  const recall = refTotal === 0 ? 0 : refHit / refTotal;
  const precision = ansTotal === 0 ? 0 : ansHit / ansTotal;
  const f2 = recall + precision === 0 ? 0 : (5 * precision * recall) / (4 * precision + recall);
  return { recall, precision, f2 };
}

/** The synonym groups a question's expected keywords contribute (term first). */
export function keywordGroups(keywords: readonly ExpectedKeyword[]): string[][] {
  return keywords.filter((k) => k.synonyms.length > 0).map((k) => [k.term, ...k.synonyms]);
}

/**
 * Whether `phrase` occurs in the answer: every content term of the phrase (after normalization)
 * is among the answer's terms. Word order is not required, so "tables are normalized" matches
 * "table normalization".
 */
export function mentions(answer: AnalyzedText, phrase: string, lexicon: Lexicon): boolean {
  const terms = analyzeText(phrase, lexicon).terms;
  if (terms.length === 0) return false;
  for (const t of terms) if (!answer.termSet.has(t)) return false;
  return true;
}

/** Keyword coverage of the question's own expected keywords (a keyword matches by term or any synonym). */
export function keywordCoverage(
  answer: AnalyzedText,
  keywords: readonly ExpectedKeyword[],
  lexicon: Lexicon,
): { coverage: number; matched: string[]; missing: string[] } {
  const matched: string[] = [];
  const missing: string[] = [];
  for (const keyword of keywords) {
    const hit = [keyword.term, ...keyword.synonyms].some((phrase) => mentions(answer, phrase, lexicon));
    (hit ? matched : missing).push(keyword.term);
  }
  return { coverage: keywords.length === 0 ? 0 : matched.length / keywords.length, matched, missing };
}

/**
 * The text answers are compared with: the reference answer, or — when a question has none — its
 * text, keywords and concepts (a weaker reference: see the evaluator's notes).
 */
export function referenceText(question: Question): { text: string; fromReference: boolean } {
  if (question.referenceAnswer && question.referenceAnswer.trim().length > 0) return { text: question.referenceAnswer, fromReference: true };
  const parts = [question.text, ...question.expectedKeywords.flatMap((k) => [k.term, ...k.synonyms]), ...question.concepts];
  return { text: parts.join('. '), fromReference: false };
}
