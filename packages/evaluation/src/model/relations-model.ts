import type { Slot } from '../concepts/expression';
import { isContent } from '../concepts/expression';
import { EXPLICIT_NEGATORS, type AnalyzedText } from '../nlp/analyzer';
import { clauses } from '../nlp/clauses';
import { comparativeBases } from '../nlp/forms';
import type { Lexical } from '../wordnet/lexical';
import type { WordNetPos } from '../wordnet/wordnet';

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
/** What a clause states, read the same way in the reference and in an answer. */
export interface ClauseFacts {
  /** Vocabulary indices of its content words. */
  words: Set<number>;
  /** Those in the scope of a negation. */
  negated: Set<number>;
  /** The first noun of the clause (its subject, near enough), or -1. */
  subject: number;
  /** The clause contains an explicit negator ("not", "never", "no", …). */
  negative: boolean;
  /** The clause denies something outright: a clausal negator ("not", "n't", "never", "cannot"). */
  denial: boolean;
  /** Vocabulary indices of the clause's first content word. */
  lead: number[];
  /** Sentence of the clause. */
  sentence: number;
  /** Vocabulary indices of its content words in the order they occur. */
  mentions: number[];
  /** The clause opens with a relative pronoun ("…, which is large"): it is about the last term before it. */
  relative: boolean;
  contrast: boolean;
  compares: boolean;
  /** Quantities it states ({@link quantitiesOf}): complexities ("O:logn") and numbers ("#:53"). */
  quantities: string[];
  /** Graded amounts it states ({@link amountsOf}): "more:memory", "less:noisy". */
  amounts: string[];
}

/** A clause of the reference answer. */
export interface ReferenceClause extends ClauseFacts {
  relation: DirectedRelation | null;
  /** The clause as written (for messages). */
  text: string;
  /** The contrasted term the clause is about (see {@link clauseEntitiesOf}), or -1. */
  entity: number;
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
  /** Per vocabulary index: the question says it too (it shows no shared subject). */
  echo: boolean[];
  /** Vocabulary indices of words that only write a quantity ("log" of "O(log n)"). */
  quantityWords: Set<number>;
  /** Per vocabulary index: the reference also uses its negative form ("uncommitted" beside "committed"). */
  negativeForm: boolean[];
}

/** Negators that deny a clause ("does not", "never", "cannot"), unlike "no X" or "all-or-nothing". */
const CLAUSAL_NEGATORS = new Set(['not', "n't", 'never', 'cannot']);

/** Order words WordNet gives no antonym for, with their opposite. */
export const ORDER_OPPOSITES: Record<string, string> = { before: 'after', after: 'before', earlier: 'later', later: 'earlier' };

interface BuildInput {
  reference: AnalyzedText;
  /** The question text: contrasted terms are the ones it coordinates ("X and Y", "X vs Y"). */
  questionText: AnalyzedText;
  /**
   * Keys of the terms the question names one by one (single-word expected keywords, the heads of
   * "term: gloss" concepts): contrasted too when they open a sentence of the reference.
   */
  termKeys?: ReadonlySet<string>;
  questionKeys: ReadonlySet<string>;
  vocabularyStart: number;
  vocabulary: Slot[];
  lexical: Lexical;
  formIndex: Map<string, number[]>;
}

/** Precomputes the reference's {@link Relations}. */
export function buildRelations({ reference, questionText, questionKeys, termKeys, vocabularyStart, vocabulary, lexical, formIndex }: BuildInput): Relations {
  const vocabOf = (i: number): number[] => tokenVocabulary(reference.keys[i]!, formIndex, vocabularyStart);
  const nounish = vocabulary.map(() => false);
  const ownKeys = vocabulary.map(() => new Set<string>());
  const predicate = vocabulary.map(() => false);
  // WordNet parts of speech each word takes as a predicate in the reference.
  const predicatePos = vocabulary.map(() => new Set<WordNetPos>());
  const pos = reference.pos ?? [];
  for (let i = 0; i < reference.value.length; i++) {
    if (!isContent(reference, i)) continue;
    for (const v of vocabOf(i)) {
      for (const k of reference.keys[i]!) ownKeys[v]!.add(k);
      const tag = pos[i];
      if (tag === 'NOUN' || tag === 'PROPN') nounish[v] = true;
      if (tag === 'VERB' || tag === 'ADJ' || tag === 'ADV') {
        predicate[v] = true;
        // A participle after "be" that WordNet knows as an adjective ("is fixed at compile time")
        // is read as one: "fixed" as a verb would oppose "break".
        const participle =
          tag === 'VERB' && i > 0 && reference.lemma[i - 1] === 'be' && /(ed|en)$/.test(reference.normal[i]!) && lexical.knows(reference.normal[i]!, 'a');
        predicatePos[v]!.add(tag === 'VERB' && !participle ? 'v' : tag === 'ADV' ? 'r' : 'a');
      }
    }
  }
  const referenceKeys = new Set(reference.keys.flat());
  const refClauses: ReferenceClause[] = clauses(reference).map(([a, b]) => {
    const words = new Set<number>();
    const negated = new Set<number>();
    const mentions: number[] = [];
    let subject = -1;
    for (let i = a; i <= b; i++) {
      if (!isContent(reference, i)) continue;
      for (const v of vocabOf(i)) {
        words.add(v);
        mentions.push(v);
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
      mentions,
      relative: RELATIVE_OPENERS.has(reference.normal[a]!),
      contrast: CONTRAST_OPENERS.has(reference.normal[a]!),
      compares: reference.normal.slice(a, b + 1).includes('than'),
      entity: -1,
      quantities: quantitiesOf(reference, a, b),
      amounts: amountsOf(reference, a, b),
    };
  });

  const antonyms = new Map<string, number[]>();
  vocabulary.forEach((slot, v) => {
    if (!predicate[v]) return;
    // The antonyms of the word itself, not of its derived forms ("simpler" → complex, but not
    // "simplicity" → complexity, which an answer may use in agreement: "reduce complexity").
    // In the parts of speech the reference uses it in (adjectives also through their satellites).
    const only = [...predicatePos[v]!];
    for (const word of new Set([slot.text.toLowerCase(), ...ownKeys[v]!])) {
      for (const a of lexical.antonyms(word, only)) {
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
  const notTopic = (v: number) => (mentionCount.get(v) ?? 0) <= Math.max(1, refClauses.length * 0.6);
  const named = (v: number, keys: ReadonlySet<string>) => [...vocabulary[v]!.forms].some((f) => keys.has(f));
  // Terms the reference contrasts: those the question coordinates and that open some clause; the
  // terms the question names one by one (keywords, "term: gloss" concepts) that open a sentence;
  // and pairs of WordNet antonyms the reference uses to qualify a noun ("young generation" /
  // "old generation", "larger batch" / "smaller batch").
  const sentenceLeads = new Set<number>();
  refClauses.forEach((c, k) => {
    if (k === 0 || refClauses[k - 1]!.sentence !== c.sentence) for (const l of c.lead) sentenceLeads.add(l);
  });
  const coordinatedEntity = (v: number) => named(v, coordinated);
  const candidateSet = new Set<number>();
  for (const v of leads) if (named(v, coordinated) && notTopic(v)) candidateSet.add(v);
  // Named terms count when the reference defines several in turn (ACID's four properties).
  const sameTerm = (v: number, o: number) => [...vocabulary[v]!.forms].some((f) => vocabulary[o]!.forms.has(f));
  const terms: number[] = [];
  if (termKeys) for (const v of sentenceLeads) if (named(v, termKeys) && nounish[v] && notTopic(v) && !terms.some((o) => sameTerm(v, o))) terms.push(v);
  if (terms.length >= 3) for (const v of terms) candidateSet.add(v);
  // (Both words of a pair, however often the reference uses them: they are its two kinds.)
  if (candidateSet.size < 2) for (const v of attributiveAntonyms(reference, vocabOf, lexical)) candidateSet.add(v);
  // One entity per term: "decorator" and "Decorators" share their forms.
  const candidates: number[] = [];
  for (const v of candidateSet) if (!candidates.some((o) => sameTerm(v, o))) candidates.push(v);
  const raw = new Map<number, Set<number>>();
  for (const e of candidates) raw.set(e, new Set());
  const clauseEntities = clauseEntitiesOf(refClauses, candidates);
  refClauses.forEach((c, k) => {
    const e = clauseEntities[k]!;
    if (e < 0) return;
    for (const w of c.words) if (!candidates.includes(w) && !isQuestionWord(w)) raw.get(e)!.add(w);
  });
  const profiles = new Map<number, Set<number>>();
  for (const [e, words] of raw) {
    const distinct = new Set([...words].filter((w) => ![...raw].some(([o, ow]) => o !== e && ow.has(w))));
    // A term the question only names (not one it contrasts) needs a description of its own.
    if (distinct.size > (coordinatedEntity(e) ? 0 : 2)) profiles.set(e, distinct);
  }
  const entities = profiles.size >= 2 ? [...profiles.keys()] : [];
  if (entities.length >= 2) {
    const of = clauseEntitiesOf(refClauses, entities);
    refClauses.forEach((c, k) => (c.entity = of[k]!));
  }
  return {
    clauses: refClauses,
    nounish,
    predicate,
    ownKeys,
    antonyms,
    entities,
    profiles: profiles.size >= 2 ? profiles : new Map(),
    echo: vocabulary.map((_, v) => isQuestionWord(v)),
    negativeForm: vocabulary.map((_, v) => [...ownKeys[v]!].some((k) => ['un', 'non', 'non-', 'in', 'im', 'dis'].some((p) => referenceKeys.has(p + k)))),
    quantityWords: new Set(vocabulary.map((slot, v) => (/^(o|log|n)$/i.test(slot.text) ? v : -1)).filter((v) => v >= 0)),
  };
}

/** Words that open a relative clause: it is about the last term named before it. */
const RELATIVE_OPENERS = new Set(['which', 'that', 'who', 'whose', 'where']);

/** What {@link clauseEntitiesOf} reads of a clause. */
export interface EntityClause {
  lead: readonly number[];
  sentence: number;
  /** Vocabulary indices of its content words, in order. */
  mentions: readonly number[];
  relative: boolean;
  /** Opens with a contrast ("instead of …", "unlike …", "rather than …"): it describes the other term. */
  contrast: boolean;
  /** Compares ("… than processes"): a term it names may be the other side. */
  compares: boolean;
}

/** Words that open a clause about the other term of a contrast. */
export const CONTRAST_OPENERS: ReadonlySet<string> = new Set(['instead', 'unlike', 'rather', 'whereas', 'while', 'whilst']);

/**
 * The contrasted term each clause is about: the one its first content word names; else the only
 * one it names; else, in the same sentence, the last one the previous clause named when the
 * clause is relative ("…the old generation, which is large"), or the previous clause's term
 * ("A process has its own memory, file descriptors …"); -1 for none.
 */
export function clauseEntitiesOf(cl: readonly EntityClause[], entities: readonly number[]): number[] {
  const out: number[] = [];
  cl.forEach((c, k) => {
    const own = c.lead.find((v) => entities.includes(v));
    if (own !== undefined) {
      out.push(own);
      return;
    }
    if (c.contrast) {
      out.push(-1);
      return;
    }
    const named = new Set(c.mentions.filter((v) => entities.includes(v)));
    const prev = k > 0 && cl[k - 1]!.sentence === c.sentence ? cl[k - 1]! : null;
    if (named.size === 1 && !prev && !c.compares) {
      out.push([...named][0]!);
      return;
    }
    if (!prev || named.size > 1) {
      out.push(-1);
      return;
    }
    if (c.relative) {
      const last = [...prev.mentions].reverse().find((v) => entities.includes(v));
      if (last !== undefined) {
        out.push(last);
        return;
      }
    }
    out.push(out[k - 1]!);
  });
  return out;
}

/**
 * Vocabulary indices of adjectives the reference puts before a noun whose WordNet antonym it
 * also puts before a noun ("young generation" … "old generation"): the two qualify contrasted
 * things.
 */
function attributiveAntonyms(reference: AnalyzedText, vocabOf: (i: number) => number[], lexical: Lexical): number[] {
  const pos = reference.pos ?? [];
  // adjective lemma → head noun lemma → vocabulary indices of the adjective
  const found = new Map<string, Map<string, number[]>>();
  for (let i = 0; i + 1 < reference.value.length; i++) {
    if (pos[i] !== 'ADJ' || (pos[i + 1] !== 'NOUN' && pos[i + 1] !== 'PROPN') || !isContent(reference, i)) continue;
    const v = vocabOf(i);
    if (v.length === 0) continue;
    const heads = found.get(reference.lemma[i]!) ?? new Map<string, number[]>();
    heads.set(reference.lemma[i + 1]!, v);
    found.set(reference.lemma[i]!, heads);
  }
  const out = new Set<number>();
  for (const [word, heads] of found) {
    for (const a of lexical.antonyms(word)) {
      const other = a !== word ? found.get(a) : undefined;
      if (!other) continue;
      // The same thing qualified both ways: "young generation" / "old generation".
      for (const [head, v] of heads) {
        const w = other.get(head);
        if (!w) continue;
        for (const x of v) out.add(x);
        for (const x of w) out.add(x);
      }
    }
  }
  return [...out];
}

const NUMBER_WORDS: Record<string, string> = { one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10' };
/** Complexity classes named in words. */
const COMPLEXITY_WORDS: Record<string, string> = { constant: '1', linear: 'n', logarithmic: 'logn', quadratic: 'n^2', exponential: '2^n' };
/** Words that open a quantity besides numbers ("O(…)", "o of …", "linear time"): a clause without one or a number states none. */
export const QUANTITY_OPENERS: ReadonlySet<string> = new Set(['o', ...Object.keys(COMPLEXITY_WORDS)]);

/**
 * Quantities tokens `a..b` state, as `type:unit:value`: complexities in O-notation ("O(log n)",
 * spoken "o of one") or named ("linear time") as `O:<time|space|>:<class>`, and other numbers
 * as `#:<the word they count>:<value>` ("port 53" → `#:port:53`, "7 characters" → `#:characters:7`).
 */
export function quantitiesOf(text: AnalyzedText, a: number, b: number): string[] {
  const out: string[] = [];
  // What a complexity measures: "time" or "space"/"memory" within two words after it.
  const dimension = (j: number) => {
    for (let k = j; k <= Math.min(b, j + 2); k++) {
      const t = text.normal[k]!;
      if (t === 'time') return 'time';
      if (t === 'space' || t === 'memory') return 'space';
    }
    return '';
  };
  for (let i = a; i <= b; i++) {
    const w = text.normal[i]!;
    if (w === 'o' && i + 1 <= b && (text.value[i + 1] === '(' || text.normal[i + 1] === 'of')) {
      // O(…) up to the closing parenthesis, or "o of one", "o of n", "o of log n", "o of n squared".
      const spoken = text.value[i + 1] !== '(';
      let j = i + 2;
      let inner = '';
      for (; j <= b && j <= i + 8; j++) {
        const t = text.normal[j]!;
        if (!spoken && t === ')') break;
        if (spoken && !/^(log|n|one|1|squared|\^|2|k|m|n\^2)$/.test(t)) break;
        inner += t === 'squared' ? '^2' : (NUMBER_WORDS[t] ?? t);
      }
      if (inner) out.push(`O:${dimension(j + 1)}:${inner.replace(/\s+/g, '').replace(/\*/g, '')}`);
      i = spoken ? j - 1 : j;
      continue;
    }
    if (COMPLEXITY_WORDS[w] && i + 1 <= b && (text.normal[i + 1] === 'time' || text.normal[i + 1] === 'space')) {
      out.push(`O:${dimension(i + 1)}:${COMPLEXITY_WORDS[w]}`);
      continue;
    }
    if (text.kind[i] === 'number' && /^\d+(\.\d+)?%?$/.test(w)) {
      const unit =
        i + 1 <= b && isContent(text, i + 1) && text.kind[i + 1] === 'word'
          ? i + 1
          : i - 1 >= a && isContent(text, i - 1) && text.kind[i - 1] === 'word'
            ? i - 1
            : -1;
      if (unit >= 0) out.push(`#:${text.lemma[unit]!}:${w}`);
    }
  }
  return out;
}

/** Whether two quantities ({@link quantitiesOf}) measure the same thing: their value may be compared. */
export function sameMeasure(x: string, y: string): boolean {
  const [tx, ux] = x.split(':');
  const [ty, uy] = y.split(':');
  if (tx !== ty) return false;
  return tx === 'O' ? !ux || !uy || ux === uy : ux === uy;
}

/** Graded quantifiers and what they grade: "more memory", "less noisy", "fewer rows". */
const AMOUNT_MARKERS: Record<string, string> = { more: 'more', less: 'less', fewer: 'less', greater: 'more', lower: 'less', higher: 'more' };
/** Words that open a graded amount (a clause without one states none). */
export const AMOUNT_MARKER_WORDS: ReadonlySet<string> = new Set(Object.keys(AMOUNT_MARKERS));
/** The opposite amount marker. */
export const AMOUNT_OPPOSITE: Record<string, string> = { more: 'less', less: 'more' };

/** Graded amounts tokens `a..b` state, as `more:<key>` / `less:<key>` over the graded word's keys. */
export function amountsOf(text: AnalyzedText, a: number, b: number): string[] {
  const out: string[] = [];
  for (let i = a; i < b; i++) {
    const m = AMOUNT_MARKERS[text.normal[i]!];
    if (!m) continue;
    // "more than", "more and more": not a graded word.
    let j = i + 1;
    if (j <= b && (text.normal[j] === 'extra' || text.normal[j] === 'and')) continue;
    if (!isContent(text, j) || text.normal[j] === 'than') continue;
    for (const k of text.keys[j]!) out.push(`${m}:${k}`);
    j++;
  }
  return out;
}

const COORDINATORS = new Set(['and', 'or', 'vs', 'vs.', 'versus', '/', '&', '-', 'over']);

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
    // "a shallow copy and a deep copy": the two share their head, so the words that tell them
    // apart are the ones before it.
    const head = right + 1 < question.value.length && question.keys[right + 1]!.some((k) => leftKeys.has(k));
    if (head && left > 0 && isContent(question, left - 1)) for (const k of question.keys[left - 1]!) out.add(k);
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
