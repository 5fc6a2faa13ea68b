import { comparativeBases } from '../nlp/forms';
import { sharedWordNet, type Synset, type WordNet, type WordNetPos } from './wordnet';

const POSES: readonly WordNetPos[] = ['n', 'v', 'a', 'r'];

/**
 * What WordNet says about single words, as the evaluator needs it: derived forms (the same word
 * in another part of speech or spelling), synonyms of the senses that fit a context, antonyms,
 * and how specific a word is. Every answer is cached per word.
 */
export class Lexical {
  private readonly familyCache = new Map<string, string[]>();
  private readonly antonymCache = new Map<string, string[]>();
  private readonly specificityCache = new Map<string, number>();

  private readonly wordnet: WordNet;

  constructor(wordnet: WordNet = sharedWordNet()) {
    this.wordnet = wordnet;
  }

  /** True when WordNet knows `word` as `pos` (or as any part of speech). */
  knows(word: string, pos?: WordNetPos): boolean {
    const w = word.toLowerCase();
    return pos ? this.wordnet.senses(w, pos).length > 0 : POSES.some((p) => this.wordnet.senses(w, p).length > 0);
  }

  /**
   * The word's morphological family: forms WordNet links to it as derivationally related
   * ("generalization" ~ "generalize" ~ "generalise" ~ "generalisation") or lists as another
   * spelling in the same synset — only those sharing its stem, so "die" does not bring "death"
   * and a family never drifts into a different word. Two steps deep; includes `word`.
   */
  family(word: string): readonly string[] {
    const w = word.toLowerCase();
    const cached = this.familyCache.get(w);
    if (cached) return cached;
    const found = new Set<string>([w]);
    let frontier = [w];
    for (let depth = 0; depth < 2 && frontier.length > 0; depth++) {
      const next: string[] = [];
      for (const f of frontier) {
        for (const related of this.directRelatives(f)) {
          if (!found.has(related) && sharesStem(w, related) && found.size < 16) {
            found.add(related);
            next.push(related);
          }
        }
      }
      frontier = next;
    }
    const out = [...found];
    this.familyCache.set(w, out);
    return out;
  }

  /**
   * Synonyms of `word` from the senses whose definition overlaps `context` (simplified Lesk word
   * sense disambiguation): "thread" in a text about processes and memory does not bring "yarn".
   * Only single words; `pos` restricts the senses when the part of speech is known.
   */
  synonymsInContext(word: string, context: ReadonlySet<string>, signatureOf: (synset: Synset) => ReadonlySet<string>, pos?: WordNetPos): string[] {
    const w = word.toLowerCase();
    const out = new Set<string>();
    for (const p of pos ? [pos] : POSES) {
      const senses = this.wordnet.senses(w, p).slice(0, 8);
      senses.forEach((offset) => {
        const synset = this.wordnet.synset(offset, p);
        const signature = signatureOf(synset);
        let overlap = 0;
        for (const s of signature) if (context.has(s)) overlap++;
        // A word with a single sense needs no disambiguation; otherwise two shared words.
        const fits = senses.length === 1 ? overlap >= 1 : overlap >= 2;
        if (!fits) return;
        for (const m of synset.words) if (m !== w && /^[a-z][a-z-]*$/.test(m)) out.add(m);
      });
    }
    return [...out];
  }

  /**
   * Antonyms of `word`: WordNet's direct antonyms of each sense ("fast" ! "slow", "increase" !
   * "decrease"), and for an adjective satellite the antonyms of its head ("quick" → "slow").
   * Comparatives are read through their base ("faster" → "slow"). `only` restricts the parts of
   * speech ("fixed" as an adjective has no antonym "break").
   */
  antonyms(word: string, only?: readonly WordNetPos[]): readonly string[] {
    const w = word.toLowerCase();
    const key = only ? `${w}\u0000${only.join('')}` : w;
    const cached = this.antonymCache.get(key);
    if (cached) return cached;
    const out = new Set<string>();
    const bases = [w, ...comparativeBases(w).filter((b) => this.knows(b, 'a') || this.knows(b, 'r'))];
    for (const base of bases) {
      for (const p of only ?? POSES) {
        this.wordnet.senses(base, p).forEach((offset, sense) => {
          const synset = this.wordnet.synset(offset, p);
          const index = synset.words.indexOf(base) + 1;
          for (const ptr of synset.pointers) {
            // The word's own antonyms in every sense; in its two commonest senses also those of its
            // synonyms ("reduce" is in the synset of "decrease", whose antonym is "increase").
            if (ptr.symbol === '!' && (ptr.source === index || ptr.source === 0 || sense < 2)) {
              for (const a of this.targetWords(ptr.offset, ptr.pos, ptr.target)) out.add(a);
            }
            if (ptr.symbol === '&' && p === 'a') {
              // Satellite → head adjective: the head's antonyms oppose the satellite too.
              const head = this.wordnet.synset(ptr.offset, 'a');
              for (const hp of head.pointers) if (hp.symbol === '!') for (const a of this.targetWords(hp.offset, hp.pos, hp.target)) out.add(a);
            }
          }
        });
      }
    }
    out.delete(w);
    const result = [...out];
    this.antonymCache.set(key, result);
    return result;
  }

  /**
   * How specific a word is, in (0, 1]: 1 for words WordNet does not know (product names,
   * acronyms) or with one sense, falling with the number of senses ("use", "make", "set" are
   * general; "redundancy", "mutex" are not). Used to weigh words, never to drop them.
   */
  specificity(word: string): number {
    const w = word.toLowerCase();
    const cached = this.specificityCache.get(w);
    if (cached !== undefined) return cached;
    let senses = 0;
    for (const p of POSES) senses += this.wordnet.senses(w, p).length;
    const value = senses <= 1 ? 1 : 1 / (1 + Math.log(senses) / 2);
    this.specificityCache.set(w, value);
    return value;
  }

  /** Words linked to `word` by a derivation, pertainym or participle pointer, or same-synset spellings. */
  private directRelatives(word: string): string[] {
    const out: string[] = [];
    for (const p of POSES) {
      for (const offset of this.wordnet.senses(word, p)) {
        const synset = this.wordnet.synset(offset, p);
        const index = synset.words.indexOf(word) + 1;
        if (index === 0) continue;
        for (const m of synset.words) if (m !== word && isSpellingVariant(word, m)) out.push(m);
        for (const ptr of synset.pointers) {
          if ((ptr.symbol === '+' || ptr.symbol === '\\' || ptr.symbol === '<') && ptr.source === index) {
            out.push(...this.targetWords(ptr.offset, ptr.pos, ptr.target));
          }
        }
      }
    }
    return out;
  }

  private targetWords(offset: number, pos: WordNetPos, target: number): string[] {
    const synset = this.wordnet.synset(offset, pos);
    if (target > 0) return synset.words[target - 1] ? [synset.words[target - 1]!] : [];
    return synset.words;
  }
}

/** Two forms of one stem: a shared prefix of ≥ 4 letters reaching within 3 letters of the shorter. */
export function sharesStem(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  let p = 0;
  while (p < n && a[p] === b[p]) p++;
  return p >= 4 && p >= n - 3;
}

/** "generalise" ~ "generalize", "colour" ~ "color": same start, at most two edits apart. */
function isSpellingVariant(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a.slice(0, 4) !== b.slice(0, 4) || a.includes(' ') || b.includes(' ')) return false;
  return editDistance(a, b) <= 2;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

let shared: Lexical | null = null;

/** The process-wide {@link Lexical} over the shared WordNet reader. */
export function sharedLexical(): Lexical {
  return (shared ??= new Lexical());
}
