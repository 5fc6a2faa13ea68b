import type { AnswerEvaluation, Grade } from '../evaluation/evaluator';
import { gradeForScore, sessionScore, similarityToScore } from '../evaluation/grading';
import { MASTERY_RULES, conceptEvidence } from '../mastery/mastery';
import type { ResearchMetrics } from '../metrics/research-metrics-schema';
import type { Question } from '../session/question';
import type { SessionSummary, SummaryArea, WeakConcept } from './session-summary-schema';
import { coachSpeechMetrics } from './speech-coaching';

/** One question of a session as the summary sees it. */
export interface SummaryTurn {
  question: Question;
  answer: string;
  /** Null when unevaluated (evaluation failed) — counted as answered when the answer has text. */
  evaluation: AnswerEvaluation | null;
}

/** Input of {@link buildSessionSummary}. */
export interface BuildSummaryInput {
  turns: readonly SummaryTurn[];
  /** Questions asked (default: the metrics' `questions_asked`, else the number of turns). */
  totalQuestions?: number;
  /** The session's research metrics, for delivery notes. */
  metrics?: ResearchMetrics | null;
  /** Concept mastery after the session (0–1), when known. */
  conceptMastery?: Readonly<Record<string, number>>;
}

/** Areas scoring at least this (0–100) count as strengths. */
export const STRENGTH_FROM = 70;

/**
 * The deterministic end-of-session summary: every number from the evaluations and metrics, the
 * prose templated from them. Areas are the questions' topics (or kinds, or "general"); an area
 * scoring at least {@link STRENGTH_FROM} is a strength, below it an area for improvement.
 */
export function buildSessionSummary(input: BuildSummaryInput): SessionSummary {
  const turns = input.turns;
  // A question asked when the interview was stopped has no turn, yet it was asked: count it, so the
  // headline says "2 of 3" like the session's questions_count.
  const total = Math.max(input.totalQuestions ?? input.metrics?.questions_asked ?? turns.length, turns.length);
  const answered = turns.filter((t) => t.answer.trim().length > 0);
  const evaluated = turns.filter((t): t is SummaryTurn & { evaluation: AnswerEvaluation } => t.evaluation !== null && t.answer.trim().length > 0);
  const score = sessionScore(evaluated.map((t) => t.evaluation.similarity));
  const grade: Grade | null = score === null ? null : gradeForScore(score);
  const completion = total === 0 ? 0 : Math.round((answered.length / total) * 100);

  const gradeCounts = { A: 0, B: 0, C: 0, D: 0, F: 0 };
  for (const turn of turns) gradeCounts[turn.evaluation && turn.answer.trim() ? turn.evaluation.grade : 'F']++;

  const areas = areaScores(evaluated);
  const strongest = areas
    .filter((a) => a.score >= STRENGTH_FROM)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
  const improvement = areas
    .filter((a) => a.score < STRENGTH_FROM)
    .sort((a, b) => a.score - b.score)
    .slice(0, 3);
  const weakest = weakestConcepts(evaluated, input.conceptMastery);
  const delivery = input.metrics
    ? coachSpeechMetrics(input.metrics)
        .filter((n) => n.status !== 'good' || n.metric === 'wpm')
        .map((n) => n.advice)
    : [];

  const recommendations = buildRecommendations({ turns, answered: answered.length, total, evaluated, weakest, improvement, delivery });
  const headline = headlineFor(score, grade, answered.length, total);
  return {
    overall: { score, grade, questions_answered: answered.length, total_questions: total, completion_rate: completion, headline },
    grade_counts: gradeCounts,
    strongest_areas: strongest,
    areas_for_improvement: improvement,
    recommendations,
    weakest_concepts: weakest,
    delivery,
    narrative: narrativeFor({ headline, strongest, improvement, weakest, delivery }),
    source: 'deterministic',
  };
}

function areaOf(question: Question): string {
  return question.topic ?? question.kind ?? question.sessionType ?? 'general';
}

function areaScores(evaluated: readonly (SummaryTurn & { evaluation: AnswerEvaluation })[]): SummaryArea[] {
  const groups = new Map<string, (SummaryTurn & { evaluation: AnswerEvaluation })[]>();
  for (const turn of evaluated) {
    const key = areaOf(turn.question);
    const list = groups.get(key);
    if (list) list.push(turn);
    else groups.set(key, [turn]);
  }
  return [...groups].map(([area, list]) => {
    const mean = list.reduce((sum, t) => sum + t.evaluation.similarity, 0) / list.length;
    const matched = list.reduce((n, t) => n + t.evaluation.matchedKeywords.length, 0);
    const keywords = matched + list.reduce((n, t) => n + t.evaluation.missingKeywords.length, 0);
    const missed = [...new Set(list.flatMap((t) => t.evaluation.missingKeywords))].slice(0, 3);
    const evidence =
      keywords === 0
        ? `${list.length} answer${list.length === 1 ? '' : 's'} averaging ${similarityToScore(mean)}/100.`
        : `Covered ${matched} of ${keywords} key points${missed.length ? `; missed ${missed.map((m) => `"${m}"`).join(', ')}` : ''}.`;
    return { area, score: similarityToScore(mean), answers: list.length, evidence };
  });
}

/**
 * Concepts probed this session that were missed, answered wrongly or answered poorly (read the
 * same way as mastery does, {@link conceptEvidence}); a concept whose latest answer in the session
 * was a good one is never listed, so it is never recommended as "practise next".
 */
function weakestConcepts(evaluated: readonly (SummaryTurn & { evaluation: AnswerEvaluation })[], mastery?: Readonly<Record<string, number>>): WeakConcept[] {
  const counts = new Map<string, { misses: number; attempts: number; lastGood: boolean }>();
  for (const turn of evaluated) {
    for (const c of turn.evaluation.concepts) {
      const entry = counts.get(c.concept) ?? { misses: 0, attempts: 0, lastGood: false };
      const evidence = conceptEvidence(c, turn.evaluation.similarity);
      entry.attempts++;
      if (evidence.value < MASTERY_RULES.weakBelow) entry.misses++;
      entry.lastGood = evidence.verdict === 'covered';
      counts.set(c.concept, entry);
    }
  }
  return [...counts]
    .filter(([, c]) => c.misses > 0 && !c.lastGood)
    .sort((a, b) => b[1].misses - a[1].misses || b[1].attempts - a[1].attempts || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([concept, c]) => ({ concept, misses: c.misses, attempts: c.attempts, mastery: mastery?.[concept] ?? null }));
}

interface RecommendationInput {
  turns: readonly SummaryTurn[];
  answered: number;
  total: number;
  evaluated: readonly (SummaryTurn & { evaluation: AnswerEvaluation })[];
  weakest: WeakConcept[];
  improvement: SummaryArea[];
  delivery: string[];
}

function buildRecommendations(r: RecommendationInput): string[] {
  const out: string[] = [];
  const skipped = r.total - r.answered;
  if (skipped > 0) out.push(`Answer every question, even partially: ${skipped} of ${r.total} went unanswered and scored 0.`);
  for (const area of r.improvement.slice(0, 2)) out.push(`Review ${humanize(area.area)} (scored ${area.score}/100): ${area.evidence}`);
  if (r.weakest.length > 0)
    out.push(
      `Practise these concepts next: ${r.weakest
        .slice(0, 3)
        .map((w) => humanize(w.concept))
        .join(', ')}.`,
    );
  const codes = new Map<string, number>();
  for (const t of r.evaluated) for (const s of t.evaluation.suggestions) codes.set(s.code, (codes.get(s.code) ?? 0) + 1);
  if ((codes.get('too_short') ?? 0) >= 2)
    out.push(`${codes.get('too_short')} answers were too short: aim for 60–120 seconds with a definition, an explanation and an example.`);
  if ((codes.get('add_example') ?? 0) >= 1)
    out.push('Use the STAR structure (situation, task, action, result) and end behavioural answers with a measurable result.');
  if ((codes.get('keyword_list') ?? 0) >= 1) out.push('Explain how terms connect in full sentences instead of listing them.');
  if (r.delivery.length > 0 && out.length < 6) out.push(r.delivery[0]!);
  if (out.length === 0) out.push('Keep practising at a higher difficulty: your answers covered the key points.');
  return out.slice(0, 6);
}

function headlineFor(score: number | null, grade: Grade | null, answered: number, total: number): string {
  if (score === null || grade === null)
    return answered === 0 ? 'No question was answered, so the session has no score.' : 'Answers could not be evaluated, so the session has no score.';
  const verdict = { A: 'Excellent', B: 'Good', C: 'Fair', D: 'Weak', F: 'Poor' }[grade];
  return `${verdict} performance: ${score}/100 (grade ${grade}) with ${answered} of ${total} questions answered.`;
}

function narrativeFor(n: { headline: string; strongest: SummaryArea[]; improvement: SummaryArea[]; weakest: WeakConcept[]; delivery: string[] }): string {
  const parts = [n.headline];
  if (n.strongest.length) parts.push(`Strongest: ${n.strongest.map((a) => `${humanize(a.area)} (${a.score})`).join(', ')}.`);
  if (n.improvement.length) parts.push(`To improve: ${n.improvement.map((a) => `${humanize(a.area)} (${a.score})`).join(', ')}.`);
  if (n.weakest.length) parts.push(`Concepts to practise: ${n.weakest.map((w) => humanize(w.concept)).join(', ')}.`);
  if (n.delivery.length) parts.push(n.delivery[0]!);
  return parts.join(' ');
}

function humanize(id: string): string {
  return id.replace(/_/g, ' ');
}
