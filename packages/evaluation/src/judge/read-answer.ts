import type { ConceptVerdict } from '@interviewkit/core';
import { isContent } from '../concepts/expression';
import { analyze, type AnalyzedText } from '../nlp/analyzer';
import type { QuestionModel } from '../model/question-model';

/** How one expression of a point was found in a text. */
export interface ExpressionMatch {
  /** Weighted share of the expression's slots found together, 0–1. */
  share: number;
  /** Sentence of the best match, or -1. */
  sentence: number;
  /** Tokens of the best match. */
  tokens: number[];
  /** Some matched word after the first is in the scope of a negation. */
  negated: boolean;
}

/** How one point was found: its best expression and the verdict before relation checks. */
export interface PointMatch {
  verdict: ConceptVerdict;
  /** Best expression's share, 0–1. */
  share: number;
  expression: number;
  match: ExpressionMatch;
}

/** A text read against a question model. */
export interface Reading {
  text: AnalyzedText;
  /** Slot id → token positions that fill it (undefined when none). */
  positions: (number[] | undefined)[];
  /** Per token: vocabulary indices it fills. */
  vocabularyOf: number[][];
  points: PointMatch[];
  /** Every expression's match, `[point][expression]`. */
  expressions: ExpressionMatch[][];
  /** Weighted share of the reference's vocabulary the text uses, 0–1. */
  vocabularyRecall: number;
  /** Share of the text's content words that belong to the question's concepts or reference, 0–1. */
  onTopic: number;
  contentWords: number;
}

/** Share of an expression from which its point counts as covered, and as partly covered. */
export const COVERED_AT = 0.7;
export const PARTLY_AT = 0.34;

/**
 * Reads `answer` against `model` in one pass over its tokens: every token's keys are looked up
 * in the model's form index, then each expression's best sentence (with half credit for words in
 * a neighbouring sentence) gives its share, and the vocabulary recall is summed.
 * `expectedNegation` gives, per point and expression, whether the reference states it negated.
 */
export function readAnswer(model: QuestionModel, answer: string | AnalyzedText, expectedNegation?: boolean[][]): Reading {
  const text = typeof answer === 'string' ? analyze(answer) : answer;
  const n = text.value.length;
  const positions: (number[] | undefined)[] = new Array(model.slots.length);
  const vocabularyStart = model.slots.length - model.vocabulary.length;
  const vocabularyOf: number[][] = new Array(n);
  let contentWords = 0;
  let onTopicWords = 0;
  for (let i = 0; i < n; i++) {
    const vocab: number[] = [];
    vocabularyOf[i] = vocab;
    const keys = text.keys[i]!;
    if (keys.length === 0) continue;
    const content = isContent(text, i);
    if (content) contentWords++;
    let hit = false;
    for (const k of keys) {
      const ids = model.formIndex.get(k);
      if (!ids) continue;
      for (const id of ids) {
        const list = positions[id];
        if (!list) positions[id] = [i];
        else if (list[list.length - 1] !== i) list.push(i);
        else continue;
        if (id >= vocabularyStart) vocab.push(id - vocabularyStart);
        hit = true;
      }
    }
    if (hit && content) onTopicWords++;
  }

  const expressions: ExpressionMatch[][] = [];
  const points = model.points.map((point, p) => {
    let best: PointMatch | null = null;
    const matches: ExpressionMatch[] = [];
    expressions.push(matches);
    point.expressions.forEach((e, ei) => {
      const match = matchExpression(model.expressionSlots[p]![ei]!, model, positions, text);
      matches.push(match);
      const expected = (expectedNegation?.[p]?.[ei] ?? false) || e.negated;
      const checkPolarity = match.share >= 0.6 && (e.slots.length >= 2 || e.negated);
      const wrong = checkPolarity && match.negated !== expected;
      // A claim of three words or more is partly stated only when two of its words occur together.
      const partlyShown = match.share >= PARTLY_AT && (e.slots.length < 3 || match.tokens.length >= 2);
      const verdict: ConceptVerdict = wrong ? 'wrong' : match.share >= COVERED_AT ? 'covered' : partlyShown ? 'partly' : 'missed';
      const candidate: PointMatch = { verdict, share: match.share, expression: ei, match };
      if (!best || rank(candidate) > rank(best)) best = candidate;
    });
    return best ?? { verdict: 'missed' as const, share: 0, expression: -1, match: { share: 0, sentence: -1, tokens: [], negated: false } };
  });

  let recalled = 0;
  model.vocabulary.forEach((slot, v) => {
    if (positions[vocabularyStart + v]) recalled += slot.weight;
  });
  return {
    text,
    positions,
    vocabularyOf,
    points,
    expressions,
    vocabularyRecall: model.vocabularyWeight > 0 ? recalled / model.vocabularyWeight : 0,
    onTopic: contentWords > 0 ? onTopicWords / contentWords : 0,
    contentWords,
  };
}

/** Orders candidate matches of one point: a correct statement beats a wrong one, then by share. */
function rank(m: PointMatch): number {
  const base = m.verdict === 'covered' ? 3 : m.verdict === 'partly' ? 2 : m.verdict === 'wrong' ? 1.5 : 0;
  return base + m.share / 10;
}

/** The best sentence for an expression's slots (neighbouring sentences count half). */
function matchExpression(slotIds: number[], model: QuestionModel, positions: (number[] | undefined)[], text: AnalyzedText): ExpressionMatch {
  let total = 0;
  for (const id of slotIds) total += model.slots[id]!.weight;
  const candidates = new Set<number>();
  for (const id of slotIds) for (const i of positions[id] ?? []) candidates.add(text.sentence[i]!);
  let best: ExpressionMatch = { share: 0, sentence: -1, tokens: [], negated: false };
  for (const s of candidates) {
    let score = 0;
    const tokens: number[] = [];
    let negated = false;
    slotIds.forEach((id, k) => {
      const list = positions[id];
      if (!list) return;
      const w = model.slots[id]!.weight;
      let here = -1;
      let near = -1;
      for (const i of list) {
        const si = text.sentence[i]!;
        if (si === s) {
          here = i;
          break;
        }
        if (near < 0 && (si === s - 1 || si === s + 1)) near = i;
      }
      if (here >= 0) {
        score += w;
        tokens.push(here);
        if ((k > 0 || slotIds.length === 1) && text.negated[here]) negated = true;
      } else if (near >= 0) {
        score += w / 2;
        tokens.push(near);
      }
    });
    const share = total > 0 ? score / total : 0;
    if (share > best.share) best = { share, sentence: s, tokens, negated };
  }
  return best;
}
