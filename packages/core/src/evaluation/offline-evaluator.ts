import type { Question } from '../session/question';
import { analyzeText, keywordCoverage, keywordGroups, mentions, referenceText, weightedOverlap, type AnalyzedText } from './answer-analysis';
import type { AnswerEvaluation, AnswerSpeechStats, EvaluateAnswerInput, Evaluator, Suggestion } from './evaluator';
import { gradeForScore, similarityToScore } from './grading';
import { BUILTIN_SYNONYM_GROUPS, Lexicon } from './text/lexicon';
import { contentStems } from './text/tokenize';
import { corpusTermWeights, defaultTermWeights, type TermWeights } from './text/term-weights';

/** Options of {@link createOfflineEvaluator}. */
export interface OfflineEvaluatorOptions {
  /**
   * Reference documents for term weighting (BM25 IDF), e.g. every reference answer of a question
   * bank. Without them a built-in list of generic words is down-weighted.
   */
  corpus?: readonly string[];
  /** Extra synonym groups (first phrase canonical), added to the built-in ones. */
  synonyms?: readonly (readonly string[])[];
  /** Answers with fewer words get a `too_short` suggestion. Default 20. */
  minAnswerWords?: number;
  /** Filler words per word above which `filler_heavy` is suggested. Default 0.06. */
  fillerRatioLimit?: number;
  /** Long pauses in one answer from which `long_pauses` is suggested. Default 2. */
  longPauseLimit?: number;
}

/** The evaluator id of {@link createOfflineEvaluator}. */
export const OFFLINE_EVALUATOR_ID = 'offline-lexical@1';

// Tuning constants, fixed by the calibration set (calibration-cases.ts) — change them only with it.
/** F2 overlap at which lexical similarity reaches 1 − 1/e ≈ 0.63. */
const OVERLAP_SCALE = 0.3;
/** Share of keyword coverage in the similarity when the question has expected keywords. */
const KEYWORD_SHARE = 0.4;
/** Below this share of sentence-building words an answer reads as a keyword list, not sentences. */
const PROSE_STRUCTURAL_RATIO = 0.15;
const MIN_PROSE_STRUCTURAL_RATIO = 0.05;
/** Answers with fewer content words than this share of the reference's are scaled down. */
const MIN_LENGTH_SHARE = 0.25;
/** Similarity below which an answer of some length is called off-topic. */
const OFF_TOPIC_BELOW = 0.2;

/** The pieces of the offline similarity, for explanation and tests. */
export interface OfflineSimilarityParts {
  recall: number;
  precision: number;
  lexical: number;
  keywordCoverage: number | null;
  proseFactor: number;
  lengthFactor: number;
  similarity: number;
}

/**
 * The default evaluator: needs no network and no model download, and is deterministic.
 *
 * **How it works.** Answer and reference are tokenized, stop words dropped, words stemmed (Porter)
 * and synonyms rewritten to one token (built-in groups such as "DB" ~ "database", plus the
 * question's own keyword synonyms). Each term is weighted: BM25 inverse document frequency over a
 * reference corpus when one is given, otherwise generic interview words ("example", "problem")
 * weigh 0.3 and the rest 1. The weighted recall of the reference's terms and precision of the
 * answer's terms are combined as F2 and mapped to [0, 1] by `1 − e^(−F2 / 0.3)` (lexical overlap
 * of real paraphrases rarely exceeds 0.5). With expected keywords, similarity is
 * 0.6 × lexical + 0.4 × keyword coverage. Two guards follow: an answer of four or more words with
 * under 15 % sentence-building words (articles, pronouns, auxiliaries) reads as a keyword list and is scaled by 0.5–1 (so keyword stuffing
 * never gets full marks), and an answer with under a quarter of the reference's content is scaled
 * by the square root of its share.
 *
 * **Where it falls short.** It measures shared vocabulary, not meaning: a paraphrase in entirely
 * different words scores lower than it should (the synonym groups only soften this), a fluent
 * wrong answer that reuses the reference's words ("normalization increases redundancy") scores
 * higher than it should, and negation is not understood. Use an `Embedder`
 * ({@link createEmbeddingEvaluator}) where that matters. The calibration set records what it gets
 * right.
 */
export function createOfflineEvaluator(options: OfflineEvaluatorOptions = {}): Evaluator & {
  /** The similarity and its components for one answer (no suggestions). */
  explain(question: Question, answer: string): OfflineSimilarityParts;
} {
  const baseLexicon = new Lexicon([...BUILTIN_SYNONYM_GROUPS, ...(options.synonyms ?? [])]);
  const weights: TermWeights = options.corpus?.length
    ? corpusTermWeights(options.corpus.map((doc) => baseLexicon.normalize(contentStems(doc))))
    : defaultTermWeights;
  const minWords = options.minAnswerWords ?? 20;
  const fillerLimit = options.fillerRatioLimit ?? 0.06;
  const pauseLimit = options.longPauseLimit ?? 2;

  // Per-question lexicon and analyzed reference, cached: a session evaluates each question once
  // per answer, a benchmark thousands of times.
  const cache = new WeakMap<Question, { lexicon: Lexicon; reference: AnalyzedText; fromReference: boolean }>();
  const prepare = (question: Question) => {
    let entry = cache.get(question);
    if (!entry) {
      const groups = keywordGroups(question.expectedKeywords);
      const lexicon = groups.length ? baseLexicon.extend(groups) : baseLexicon;
      const ref = referenceText(question);
      entry = { lexicon, reference: analyzeText(ref.text, lexicon), fromReference: ref.fromReference };
      cache.set(question, entry);
    }
    return entry;
  };

  const score = (question: Question, answerText: string) => {
    const { lexicon, reference, fromReference } = prepare(question);
    const answer = analyzeText(answerText, lexicon);
    const keywords = keywordCoverage(answer, question.expectedKeywords, lexicon);
    const overlap = weightedOverlap(reference, answer, weights);
    const lexical = 1 - Math.exp(-overlap.f2 / OVERLAP_SCALE);
    const hasKeywords = question.expectedKeywords.length > 0;
    const base = hasKeywords ? (1 - KEYWORD_SHARE) * lexical + KEYWORD_SHARE * keywords.coverage : lexical;
    // A list of terms has few sentence-building words. Dense technical prose has fewer than usual
    // too, so when the reference itself is that dense the bar follows it (never below 5 %, where a
    // bare list of domain words still falls).
    const proseBar =
      fromReference && reference.wordCount >= 8
        ? Math.min(PROSE_STRUCTURAL_RATIO, Math.max(MIN_PROSE_STRUCTURAL_RATIO, 0.6 * reference.structuralRatio))
        : PROSE_STRUCTURAL_RATIO;
    const proseFactor = answer.wordCount >= 4 && answer.structuralRatio < proseBar ? 0.5 + 0.5 * (answer.structuralRatio / proseBar) : 1;
    const share = reference.terms.length === 0 ? 1 : answer.terms.length / reference.terms.length;
    const lengthFactor = share >= MIN_LENGTH_SHARE ? 1 : Math.sqrt(share / MIN_LENGTH_SHARE);
    const similarity = answer.wordCount === 0 ? 0 : clamp01(base * proseFactor * lengthFactor);
    const parts: OfflineSimilarityParts = {
      recall: overlap.recall,
      precision: overlap.precision,
      lexical,
      keywordCoverage: hasKeywords ? keywords.coverage : null,
      proseFactor,
      lengthFactor,
      similarity,
    };
    return { parts, answer, keywords, lexicon };
  };

  return {
    id: OFFLINE_EVALUATOR_ID,
    explain: (question, answer) => score(question, answer).parts,
    evaluate(input: EvaluateAnswerInput): Promise<AnswerEvaluation> {
      const { question } = input;
      const { parts, answer, keywords, lexicon } = score(question, input.answer);
      const suggestions = suggest({ input, parts, answer, missing: keywords.missing, minWords, fillerLimit, pauseLimit });
      const similarity = round3(parts.similarity);
      const points = similarityToScore(similarity);
      return Promise.resolve({
        similarity,
        keywordCoverage: round3(keywords.coverage),
        matchedKeywords: keywords.matched,
        missingKeywords: keywords.missing,
        suggestions,
        concepts: question.concepts.map((concept) => ({ concept, mentioned: mentions(answer, concept, lexicon) })),
        score: points,
        grade: gradeForScore(points),
        evaluator: OFFLINE_EVALUATOR_ID,
        offline: true,
      });
    },
  };
}

interface SuggestInput {
  input: EvaluateAnswerInput;
  parts: OfflineSimilarityParts;
  answer: AnalyzedText;
  missing: string[];
  minWords: number;
  fillerLimit: number;
  pauseLimit: number;
}

/** Specific, named improvement suggestions for one answer. */
export function suggest({ input, parts, answer, missing, minWords, fillerLimit, pauseLimit }: SuggestInput): Suggestion[] {
  const out: Suggestion[] = [];
  const { question, speech } = input;
  if (answer.wordCount === 0) {
    out.push({ code: 'no_answer', message: 'No answer was given. Even a partial answer that states what you know scores better than silence.' });
    if (question.hint) out.push({ code: 'structure', message: truncate(`Hint for next time: ${question.hint}`) });
    return out;
  }
  if (parts.proseFactor < 1) {
    out.push({ code: 'keyword_list', message: 'Answer in full sentences: a list of terms does not show that you understand how they connect.' });
  }
  if (answer.wordCount < minWords) {
    out.push({
      code: 'too_short',
      message: `Your answer had ${answer.wordCount} words; develop it to at least ${minWords * 2}–${minWords * 4} words with an explanation and an example.`,
    });
  }
  if (parts.similarity < OFF_TOPIC_BELOW && answer.wordCount >= 10) {
    out.push(offTopicSuggestion(question.text));
  }
  if (missing.length > 0) {
    out.push(missingCoverageSuggestion(missing));
  }
  if (parts.keywordCoverage !== null && parts.keywordCoverage > 0 && parts.keywordCoverage < 0.5 && parts.similarity >= OFF_TOPIC_BELOW) {
    out.push({
      code: 'partial_coverage',
      message: `You covered ${Math.round(parts.keywordCoverage * 100)}% of the key points; name the missing ones and explain each in a sentence.`,
    });
  }
  const behavioural = question.kind === 'behavioral' || question.kind === 'situational' || question.sessionType === 'hr' || question.topic === 'behavioral';
  if (behavioural && !/\b(for example|for instance|once|when i|at my|in my (last|previous)|i (led|built|worked|handled|managed))\b/i.test(input.answer)) {
    out.push({ code: 'add_example', message: 'Ground the answer in one concrete situation (STAR: situation, task, action, result) with a measurable result.' });
  }
  out.push(...speechSuggestions(speech, { fillerRatioLimit: fillerLimit, longPauseLimit: pauseLimit }));
  return out;
}

/**
 * Delivery suggestions from an answer's speech measures (shared by every evaluator):
 * `filler_heavy` above `fillerRatioLimit` filler words per word (default 0.06) and `long_pauses`
 * from `longPauseLimit` long pauses (default 2). Empty without speech.
 */
export function speechSuggestions(speech: AnswerSpeechStats | undefined, limits: { fillerRatioLimit?: number; longPauseLimit?: number } = {}): Suggestion[] {
  const out: Suggestion[] = [];
  if (!speech || speech.words <= 0) return out;
  const fillerLimit = limits.fillerRatioLimit ?? 0.06;
  const pauseLimit = limits.longPauseLimit ?? 2;
  const ratio = speech.fillerCount / speech.words;
  if (ratio > fillerLimit) {
    out.push({
      code: 'filler_heavy',
      message: `${speech.fillerCount} filler words in ${speech.words} (${(ratio * 100).toFixed(0)}%); pause silently instead of "um" or "like" — aim for under ${Math.round(fillerLimit * 100)}%.`,
    });
  }
  if (speech.longPauseCount >= pauseLimit) {
    out.push({
      code: 'long_pauses',
      message: `${speech.longPauseCount} long pauses in this answer; outline your answer in a sentence before going into detail so you don't lose the thread.`,
    });
  }
  return out;
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** A suggestion's message cut to the schema's 500 characters. */
export function truncateSuggestion(message: string): string {
  return message.length <= 500 ? message : `${message.slice(0, 497)}...`;
}
const truncate = truncateSuggestion;

/** The `off_topic` suggestion: restate the question, then answer it (shared by the offline evaluators). */
export function offTopicSuggestion(questionText: string): Suggestion {
  return {
    code: 'off_topic',
    message: truncate(`The answer drifted from the question. Restate it first, then address it directly: "${questionText.slice(0, 160)}".`),
  };
}

/** The `missing_keywords` suggestion naming up to five concepts the answer left out (shared by the offline evaluators). */
export function missingCoverageSuggestion(missing: readonly string[]): Suggestion {
  const named = missing
    .slice(0, 5)
    .map((m) => `"${m}"`)
    .join(', ');
  return {
    code: 'missing_keywords',
    message: truncate(
      `Cover ${named}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}: ${missing.length === 1 ? 'it is' : 'they are'} central to this question.`,
    ),
  };
}
