import { analyze, type AnalyzedText } from '../nlp/analyzer';
import { gradedForms } from '../nlp/forms';
import type { Lexical } from '../wordnet/lexical';
import type { Synset } from '../wordnet/wordnet';

/** One content word of an expression and every form that counts as it. */
export interface Slot {
  /** The word as written in the expression. */
  text: string;
  /** Forms an answer token may match by (one of its keys): inflections, derived forms, synonyms. */
  forms: ReadonlySet<string>;
  /** Weight of the word in its expression (specific words weigh more; echoes of the question less). */
  weight: number;
}

/** One way of stating a concept: its content words, matched near each other in an answer. */
export interface Expression {
  text: string;
  slots: Slot[];
  /** Sum of the slots' weights. */
  weight: number;
  /** The expression states something negated ("no preemption", "cannot be null"). */
  negated: boolean;
}

/** What compiling an expression needs: WordNet and the question's context for sense choice. */
export interface CompileContext {
  lexical: Lexical;
  /** Keys of the question's and reference's content words (Lesk context for synonyms). */
  context: ReadonlySet<string>;
  /** Keys of the question text's content words: a slot the question already says is an echo. */
  questionKeys: ReadonlySet<string>;
  /** Signature of a synset for Lesk (its words and definition, as keys). */
  signature: (synset: Synset) => ReadonlySet<string>;
  /** Add context-fitting WordNet synonyms (default true). */
  synonyms?: boolean;
}

const NEGATORS = new Set(['not', 'no', 'never', 'without', 'cannot', "n't", 'neither', 'nor', 'none']);
/** Weight of a slot that only repeats a word of the question. */
export const ECHO_WEIGHT = 0.35;

/** True for a token that carries content: a word or number that is not a stop word, or an all-caps term ("WHERE", "IS NULL"). */
export function isContent(text: AnalyzedText, i: number): boolean {
  const k = text.kind[i];
  if (k !== 'word' && k !== 'number' && k !== 'other') return false;
  if (NEGATORS.has(text.normal[i]!)) return false;
  if (!text.stop[i]) return text.normal[i]!.length > 1 || k === 'number';
  const v = text.value[i]!;
  return v.length >= 2 && v === v.toUpperCase() && /[A-Z]/.test(v);
}

/**
 * Compiles a phrase ("circular wait", "truncate keeps table structure", "TRUNCATE") into an
 * {@link Expression}: each content word becomes a slot holding its inflected and WordNet-derived
 * forms and, when `synonyms` is on, the synonyms of its senses that fit the question's context.
 */
export function compileExpression(phrase: string, ctx: CompileContext): Expression | null {
  const text = analyze(phrase, { pos: true });
  const slots: Slot[] = [];
  let negated = false;
  for (let i = 0; i < text.value.length; i++) {
    if (NEGATORS.has(text.normal[i]!)) negated = true;
    if (!isContent(text, i)) continue;
    slots.push(compileSlot(text, i, ctx));
  }
  if (slots.length === 0) return null;
  return { text: phrase, slots, weight: slots.reduce((s, x) => s + x.weight, 0), negated };
}

/** The slot of token `i` of an analysed text. */
export function compileSlot(text: AnalyzedText, i: number, ctx: CompileContext): Slot {
  const forms = new Set<string>(text.keys[i]);
  const lemma = text.lemma[i]!;
  const normal = text.normal[i]!;
  const pos = text.pos?.[i];
  if (text.kind[i] === 'word' && /^[a-z][a-z-]*$/.test(lemma)) {
    for (const base of new Set([lemma, normal])) {
      for (const f of ctx.lexical.family(base)) forms.add(f);
    }
    if (pos === 'ADJ' || pos === 'ADV') for (const g of gradedForms(lemma)) forms.add(g);
    if (ctx.synonyms !== false) {
      const wnPos = pos === 'NOUN' || pos === 'PROPN' ? 'n' : pos === 'VERB' ? 'v' : pos === 'ADJ' ? 'a' : pos === 'ADV' ? 'r' : undefined;
      for (const s of ctx.lexical.synonymsInContext(lemma, ctx.context, ctx.signature, wnPos)) forms.add(s);
    }
  }
  const echo = text.keys[i]!.some((k) => ctx.questionKeys.has(k));
  const specificity = text.kind[i] === 'word' ? ctx.lexical.specificity(lemma) : 1;
  return { text: text.value[i]!, forms, weight: (0.4 + 0.6 * specificity) * (echo ? ECHO_WEIGHT : 1) };
}
