import type { Slot } from '../concepts/expression';
import { isContent } from '../concepts/expression';
import { EXPLICIT_NEGATORS, type AnalyzedText } from '../nlp/analyzer';
import { clauses } from '../nlp/clauses';
import { comparativeBases } from '../nlp/forms';
import type { Lexical } from '../wordnet/lexical';

/**
 * A directed relation a clause states: "X faster than Y" (marker `faster`, X left, Y right),
 * "X before Y" (marker `before`). Sides hold reference-vocabulary indices.
 */
export interface DirectedRelation {
  marker: string;
  left: Set<number>;
  right: Set<number>;
}

/** One clause of the reference, in reference-vocabulary indices. */
export interface ReferenceClause {
  /** Vocabulary indices of its content words. */
  words: Set<number>;
  /** Those in the scope of a negation. */
  negated: Set<number>;
  /** The first noun of the clause (its subject, near enough), or -1. */
  subject: number;
  /** The clause contains an explicit negator. */
  negative: boolean;
  /** The clause denies something outright: a clausal negator ("not", "n't", "never", "cannot"). */
  denial: boolean;
  relation: DirectedRelation | null;
  /** The clause as written (for messages). */
  text: string;
  /** Vocabulary indices of the clause's first content word. */
  lead: number[];
  /** Sentence of the clause. */
  sentence: number;
}

/** What the reference states about how its terms relate, for misconception checks. */
export interface Relations {
  clauses: ReferenceClause[];
  /** Per vocabulary index: used as a noun in the reference. */
  nounish: boolean[];
  /** Per vocabulary index: used as a verb, adjective or adverb (a predicate) in the reference. */
  predicate: boolean[];
  /** Per vocabulary index: the reference word's own keys (its inflections, not its derived forms). */
  ownKeys: Set<string>[];
  /** Form → vocabulary indices of the predicates it is an antonym of ("increase" → reduce). */
  antonyms: Map<string, number[]>;
  /** Vocabulary indices of the terms the reference contrasts (process / thread, bagging / boosting). */
  entities: number[];
  /** Entity → vocabulary indices only the clauses about that entity use. */
  profiles: Map<number, Set<number>>;
}

/** Negators that deny a clause ("does not", "never", "cannot"), unlike "no X" or "all-or-nothing". */
const CLAUSAL_NEGATORS = new Set(['not', "n't", 'never', 'cannot']);

/** Order words WordNet gives no antonym for, with their opposite. */
export const ORDER_OPPOSITES: Record<string, string> = { before: 'after', after: 'before', earlier: 'later', later: 'earlier' };

interface BuildInput {
  reference: AnalyzedText;
  /** The question text: contrasted terms are the ones it coordinates ("X and Y", "X vs Y"). */
  questionText: AnalyzedText;
  questionKeys: ReadonlySet<string>;
  vocabularyStart: number;
  vocabulary: Slot[];
  lexical: Lexical;
  formIndex: Map<string, number[]>;
}

/** Precomputes the reference's {@link Relations}. */
export function buildRelations({ reference, questionText, questionKeys, vocabularyStart, vocabulary, lexical, formIndex }: BuildInput): Relations {
  const vocabOf = (i: number): number[] => tokenVocabulary(reference.keys[i]!, formIndex, vocabularyStart);
  const nounish = vocabulary.map(() => false);
  const ownKeys = vocabulary.map(() => new Set<string>());
  const predicate = vocabulary.map(() => false);
  const pos = reference.pos ?? [];
  for (let i = 0; i < reference.value.length; i++) {
    if (!isContent(reference, i)) continue;
    for (const v of vocabOf(i)) {
      for (const k of reference.keys[i]!) ownKeys[v]!.add(k);
      const tag = pos[i];
      if (tag === 'NOUN' || tag === 'PROPN') nounish[v] = true;
      if (tag === 'VERB' || tag === 'ADJ' || tag === 'ADV') predicate[v] = true;
    }
  }
  const refClauses: ReferenceClause[] = clauses(reference).map(([a, b]) => {
    const words = new Set<number>();
    const negated = new Set<number>();
    let subject = -1;
    for (let i = a; i <= b; i++) {
      if (!isContent(reference, i)) continue;
      for (const v of vocabOf(i)) {
        words.add(v);
        if (reference.negated[i]) negated.add(v);
        if (subject < 0 && nounish[v] && (pos[i] === 'NOUN' || pos[i] === 'PROPN')) subject = v;
      }
    }
    let lead: number[] = [];
    let negative = false;
    let denial = false;
    for (let i = a; i <= b; i++) {
      if (EXPLICIT_NEGATORS.has(reference.normal[i]!)) negative = true;
      if (CLAUSAL_NEGATORS.has(reference.normal[i]!)) denial = true;
    }
    for (let i = a; i <= b; i++) {
      if (isContent(reference, i)) {
        lead = vocabOf(i);
        break;
      }
    }
    return {
      words,
      negated,
      subject,
      negative,
      denial,
      relation: directedRelation(reference, a, b, vocabOf),
      text: reference.value.slice(a, b + 1).join(' '),
      lead,
      sentence: reference.sentence[a]!,
    };
  });

  const antonyms = new Map<string, number[]>();
  vocabulary.forEach((slot, v) => {
    if (!predicate[v]) return;
    // The antonyms of the word itself, not of its derived forms ("simpler" → complex, but not
    // "simplicity" → complexity, which an answer may use in agreement: "reduce complexity").
    for (const word of new Set([slot.text.toLowerCase(), ...ownKeys[v]!])) {
      for (const a of lexical.antonyms(word)) {
        if (slot.forms.has(a)) continue;
        const list = antonyms.get(a) ?? [];
        if (!list.includes(v)) list.push(v);
        antonyms.set(a, list);
      }
    }
  });

  // Contrasted terms: words of the question that open some reference clauses but are not the
  // topic of most of them ("scaling" is the topic; "horizontal" and "vertical" contrast).
  const mentionCount = new Map<number, number>();
  const leads = new Set<number>();
  for (const c of refClauses) {
    for (const w of c.words) mentionCount.set(w, (mentionCount.get(w) ?? 0) + 1);
    for (const l of c.lead) leads.add(l);
  }
  const isQuestionWord = (v: number) => [...vocabulary[v]!.forms].some((f) => questionKeys.has(f));
  const coordinated = coordinatedKeys(questionText);
  const candidates = [...leads].filter(
    (v) => [...vocabulary[v]!.forms].some((f) => coordinated.has(f)) && (mentionCount.get(v) ?? 0) <= Math.max(1, refClauses.length * 0.6),
  );
  const raw = new Map<number, Set<number>>();
  for (const e of candidates) raw.set(e, new Set());
  const clauseEntities = clauseEntitiesOf(
    refClauses.map((c) => ({ lead: c.lead, sentence: c.sentence })),
    candidates,
  );
  refClauses.forEach((c, k) => {
    const e = clauseEntities[k]!;
    if (e < 0) return;
    for (const w of c.words) if (!candidates.includes(w) && !isQuestionWord(w)) raw.get(e)!.add(w);
  });
  const profiles = new Map<number, Set<number>>();
  for (const [e, words] of raw) {
    const distinct = new Set([...words].filter((w) => ![...raw].some(([o, ow]) => o !== e && ow.has(w))));
    if (distinct.size > 0) profiles.set(e, distinct);
  }
  return {
    clauses: refClauses,
    nounish,
    predicate,
    ownKeys,
    antonyms,
    entities: profiles.size >= 2 ? [...profiles.keys()] : [],
    profiles: profiles.size >= 2 ? profiles : new Map(),
  };
}

/**
 * The contrasted term each clause is about: the one its first content word names, or else the
 * previous clause's in the same sentence ("A process has its own memory, file descriptors …"); -1
 * for none.
 */
export function clauseEntitiesOf(cl: readonly { lead: readonly number[]; sentence: number }[], entities: readonly number[]): number[] {
  const out: number[] = [];
  cl.forEach((c, k) => {
    const own = c.lead.find((v) => entities.includes(v));
    if (own !== undefined) out.push(own);
    else out.push(k > 0 && cl[k - 1]!.sentence === c.sentence ? out[k - 1]! : -1);
  });
  return out;
}

const COORDINATORS = new Set(['and', 'or', 'vs', 'vs.', 'versus', '/', '&']);

/**
 * Keys of the terms a question coordinates — "a process **and** a thread", "TCP **vs** UDP",
 * "TRUNCATE **and** DROP", "horizontal **and** vertical scaling": the content word on each side
 * of a coordinator. Only such terms are checked for being swapped.
 */
export function coordinatedKeys(question: AnalyzedText): Set<string> {
  const out = new Set<string>();
  const contentAt = (from: number, dir: number, skip: ReadonlySet<string>): number => {
    for (let i = from; i >= 0 && i < question.value.length; i += dir) {
      if (question.kind[i] === 'punctuation' && question.value[i] !== '/') return -1;
      if (isContent(question, i) && !question.keys[i]!.some((k) => skip.has(k))) return i;
    }
    return -1;
  };
  for (let c = 0; c < question.value.length; c++) {
    if (!COORDINATORS.has(question.normal[c]!)) continue;
    // The nearest content word on the left, and the first one on the right that is not a word
    // the two share ("method overloading and method overriding" → overloading, overriding).
    const left = contentAt(c - 1, -1, new Set());
    if (left < 0) continue;
    const before = new Set<string>();
    for (let i = Math.max(0, left - 2); i <= left; i++) if (isContent(question, i)) for (const k of question.keys[i]!) before.add(k);
    const leftKeys = new Set(question.keys[left]);
    const right = contentAt(c + 1, 1, new Set([...before].filter((k) => !leftKeys.has(k))));
    if (right < 0) continue;
    for (const k of question.keys[left]!) out.add(k);
    for (const k of question.keys[right]!) out.add(k);
  }
  return out;
}

/** Vocabulary indices a token's keys fill. */
export function tokenVocabulary(keys: readonly string[], formIndex: Map<string, number[]>, vocabularyStart: number): number[] {
  const out: number[] = [];
  for (const k of keys) {
    const ids = formIndex.get(k);
    if (!ids) continue;
    for (const id of ids) if (id >= vocabularyStart && !out.includes(id - vocabularyStart)) out.push(id - vocabularyStart);
  }
  return out;
}

/**
 * The directed relation of tokens `a..b`, if any: a comparative before "than" ("faster than",
 * "more expensive than") or an order word ("before", "after"). `vocabOf` maps a token to
 * vocabulary indices (reference or answer side).
 */
export function directedRelation(text: AnalyzedText, a: number, b: number, vocabOf: (i: number) => readonly number[]): DirectedRelation | null {
  // A clause whose subject is a pronoun ("…, so it is faster than a B-tree") takes its left side
  // from the start of its sentence.
  const sentenceStart = text.sentences[text.sentence[a]!]?.[0] ?? a;
  for (let i = a + 1; i < b; i++) {
    const w = text.normal[i]!;
    let marker: string | null = null;
    if (w === 'than' && i - 1 >= a) {
      const prev = text.normal[i - 1]!;
      const before = i - 2 >= a ? text.normal[i - 2]! : '';
      marker = before === 'more' || before === 'less' ? `${before} ${prev}` : prev;
    } else if (ORDER_OPPOSITES[w]) {
      marker = w;
    }
    if (!marker) continue;
    const left = new Set<number>();
    const right = new Set<number>();
    for (let j = a; j <= b; j++) {
      if (j === i || j === i - 1) continue;
      for (const v of vocabOf(j)) (j < i ? left : right).add(v);
    }
    if (left.size === 0) for (let j = sentenceStart; j < a; j++) for (const v of vocabOf(j)) left.add(v);
    if (left.size > 0 && right.size > 0) return { marker, left, right };
  }
  return null;
}

/** How two relation markers compare: the same, opposite, or unrelated. */
export function compareMarkers(a: string, b: string, lexical: Lexical): 'same' | 'opposite' | 'unrelated' {
  if (a === b) return 'same';
  if (ORDER_OPPOSITES[a] === b) return 'opposite';
  const [am, aw] = splitMarker(a);
  const [bm, bw] = splitMarker(b);
  if (am && bm && aw === bw) return am === bm ? 'same' : 'opposite';
  if (!am && !bm) {
    const ab = new Set([aw, ...comparativeBases(aw)]);
    const bb = [bw, ...comparativeBases(bw)];
    if (bb.some((x) => ab.has(x))) return 'same';
    const opposites = new Set(lexical.antonyms(aw));
    if (bb.some((x) => opposites.has(x))) return 'opposite';
  }
  return 'unrelated';
}

function splitMarker(m: string): [string | null, string] {
  const space = m.indexOf(' ');
  return space < 0 ? [null, m] : [m.slice(0, space), m.slice(space + 1)];
}
