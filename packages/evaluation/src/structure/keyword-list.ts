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
 * words or more is a list with under 12 % function words, or under 22 % in pieces of at most 3.5
 * words, or when it is four or more pieces of which three in four have at most three words.
 */
export function listShape(text: AnalyzedText): ListShape {
  let words = 0;
  let stops = 0;
  const segments: number[] = [0];
  for (let i = 0; i < text.value.length; i++) {
    const kind = text.kind[i];
    if (kind === 'word') {
      words++;
      segments[segments.length - 1]!++;
      // All-caps words are terms even when they are stop words ("IS NULL", "NOT IN").
      const v = text.value[i]!;
      if (text.stop[i] && !(v.length > 1 && v === v.toUpperCase())) stops++;
    } else if (kind === 'punctuation' && SEPARATORS.has(text.value[i]!) && segments[segments.length - 1]! > 0) {
      segments.push(0);
    }
  }
  if (segments.length > 1 && segments[segments.length - 1] === 0) segments.pop();
  const stopShare = words > 0 ? stops / words : 0;
  const wordsPerSegment = words / segments.length;
  // A comma-separated run of short items ("composition, inheritance, has-a, is-a, delegation").
  const shortItems = segments.filter((n) => n <= 3).length;
  // Prose cut short by code or abbreviations ("i <= items.length, reading items[i], …") has
  // sentences and function words; a list has neither.
  const itemised = segments.length >= 4 && shortItems / segments.length >= 0.75 && (text.sentences.length <= 1 || stopShare < 0.25);
  const isList = words >= 4 && (stopShare < 0.12 || (stopShare < 0.22 && wordsPerSegment <= 3.5) || itemised);
  return { isList, stopShare, wordsPerSegment };
}

/** Punctuation that separates the items of a list or the sentences of prose (not hyphens). */
const SEPARATORS = new Set([',', ';', '.', '!', '?', ':', '/', '|', '•']);
