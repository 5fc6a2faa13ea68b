import type { ConceptVerdict } from '@interviewkit/core';
import { isContent } from '../concepts/expression';
import type { Reading } from '../judge/read-answer';
import type { AnalyzedText } from '../nlp/analyzer';
import type { QuestionModel } from '../model/question-model';
import { cosine, type WordVectors } from './vectors';

/**
 * Cosine similarity of two word vectors from which a word counts as a soft match, and from which
 * it gets full soft credit (credit rises linearly in between). Set from the vectors' own
 * distribution, not from any corpus of answers: for 20,000 random pairs of frequent words
 * (ranks 300–30,000) the cosine has mean 0.05, 99th percentile 0.41, 99.5th 0.46 and 99.9th
 * 0.56, so 0.5 is about the 99.7th percentile — a chance pair reaches it about once in 300;
 * close synonyms and paraphrases sit at 0.55–0.9 (fast~quick 0.71, car~automobile 0.68,
 * crash~failure 0.57), and from 0.75 the credit is full (the vectors also join opposites,
 * increase~decrease 0.88: a soft match is never more than partial credit). Chance matches
 * between an answer's and a question's many words are what {@link ALIGNED_FROM} guards against.
 */
export const SOFT_FROM = 0.5;
export const SOFT_FULL = 0.75;
/** Most a point stated only in other words is worth (covered = 1, partly = 0.5). */
export const SOFT_POINT_MAX = 0.75;
/** Share of a reference word's weight a soft match recalls. */
export const SOFT_RECALL = 0.6;
/**
 * Alignment (see {@link alignment}) at which soft credit starts, and from which it is whole. Set
 * from a null distribution: answers scored against another question's reference align at 0.10
 * (median; 90th percentile 0.165), so an answer aligned no better than that with its own
 * question's reference gets no soft credit, and one past the null's tail (0.2) gets all of it.
 */
export const ALIGNED_FROM = 0.1;
export const ALIGNED_FULL = 0.2;
/** Words this frequent carry no topic (they remain after stop words: "make", "way", "people"). */
const COMMON_RANK = 400;
/** Answer words remembered per question (their soft matches against the question's slots). */
const WORD_CACHE_LIMIT = 20_000;

/** What a reading gains from words said differently. */
export interface OwnWords {
  /** Value of each point: its verdict's value, or more when other words state it. */
  values: number[];
  /** Vocabulary recall with soft matches counted at partial credit, 0–1. */
  vocabularyRecall: number;
  /** Points whose value soft matches raised. */
  raised: number[];
  /** {@link alignment} of the answer with the reference, and the share of soft credit it lets through. */
  alignment: number;
  gate: number;
}

interface SlotWords {
  /** Distinct slot words with a vector. */
  words: string[];
  vectors: Float32Array[];
  /** Slot ids of each distinct word. */
  slots: number[][];
  /** Answer word → [slot id, credit] of its soft matches. */
  matches: Map<string, [number, number][]>;
}

/** SIF weight of a word of frequency rank r: a / (a + p), p from Zipf's law over the vectors' vocabulary. */
function sifWeight(rank: number): number {
  const p = 1 / ((rank + 1) * Math.log(400_000));
  return SIF_A / (SIF_A + p);
}
const SIF_A = 1e-3;

/** SIF-weighted sum of the vectors of a token range's content words, or null when none has one. */
function sifSum(text: AnalyzedText, first: number, last: number, vectors: WordVectors): Float32Array | null {
  const sum = new Float32Array(vectors.dimensions);
  let any = false;
  for (let i = first; i <= last; i++) {
    if (text.kind[i] !== 'word' || !isContent(text, i)) continue;
    const w = text.normal[i]!;
    const rank = vectors.rank(w);
    if (rank < 0) continue;
    const v = vectors.vector(w);
    if (!v) continue;
    const weight = sifWeight(rank);
    for (let k = 0; k < sum.length; k++) sum[k] = sum[k]! + weight * v[k]!;
    any = true;
  }
  return any ? sum : null;
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (let k = 0; k < v.length; k++) norm += v[k]! * v[k]!;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let k = 0; k < v.length; k++) v[k] = v[k]! / norm;
  return v;
}

/** A unit vector with its component along unit `c` removed (SIF's common-component removal). */
function centered(v: Float32Array, c: Float32Array): Float32Array {
  const u = unit(v);
  const d = cosine(u, c);
  for (let k = 0; k < u.length; k++) u[k] = u[k]! - d * c[k]!;
  return unit(u);
}

interface ReferenceSentences {
  /** Unit SIF vector of the whole reference: the question's common component. */
  common: Float32Array;
  /** Each reference sentence's SIF vector with the common component removed. */
  sentences: Float32Array[];
}
const referenceSentences = new WeakMap<QuestionModel, ReferenceSentences | null>();

function referenceSentencesOf(model: QuestionModel, vectors: WordVectors): ReferenceSentences | null {
  let entry = referenceSentences.get(model);
  if (entry === undefined) {
    const ref = model.reference;
    const all = sifSum(ref, 0, ref.value.length - 1, vectors);
    entry = null;
    if (all) {
      const common = unit(all);
      const sentences: Float32Array[] = [];
      for (const [first, last] of ref.sentences) {
        const v = sifSum(ref, first, last, vectors);
        if (v) sentences.push(centered(v, common));
      }
      entry = { common, sentences };
    }
    referenceSentences.set(model, entry);
  }
  return entry;
}

/**
 * How closely the answer's sentences follow the reference's, beyond sharing its topic: each
 * sentence is a SIF-weighted mean of word vectors (weight a / (a + p(w)), p from the words'
 * frequency ranks) with the reference's overall direction removed, so what remains is what a
 * sentence says in particular; the alignment is the mean over reference sentences of the best
 * cosine with an answer sentence (negative counts 0).
 */
export function alignment(model: QuestionModel, text: AnalyzedText, vectors: WordVectors): number {
  const ref = referenceSentencesOf(model, vectors);
  if (!ref || ref.sentences.length === 0) return 0;
  const answer: Float32Array[] = [];
  for (const [first, last] of text.sentences) {
    const v = sifSum(text, first, last, vectors);
    if (v) answer.push(centered(v, ref.common));
  }
  let total = 0;
  for (const r of ref.sentences) {
    let best = 0;
    for (const a of answer) best = Math.max(best, cosine(r, a));
    total += best;
  }
  return total / ref.sentences.length;
}

/** Soft credit as a share of the alignment's way from no credit to full ({@link ALIGNED_FROM}, {@link ALIGNED_FULL}). */
export function alignmentGate(value: number): number {
  return Math.max(0, Math.min(1, (value - ALIGNED_FROM) / (ALIGNED_FULL - ALIGNED_FROM)));
}

const perModel = new WeakMap<QuestionModel, SlotWords>();

function slotWords(model: QuestionModel, vectors: WordVectors): SlotWords {
  let entry = perModel.get(model);
  if (!entry) {
    const byWord = new Map<string, number[]>();
    model.slots.forEach((s, id) => {
      const w = s.text.toLowerCase();
      const list = byWord.get(w);
      if (list) list.push(id);
      else byWord.set(w, [id]);
    });
    entry = { words: [], vectors: [], slots: [], matches: new Map() };
    for (const [w, ids] of byWord) {
      const v = vectors.vector(w);
      if (!v) continue;
      entry.words.push(w);
      entry.vectors.push(v);
      entry.slots.push(ids);
    }
    perModel.set(model, entry);
  }
  return entry;
}

/** Soft credit of a cosine similarity, 0–1. */
export function softCredit(similarity: number): number {
  if (similarity < SOFT_FROM) return 0;
  return Math.min(1, (similarity - SOFT_FROM) / (SOFT_FULL - SOFT_FROM));
}

/** The soft matches of one answer word against a question's slots (cached per question). */
function matchesOf(word: string, entry: SlotWords, vectors: WordVectors): [number, number][] {
  let found = entry.matches.get(word);
  if (found) return found;
  found = [];
  const rank = vectors.rank(word);
  const v = rank >= COMMON_RANK ? vectors.vector(word) : null;
  if (v) {
    entry.vectors.forEach((sv, k) => {
      if (entry.words[k] === word) return;
      const credit = softCredit(cosine(v, sv));
      if (credit > 0) for (const id of entry.slots[k]!) found!.push([id, credit]);
    });
  }
  if (entry.matches.size >= WORD_CACHE_LIMIT) entry.matches.clear();
  entry.matches.set(word, found);
  return found;
}

/**
 * Reads an answer's words against the question's slots a second time, through word vectors: a
 * slot no word of the answer fills lexically is softly filled by an answer word whose vector is
 * close to the slot word's ({@link softCredit}). Each point's expressions are matched again with
 * soft slots at their credit (lexical ones at 1), in the best sentence as the lexical matcher
 * does (a neighbouring sentence counts half), and a point is worth at most
 * {@link SOFT_POINT_MAX} × that share — never less than its lexical verdict, and a wrong point
 * stays wrong. The vocabulary recall adds {@link SOFT_RECALL} × credit of each softly recalled
 * reference word.
 */
export function readOwnWords(
  model: QuestionModel,
  reading: Reading,
  verdicts: readonly ConceptVerdict[],
  verdictValue: Readonly<Record<ConceptVerdict, number>>,
  vectors: WordVectors,
): OwnWords {
  const { text } = reading;
  const aligned = alignment(model, text, vectors);
  const gate = alignmentGate(aligned);
  if (gate === 0) {
    const values = verdicts.map((v) => verdictValue[v]);
    return { values, vocabularyRecall: reading.vocabularyRecall, raised: [], alignment: aligned, gate };
  }
  const entry = slotWords(model, vectors);
  // Best soft credit of each slot per sentence.
  const soft = new Map<number, Map<number, number>>();
  for (let i = 0; i < text.value.length; i++) {
    if (text.kind[i] !== 'word' || !isContent(text, i)) continue;
    const word = text.normal[i]!;
    if (!/^[a-z][a-z'-]*$/.test(word)) continue;
    for (const [id, credit] of matchesOf(word, entry, vectors)) {
      if (reading.positions[id]) continue;
      let bySentence = soft.get(id);
      if (!bySentence) soft.set(id, (bySentence = new Map()));
      const s = text.sentence[i]!;
      if ((bySentence.get(s) ?? 0) < credit * gate) bySentence.set(s, credit * gate);
    }
  }

  const credit = (id: number, s: number): number => {
    const lexical = reading.positions[id];
    let best = 0;
    if (lexical) {
      for (const i of lexical) {
        const si = text.sentence[i]!;
        if (si === s) return 1;
        if (si === s - 1 || si === s + 1) best = 0.5;
      }
    }
    const bySentence = soft.get(id);
    if (bySentence) best = Math.max(best, bySentence.get(s) ?? 0, (bySentence.get(s - 1) ?? 0) / 2, (bySentence.get(s + 1) ?? 0) / 2);
    return best;
  };

  const raised: number[] = [];
  const values = model.points.map((point, p) => {
    const lexical = verdictValue[verdicts[p]!];
    if (point.source === 'question' || verdicts[p] === 'wrong' || verdicts[p] === 'covered') return lexical;
    let share = 0;
    model.expressionSlots[p]!.forEach((ids) => {
      if (!ids.some((id) => soft.has(id))) return;
      let total = 0;
      for (const id of ids) total += model.slots[id]!.weight;
      if (total === 0) return;
      for (let s = 0; s < text.sentences.length; s++) {
        let got = 0;
        for (const id of ids) got += model.slots[id]!.weight * credit(id, s);
        share = Math.max(share, got / total);
      }
    });
    const value = SOFT_POINT_MAX * share;
    if (value > lexical) {
      raised.push(p);
      return value;
    }
    return lexical;
  });

  const vocabularyStart = model.slots.length - model.vocabulary.length;
  let recalled = 0;
  model.vocabulary.forEach((slot, v) => {
    const id = vocabularyStart + v;
    if (reading.positions[id]) recalled += slot.weight;
    else {
      const bySentence = soft.get(id);
      if (bySentence) recalled += slot.weight * SOFT_RECALL * Math.max(...bySentence.values());
    }
  });
  return { values, vocabularyRecall: model.vocabularyWeight > 0 ? recalled / model.vocabularyWeight : 0, raised, alignment: aligned, gate };
}
