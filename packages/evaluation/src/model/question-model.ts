import type { Question } from '@interviewkit/core';
import { compileExpression, compileSlot, isContent, type CompileContext, type Expression, type Slot } from '../concepts/expression';
import { analyze, type AnalyzedText } from '../nlp/analyzer';
import type { Lexical } from '../wordnet/lexical';
import type { Synset } from '../wordnet/wordnet';
import { buildRelations, type Relations } from './relations-model';

/** Where a scored point of a question comes from. */
export type PointSource = 'concept' | 'keyword' | 'reference' | 'question';

/** Something a full answer must contain, with every way of saying it. */
export interface Point {
  label: string;
  source: PointSource;
  expressions: Expression[];
  /** Weight of the point in the coverage (echoes of the question weigh less). */
  weight: number;
  /** Every slot of the point only repeats the question's words: naming it shows nothing. */
  echo: boolean;
}

/** A concept of `question.concepts`, as reported to mastery. */
export interface MasteryConcept {
  concept: string;
  /** Index of the point that states it, or -1 when the reference does not state it by name. */
  point: number;
}

/** How a question's answers are judged. */
export type AnswerMode = 'technical' | 'story' | 'sql';

/**
 * Everything the evaluator precomputes for one question (cached): the points an answer must
 * cover, the reference's vocabulary, the relations it states, and one index from every form
 * to the slots it fills, so reading an answer is a single pass over its tokens.
 */
export interface QuestionModel {
  mode: AnswerMode;
  /** A behavioural, situational or HR question: answers are also checked for red flags. */
  soft: boolean;
  points: Point[];
  /** Indices of points that come from expected keywords (for `keywordCoverage`). */
  keywordPoints: number[];
  mastery: MasteryConcept[];
  /** The reference's content words, one slot each (coverage of the reference's vocabulary). */
  vocabulary: Slot[];
  /** Total weight of the vocabulary. */
  vocabularyWeight: number;
  /** Every slot: points' expressions' slots first, then the vocabulary's. */
  slots: Slot[];
  /** Slot id → [point, expression] for point slots; [-1, vocabulary index] for vocabulary slots. */
  slotOwner: [number, number][];
  /** Slot ids of each point's expressions, `[point][expression]` → slot ids in order. */
  expressionSlots: number[][][];
  /** Form → slot ids it fills. */
  formIndex: Map<string, number[]>;
  relations: Relations;
  reference: AnalyzedText;
  /** Content words of the reference (for the length guard). */
  referenceContentWords: number;
}

/** Words of behavioural prompts that say nothing about the story's subject. */
const PROMPT_WORDS = new Set([
  'tell',
  'time',
  'describe',
  'example',
  'situation',
  'give',
  'walk',
  'talk',
  'share',
  'explain',
  'experience',
  'moment',
  'specific',
  'instance',
  'story',
  'recall',
  'occasion',
]);

/** Alternative expressions of named concepts, e.g. the bank's (concept name → phrases). */
export type ConceptAlternatives = (concept: string, question: Question) => readonly string[];

/** Builds the {@link QuestionModel} of `question`. */
export function buildQuestionModel(question: Question, lexical: Lexical, alternatives: ConceptAlternatives): QuestionModel {
  const mode = answerMode(question);
  const referenceText = question.referenceAnswer?.trim()
    ? question.referenceAnswer
    : [question.text, ...question.concepts, ...question.expectedKeywords.map((k) => k.term)].join('. ');
  const reference = analyze(referenceText, { pos: true });
  const questionText = analyze(question.text, { pos: true });
  const questionKeys = contentKeys(questionText);
  const context = new Set<string>([...questionKeys, ...contentKeys(reference)]);
  const ctx: CompileContext = { lexical, context, questionKeys, signature: signatureOf };

  const points: Point[] = [];
  const keywordPoints: number[] = [];
  const mastery: MasteryConcept[] = [];
  const referenceKeys = contentKeys(reference);
  for (const concept of question.concepts) {
    const phrases = [concept, ...alternatives(concept, question)];
    const expressions = compileAll(phrases, ctx);
    // A concept the reference answer does not state by name is a label of the topic
    // ("query optimization" for "how would you speed up a slow query?"): the whole answer judges it.
    const stated = expressions.some((e) => stateRatio(e, referenceKeys) >= 0.5) || phrases.length > 1;
    if (!stated || expressions.length === 0) {
      mastery.push({ concept, point: -1 });
      continue;
    }
    mastery.push({ concept, point: points.length });
    points.push(makePoint(concept, 'concept', expressions));
  }
  for (const keyword of question.expectedKeywords) {
    const expressions = compileAll([keyword.term, ...keyword.synonyms], ctx);
    if (expressions.length === 0) continue;
    keywordPoints.push(points.length);
    points.push(makePoint(keyword.term, 'keyword', expressions));
  }
  if (points.length === 0 && mode !== 'story') {
    for (const phrase of keyPhrases(reference, questionKeys, lexical)) {
      const expressions = compileAll([phrase], ctx);
      if (expressions.length > 0) points.push(makePoint(phrase, 'reference', expressions));
    }
  }

  {
    // What the answer must be about: the question's own content words, with synonyms, but not the
    // words every behavioural prompt uses ("tell me about a time…").
    const topic = questionText.value
      .map((v, i) => (isContent(questionText, i) && !PROMPT_WORDS.has(questionText.lemma[i]!) && !PROMPT_WORDS.has(questionText.normal[i]!) ? v : ''))
      .filter(Boolean)
      .join(' ');
    const expression = topic ? compileExpression(topic, { ...ctx, questionKeys: new Set() }) : null;
    if (expression) points.push({ label: question.text, source: 'question', expressions: [expression], weight: 0, echo: false });
  }

  const vocabulary: Slot[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < reference.value.length; i++) {
    if (!isContent(reference, i) && !(mode === 'sql' && reference.kind[i] === 'word')) continue;
    const key = reference.lemma[i]!;
    if (seen.has(key)) continue;
    seen.add(key);
    vocabulary.push(compileSlot(reference, i, ctx));
  }

  const slots: Slot[] = [];
  const slotOwner: [number, number][] = [];
  const expressionSlots = points.map((p, pi) =>
    p.expressions.map((e, ei) =>
      e.slots.map((s) => {
        slots.push(s);
        slotOwner.push([pi, ei]);
        return slots.length - 1;
      }),
    ),
  );
  const vocabularyStart = slots.length;
  vocabulary.forEach((s, vi) => {
    slots.push(s);
    slotOwner.push([-1, vi]);
  });
  const formIndex = new Map<string, number[]>();
  slots.forEach((s, id) => {
    for (const f of s.forms) {
      const list = formIndex.get(f);
      if (list) list.push(id);
      else formIndex.set(f, [id]);
    }
  });
  const relations = buildRelations({
    reference,
    questionText,
    questionKeys,
    termKeys: namedTermKeys(question),
    vocabularyStart,
    vocabulary,
    lexical,
    formIndex,
  });
  let referenceContentWords = 0;
  for (let i = 0; i < reference.value.length; i++) if (isContent(reference, i)) referenceContentWords++;
  const soft =
    mode === 'story' ||
    ['behavioral', 'situational'].includes(question.kind ?? '') ||
    ['behavioral', 'hr'].includes(question.topic ?? '') ||
    question.sessionType === 'hr';
  return {
    mode,
    soft,
    points,
    keywordPoints,
    mastery,
    vocabulary,
    vocabularyWeight: vocabulary.reduce((s, v) => s + v.weight, 0),
    slots,
    slotOwner,
    expressionSlots,
    formIndex,
    relations,
    reference,
    referenceContentWords,
  };
}

/**
 * How answers to the question are judged: behavioural stories by their STAR structure, SQL
 * questions as prose against the reference query (a query is run by the challenge evaluator),
 * everything else by concept coverage.
 */
export function answerMode(question: Question): AnswerMode {
  if (question.extra?.['challenge'] === 'sql' || (question.topic === 'sql' && question.kind === 'coding')) return 'sql';
  if (question.kind === 'behavioral') return 'story';
  if (
    // "Give an example of when you'd use each" asks for a use case, not a story of the candidate's.
    /\b(tell me about a time|describe a (time|situation)|give (me )?an example of (a time|when(?! (you'?d|you would|to|it|one|each|a|an|the)\b))|talk about a time|walk me through a time)\b/i.test(
      question.text,
    )
  )
    return 'story';
  return 'technical';
}

function compileAll(phrases: readonly string[], ctx: CompileContext): Expression[] {
  const out: Expression[] = [];
  for (const p of phrases) {
    const e = compileExpression(p, ctx);
    if (e) out.push(e);
  }
  return out;
}

function makePoint(label: string, source: PointSource, expressions: Expression[]): Point {
  const echo = expressions.every((e) => e.slots.every((s) => s.weight < 0.4));
  // A point weighs by its best expression's non-echo share, within [0.4, 1].
  const best = Math.max(...expressions.map((e) => e.slots.filter((s) => s.weight >= 0.4).length / e.slots.length));
  return { label, source, expressions, weight: echo ? 0.4 : 0.4 + 0.6 * best, echo };
}

/** Share of an expression's slots the reference states (by any of their forms). */
function stateRatio(e: Expression, referenceKeys: ReadonlySet<string>): number {
  let hit = 0;
  for (const s of e.slots)
    for (const f of s.forms)
      if (referenceKeys.has(f)) {
        hit++;
        break;
      }
  return hit / e.slots.length;
}

/**
 * Keys of the terms a question names one by one: expected keywords of one content word
 * ("atomicity", "UDP") and the term of a concept written "term: gloss".
 */
function namedTermKeys(question: Question): Set<string> {
  const out = new Set<string>();
  const add = (phrase: string) => {
    const text = analyze(phrase);
    const content = text.value.map((_, i) => i).filter((i) => isContent(text, i));
    if (content.length === 1) for (const k of text.keys[content[0]!]!) out.add(k);
  };
  for (const k of question.expectedKeywords) add(k.term);
  for (const c of question.concepts) {
    const colon = c.indexOf(':');
    if (colon > 0) add(c.slice(0, colon));
  }
  return out;
}

/** Keys of a text's content words. */
export function contentKeys(text: AnalyzedText): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < text.value.length; i++) if (isContent(text, i)) for (const k of text.keys[i]!) out.add(k);
  return out;
}

const signatures = new WeakMap<Synset, ReadonlySet<string>>();
/** A synset's Lesk signature: keys of its words and of its definition's content words. */
function signatureOf(synset: Synset): ReadonlySet<string> {
  let sig = signatures.get(synset);
  if (!sig) {
    const text = analyze(`${synset.words.join(', ')}. ${synset.gloss.replace(/"[^"]*"/g, '')}`);
    sig = contentKeys(text);
    signatures.set(synset, sig);
  }
  return sig;
}

/**
 * The reference's key noun phrases, for questions that bring no concepts or keywords: maximal
 * runs of adjectives and nouns that end in a noun (part-of-speech tags), at most three words,
 * not only repeating the question, ranked by how specific their words are and how often the
 * reference uses them. About one phrase per eight content words, 3 to 8.
 */
export function keyPhrases(reference: AnalyzedText, questionKeys: ReadonlySet<string>, lexical: Lexical): string[] {
  const pos = reference.pos ?? [];
  const found = new Map<string, { phrase: string; score: number; head: string }>();
  let contentWords = 0;
  const flush = (start: number, end: number) => {
    // Trim to a noun-final run of at most three content tokens.
    let last = end;
    while (last >= start && pos[last] !== 'NOUN' && pos[last] !== 'PROPN') last--;
    if (last < start) return;
    const first = Math.max(start, last - 2);
    const idx: number[] = [];
    for (let i = first; i <= last; i++) if (isContent(reference, i)) idx.push(i);
    if (idx.length === 0) return;
    if (idx.every((i) => reference.keys[i]!.some((k) => questionKeys.has(k)))) return;
    const phrase = idx.map((i) => reference.value[i]).join(' ');
    const key = idx.map((i) => reference.lemma[i]).join(' ');
    const head = reference.lemma[last]!;
    const score = idx.reduce((s, i) => s + (reference.keys[i]!.some((k) => questionKeys.has(k)) ? 0.2 : lexical.specificity(reference.lemma[i]!)), 0);
    const prev = found.get(key);
    if (prev) prev.score += score * 0.5;
    else found.set(key, { phrase, score, head });
  };
  let start = -1;
  for (let i = 0; i <= reference.value.length; i++) {
    const tag = pos[i];
    const inRun =
      i < reference.value.length &&
      (tag === 'ADJ' || tag === 'NOUN' || tag === 'PROPN') &&
      isContent(reference, i) &&
      (start < 0 || reference.sentence[i] === reference.sentence[start]);
    if (i < reference.value.length && isContent(reference, i)) contentWords++;
    if (inRun) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      flush(start, i - 1);
      start = inRun ? i : -1;
    }
  }
  const ranked = [...found.values()].sort((a, b) => b.score - a.score);
  const limit = Math.max(3, Math.min(8, Math.round(contentWords / 8)));
  const heads = new Set<string>();
  const out: string[] = [];
  for (const r of ranked) {
    if (heads.has(r.head)) continue;
    heads.add(r.head);
    out.push(r.phrase);
    if (out.length >= limit) break;
  }
  return out;
}
