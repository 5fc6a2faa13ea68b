import type { AnalyzedText } from './analyzer';

/** Words that open a new clause with a contrast or a new subject ("…, while threads share it"). */
const CLAUSE_OPENERS = new Set(['but', 'while', 'whereas', 'although', 'though', 'however', 'unlike', 'instead', 'because', 'since', 'so', 'which', 'whilst']);
const CLAUSE_PUNCTUATION = new Set([';', ':', ',', '—', '–', '.', '?', '!']);

/**
 * Splits a text into clauses: sentences, cut again at semicolons, colons, commas, dashes and
 * contrast words. Returns `[first, last]` token ranges (inclusive), in order;
 * punctuation stays with the clause it ends.
 */
export function clauses(text: AnalyzedText): [number, number][] {
  const out: [number, number][] = [];
  const n = text.value.length;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const boundary = i + 1 === n || text.sentence[i + 1] !== text.sentence[i];
    // wink-nlp reads "a." before a lower-case word as an abbreviation: its full stop ends the clause too.
    const stop = text.value[i]!.length > 1 && text.value[i]!.endsWith('.') && /^[a-z]/.test(text.value[i + 1] ?? '');
    const punct = (text.kind[i] === 'punctuation' && CLAUSE_PUNCTUATION.has(text.value[i]!)) || stop;
    const opener = i + 1 < n && CLAUSE_OPENERS.has(text.normal[i + 1]!) && i + 1 > start;
    if (boundary || punct || opener) {
      if (i >= start) out.push([start, i]);
      start = i + 1;
    }
  }
  return out;
}
