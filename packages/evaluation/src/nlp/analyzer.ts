import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { matchKeys } from './forms';

/** Kinds of tokens the evaluator distinguishes (wink-nlp's token types, folded). */
export type TokenKind = 'word' | 'number' | 'punctuation' | 'symbol' | 'other';

/**
 * A text as the evaluator reads it: wink-nlp's tokens with their normal form (lower case, British
 * spellings mapped to American), lemma, stop-word and negation flags and sentence, plus the keys
 * a token matches concept forms by. Arrays are parallel, indexed by token.
 */
export interface AnalyzedText {
  /** The token as written. */
  value: string[];
  /** wink-nlp's normal form ("Generalises" → "generalizes"). */
  normal: string[];
  /** wink-nlp's lemma; for an answer (no part-of-speech pass) only unambiguous words are lemmatized. */
  lemma: string[];
  kind: TokenKind[];
  /** wink-nlp's stop-word flag (function words and very common words). */
  stop: boolean[];
  /** True inside the scope of a negation ("does **not remove the table**", "never **shares memory**"). */
  negated: boolean[];
  /** Universal part-of-speech tag; only for texts analysed with `pos: true` (references, concepts). */
  pos: string[] | null;
  /** Sentence index of each token. */
  sentence: number[];
  /** `[first, last]` token index of each sentence (inclusive). */
  sentences: [number, number][];
  /** Forms each token matches by: normal, lemma and its inflection-stripped variants. */
  keys: string[][];
  /** Number of word tokens. */
  wordCount: number;
}

type Nlp = WinkMethods;
let fast: Nlp | null = null;
let tagged: Nlp | null = null;

/**
 * wink-nlp instances, created on first use. Answers go through sentence splitting and negation
 * only: the part-of-speech tagger is the costliest stage and answers are read many times more
 * often than references; references, concepts and questions are analysed once with it.
 */
function nlp(pos: boolean): Nlp {
  if (pos) return (tagged ??= winkNLP(model, ['sbd', 'negation', 'pos']));
  return (fast ??= winkNLP(model, ['sbd', 'negation']));
}

/** Analyses `text`: with `pos`, also part-of-speech tags and POS-aware lemmas. */
export function analyze(text: string, options: { pos?: boolean } = {}): AnalyzedText {
  const withPos = options.pos ?? false;
  const engine = nlp(withPos);
  const its = engine.its;
  const doc = engine.readDoc(text);
  const tokens = doc.tokens();
  const value = tokens.out(its.value) as string[];
  const normal = tokens.out(its.normal) as string[];
  // wink-nlp's typings declare its.lemma with an addons parameter out() does not pass; it works as documented.
  const lemma = tokens.out(its.lemma as unknown as typeof its.normal) as string[];
  const types = tokens.out(its.type) as string[];
  const stop = tokens.out(its.stopWordFlag) as unknown as boolean[];
  const negated = tokens.out(its.negationFlag) as unknown as boolean[];
  const pos = withPos ? (tokens.out(its.pos) as string[]) : null;
  keepExplicitNegation(negated, normal, types);
  const spans = joinGluedSentences(doc.sentences().out(its.span) as unknown as [number, number][], (i) => tokens.itemAt(i).out(its.precedingSpaces));
  const n = value.length;
  const sentence = new Array<number>(n).fill(0);
  spans.forEach(([first, last], s) => {
    for (let i = first; i <= last; i++) sentence[i] = s;
  });
  const kind = new Array<TokenKind>(n);
  const keys = new Array<string[]>(n);
  let wordCount = 0;
  for (let i = 0; i < n; i++) {
    const t = types[i];
    const k: TokenKind =
      t === 'word' || t === 'hashtag' || t === 'mention'
        ? 'word'
        : t === 'number' || t === 'ordinal'
          ? 'number'
          : t === 'punctuation'
            ? 'punctuation'
            : t === 'symbol' || t === 'currency'
              ? 'symbol'
              : 'other';
    kind[i] = k;
    if (k === 'word') wordCount++;
    // wink-nlp gives no lemma for some tokens (e.g. a few symbols and contractions): fall back to the normal form.
    if (typeof lemma[i] !== 'string') lemma[i] = normal[i]!;
    keys[i] = k === 'word' || k === 'number' || k === 'other' ? matchKeys(normal[i]!, lemma[i]!) : [];
  }
  return { value, normal, lemma, kind, stop, negated, pos, sentence, sentences: spans.length ? spans : n ? [[0, n - 1]] : [], keys, wordCount };
}

/**
 * wink-nlp ends a sentence at the full stop of "copy.copy" or "list.copy()"; a sentence whose
 * first token follows the previous one without a space is not a new sentence.
 */
function joinGluedSentences(spans: [number, number][], spaceBefore: (token: number) => string): [number, number][] {
  if (spans.length < 2) return spans;
  const out: [number, number][] = [];
  for (const [first, last] of spans) {
    const prev = out[out.length - 1];
    if (prev && first > 0 && spaceBefore(first) === '') prev[1] = last;
    else out.push([first, last]);
  }
  return out;
}

/** Words that negate what follows them outright. */
export const EXPLICIT_NEGATORS: ReadonlySet<string> = new Set([
  'not',
  "n't",
  'no',
  'never',
  'cannot',
  'nor',
  'neither',
  'none',
  'nothing',
  'nobody',
  'without',
]);

/**
 * wink-nlp also opens a negation scope after verbs such as "eliminate" or "prevent"; for the
 * evaluator "eliminates redundancy" and "reduces redundancy" say the same thing, so only scopes
 * opened by an explicit negator ("not", "n't", "never", "no", "cannot", "without", …) are kept.
 */
function keepExplicitNegation(negated: boolean[], normal: readonly string[], types: readonly string[]): void {
  for (let i = 0; i < negated.length; i++) {
    if (!negated[i]) continue;
    let end = i;
    while (end + 1 < negated.length && negated[end + 1]) end++;
    const explicit = EXPLICIT_NEGATORS.has(normal[i - 1] ?? '') || EXPLICIT_NEGATORS.has(normal[i - 2] ?? '');
    // A scope also ends at punctuation, even where a sentence boundary was missed ("… log in. i went").
    let open = explicit;
    for (let k = i; k <= end; k++) {
      if (types[k] === 'punctuation') open = false;
      negated[k] = open && types[k] !== 'punctuation';
      // wink-nlp reads "in." before a lower-case "i" as an abbreviation: its full stop ends the scope too.
      if (normal[k]!.length > 1 && normal[k]!.endsWith('.')) open = false;
    }
    i = end;
  }
}
