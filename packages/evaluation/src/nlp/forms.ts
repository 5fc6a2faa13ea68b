/**
 * The forms a token is matched by: its normal form, its lemma, and the bases its inflection may
 * hide. Answers are read without the part-of-speech pass (see `analyze`), so wink-nlp leaves
 * ambiguous words such as "threads" or "caches" unlemmatized; stripping the regular inflections
 * (-s, -es, -ies, -ed, -ing, doubled consonants) recovers their bases. A wrong candidate ("cach")
 * is harmless: keys are only ever looked up among a concept's forms.
 */
export function matchKeys(normal: string, lemma: string): string[] {
  // Cached per (normal, lemma): an answer's words are mostly words seen before. Bounded, so a
  // long-running server does not grow without limit; callers never mutate the arrays.
  const id = lemma === normal ? normal : `${normal}\u0000${lemma}`;
  let keys = keyCache.get(id);
  if (!keys) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keys = computeKeys(normal, lemma);
    keyCache.set(id, keys);
  }
  return keys;
}

const KEY_CACHE_LIMIT = 100_000;
const keyCache = new Map<string, string[]>();

function computeKeys(normal: string, lemma: string): string[] {
  const keys = [normal];
  if (lemma !== normal && lemma.length > 0) keys.push(lemma);
  const w = normal;
  if (w.length <= 3 || !/^[a-z-]+$/.test(w)) return keys;
  const add = (k: string) => {
    if (k.length >= 2 && !keys.includes(k)) keys.push(k);
  };
  if (w.endsWith('ies') || w.endsWith('ied')) add(`${w.slice(0, -3)}y`);
  if (w.endsWith('es')) add(w.slice(0, -2));
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) add(w.slice(0, -1));
  if (w.endsWith('ed') && w.length > 4) {
    const stem = w.slice(0, -2);
    add(stem);
    add(w.slice(0, -1));
    if (doubled(stem)) add(stem.slice(0, -1));
  }
  if (w.endsWith('ing') && w.length > 5) {
    const stem = w.slice(0, -3);
    add(stem);
    add(`${stem}e`);
    if (doubled(stem)) add(stem.slice(0, -1));
  }
  return keys;
}

/** True when `stem` ends in a doubled consonant ("stopp", "runn"). */
function doubled(stem: string): boolean {
  const n = stem.length;
  return n >= 3 && stem[n - 1] === stem[n - 2] && !'aeiou'.includes(stem[n - 1]!);
}

/**
 * The comparative and superlative forms of an adjective or adverb base ("fast" → "faster",
 * "fastest"; "large" → "larger"; "easy" → "easier"; "big" → "bigger"), so that a concept stated
 * with the base matches an answer using the comparative. Irregular forms come from the lemma.
 */
export function gradedForms(base: string): string[] {
  if (base.length < 3 || !/^[a-z]+$/.test(base)) return [];
  if (base.endsWith('e')) return [`${base}r`, `${base}st`];
  if (base.endsWith('y')) return [`${base.slice(0, -1)}ier`, `${base.slice(0, -1)}iest`];
  const n = base.length;
  // Consonant-vowel-consonant: the last consonant doubles ("big" → "bigger").
  if (n <= 4 && !'aeiouwxy'.includes(base[n - 1]!) && 'aeiou'.includes(base[n - 2]!) && !'aeiou'.includes(base[n - 3]!)) {
    return [`${base}${base[n - 1]}er`, `${base}${base[n - 1]}est`, `${base}er`, `${base}est`];
  }
  return [`${base}er`, `${base}est`];
}

/** Candidate bases of a comparative ("faster" → fast; "larger" → large, larg; "easier" → easy). */
export function comparativeBases(word: string): string[] {
  if (word.length < 5 || !word.endsWith('er')) return [];
  const stem = word.slice(0, -2);
  const out = [stem, `${stem}e`];
  if (stem.endsWith('i')) out.push(`${stem.slice(0, -1)}y`);
  if (doubled(stem)) out.push(stem.slice(0, -1));
  return out;
}
