import type { AnalyzedText } from '../nlp/analyzer';

/** How much an answer reads as a list of terms rather than sentences. */
export interface ListShape {
  /** True when the answer is a list of terms without sentences. */
  isList: boolean;
  /** Share of stop words (function words: articles, pronouns, auxiliaries, prepositions) among words. */
  stopShare: number;
  /** Mean number of words between punctuation marks. */
  wordsPerSegment: number;
}

/**
 * Recognises a list of terms: sentences are held together by function words (wink-nlp's stop
 * words — prose has 35–55 % of them, a list of technical terms almost none, and a term such as
 * "hold and wait" only a few), and a list is cut into short pieces by commas. An answer of four
 * words or more with under 12 % function words, or under 22 % in pieces of at most 3.5 words, is
 * a list.
 */
export function listShape(text: AnalyzedText): ListShape {
  let words = 0;
  let stops = 0;
  let segments = 1;
  let inSegment = 0;
  for (let i = 0; i < text.value.length; i++) {
    const kind = text.kind[i];
    if (kind === 'word') {
      words++;
      inSegment++;
      if (text.stop[i]) stops++;
    } else if (kind === 'punctuation' && inSegment > 0) {
      segments++;
      inSegment = 0;
    }
  }
  if (inSegment === 0 && segments > 1) segments--;
  const stopShare = words > 0 ? stops / words : 0;
  const wordsPerSegment = words / segments;
  const isList = words >= 4 && (stopShare < 0.12 || (stopShare < 0.22 && wordsPerSegment <= 3.5));
  return { isList, stopShare, wordsPerSegment };
}
