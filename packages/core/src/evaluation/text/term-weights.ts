/**
 * Term weights for similarity: how much a shared word says about two answers meaning the same.
 * Words that any answer uses ("example", "problem", "work") weigh little; rare, specific words
 * ("normalization", "deadlock") weigh most. With a reference corpus (e.g. the question bank's
 * reference answers) the weight is BM25's inverse document frequency, scaled to (0, 1]; words
 * unseen in the corpus get full weight. Without one, a built-in list of generic interview words
 * gets a low weight and everything else full weight.
 */
import { contentStems } from './tokenize';

/** Generic words of interview answers: present in most answers whatever the question. */
const GENERIC_WORDS =
  'answer approach area base basic best better big case change chang choos choose clear common consid consider data ' +
  'depend differ different difficult easi easy effect exampl example experi experience explain fact first follow general go good great ' +
  'help high import important instanc instance issu keep kind know larg large last level littl long lot main mean need new ' +
  'number part particular peopl people person place point possibl possible problem project provid question reason right ' +
  'run see set show simpl simple situat situation small solut solution someth something specif start step sure system take ' +
  'task think time tri try type understand usual valu value want work year';

const GENERIC: ReadonlySet<string> = new Set(GENERIC_WORDS.split(' ').flatMap((w) => contentStems(w)));

/** Weight of generic words when no corpus is given. */
export const GENERIC_WORD_WEIGHT = 0.3;

/** Maps a (canonical) stem to its weight in (0, 1]. */
export interface TermWeights {
  weight(term: string): number;
}

/** The built-in weights: generic interview words low, everything else 1. */
export const defaultTermWeights: TermWeights = {
  weight: (term) => (GENERIC.has(term) ? GENERIC_WORD_WEIGHT : 1),
};

/**
 * BM25 inverse document frequencies over `documents` (already normalized term lists), scaled so
 * the rarest term weighs 1. Terms never seen weigh 1; generic words are never above their
 * built-in weight.
 */
export function corpusTermWeights(documents: readonly (readonly string[])[]): TermWeights {
  const n = documents.length;
  const df = new Map<string, number>();
  for (const doc of documents) for (const term of new Set(doc)) df.set(term, (df.get(term) ?? 0) + 1);
  const idf = (d: number): number => Math.log(1 + (n - d + 0.5) / (d + 0.5));
  const max = idf(0);
  return {
    weight(term) {
      const d = df.get(term);
      const w = d === undefined ? 1 : Math.max(0.05, idf(d) / max);
      return GENERIC.has(term) ? Math.min(w, GENERIC_WORD_WEIGHT) : w;
    },
  };
}
