import { porterStem } from './porter-stemmer';
import { STOP_WORDS } from './stop-words';

/** A word of a text: its lower-case surface form and its stem. */
export interface Token {
  word: string;
  stem: string;
  stop: boolean;
}

// Technical spellings that punctuation-splitting would destroy, rewritten before tokenizing.
const SPECIAL_FORMS: readonly (readonly [RegExp, string])[] = [
  [/c\+\+/g, ' cplusplus '],
  [/c#/g, ' csharp '],
  [/\.net\b/g, ' dotnet '],
  [/\bi\/o\b/g, ' io '],
  [/\bfor\s*(\.\.\.|…)\s*(of|in)\b/g, ' for_$2 '],
  [/\bnode\.js\b/g, ' nodejs '],
  [/\bo\(\s*1\s*\)/g, ' constant_time '],
  [/\bo\(\s*log\s*n\s*\)/g, ' logarithmic_time '],
  [/\bo\(\s*n\s*\)/g, ' linear_time '],
  [/\bo\(\s*n\s*log\s*n\s*\)/g, ' nlogn_time '],
  [/\bo\(\s*n\s*(\^|\*\*)\s*2\s*\)/g, ' quadratic_time '],
];

const WORD = /[a-z0-9_]+(?:'[a-z]+)?/g;

/** Lower-cases `text`, keeps technical forms (C++, O(n)), and splits it into tokens with stems. */
export function tokenize(text: string): Token[] {
  let s = text.toLowerCase().replace(/[\u2018\u2019]/g, "'");
  for (const [pattern, replacement] of SPECIAL_FORMS) s = s.replace(pattern, replacement);
  const out: Token[] = [];
  for (const match of s.matchAll(WORD)) {
    const word = match[0];
    const stop = STOP_WORDS.has(word);
    const base = word.endsWith("'s") ? word.slice(0, -2) : word;
    out.push({ word, stem: stop ? word : stemWord(base), stop });
  }
  return out;
}

/** The stem of one lower-case word (numbers and identifiers with digits or `_` stay as they are). */
export function stemWord(word: string): string {
  return /^[a-z]+$/.test(word) ? porterStem(word) : word;
}

/** Stems of the content words of `text`, in order (stop words removed). */
export function contentStems(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) if (!token.stop) out.push(token.stem);
  return out;
}
