import { ANSWER_KINDS, type AnswerKind, type ScoredItem } from './corpus';

/** One ordering check of the goals, over questions. */
export interface OrderingCheck {
  id: 'list_below_partial' | 'own_words_above_partial' | 'misconception_below_correct' | 'misconception_below_partial' | 'sql_prose_below_a';
  description: string;
  /** Questions where the check applies. */
  questions: number;
  /** Questions where it holds. */
  passed: number;
  /** passed / questions (1 when it applies nowhere). */
  rate: number;
  /** The goal's share. */
  goal: number;
  met: boolean;
  /** Ids of questions where it fails. */
  failures: string[];
}

/** What `pnpm calibrate` reports for one evaluator. */
export interface CalibrationReport {
  evaluator: string;
  answers: number;
  /** Spearman's rank correlation of score with true grade (ties get average ranks). */
  spearman: number;
  /** Mean true grade and mean score per answer kind. */
  kinds: { kind: AnswerKind; answers: number; meanGrade: number; meanScore: number; minScore: number; maxScore: number }[];
  checks: OrderingCheck[];
}

/** Spearman's rho: Pearson's correlation of the average ranks. */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  const rx = ranks(xs);
  const ry = ranks(ys);
  const n = xs.length;
  if (n < 2) return 0;
  const mx = rx.reduce((s, v) => s + v, 0) / n;
  const my = ry.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]![1]] = rank;
    i = j + 1;
  }
  return out;
}

/**
 * The calibration report of one evaluator's scores: Spearman over all items, per-kind means, and
 * the ordering checks per question:
 * - a keyword list scores below every partial answer (all questions);
 * - an own-words correct answer scores above every partial one (goal 90 % of questions);
 * - a misconception scores below the standard and own-words answers (all questions) and below
 *   the partial ones (goal 70 %);
 * - a prose answer to a SQL question stays below an A (< 85).
 */
export function calibrationReport(evaluator: string, items: readonly ScoredItem[]): CalibrationReport {
  const kinds = ANSWER_KINDS.map((kind) => {
    const of = items.filter((i) => i.kind === kind);
    return {
      kind,
      answers: of.length,
      meanGrade: mean(of.map((i) => i.grade)),
      meanScore: mean(of.map((i) => i.score)),
      minScore: of.length ? Math.min(...of.map((i) => i.score)) : 0,
      maxScore: of.length ? Math.max(...of.map((i) => i.score)) : 0,
    };
  }).filter((k) => k.answers > 0);

  const byQuestion = new Map<string, ScoredItem[]>();
  for (const i of items) byQuestion.set(i.question.id, [...(byQuestion.get(i.question.id) ?? []), i]);
  const check = (id: OrderingCheck['id'], description: string, goal: number, test: (of: (k: AnswerKind) => number[]) => boolean | null): OrderingCheck => {
    let questions = 0;
    let passed = 0;
    const failures: string[] = [];
    for (const [qid, list] of byQuestion) {
      const of = (k: AnswerKind) => list.filter((i) => i.kind === k).map((i) => i.score);
      const result = test(of);
      if (result === null) continue;
      questions++;
      if (result) passed++;
      else failures.push(qid);
    }
    const rate = questions === 0 ? 1 : passed / questions;
    return { id, description, questions, passed, rate, goal, met: rate >= goal, failures };
  };
  const both = (a: number[], b: number[], f: (x: number, y: number) => boolean) => (a.length && b.length ? a.every((x) => b.every((y) => f(x, y))) : null);
  const checks = [
    check('list_below_partial', 'keyword list below every partial answer', 1, (of) => both(of('keyword_list'), of('partial'), (l, p) => l < p)),
    check('own_words_above_partial', 'own-words correct answer above the partial one', 0.9, (of) => both(of('own_words'), of('partial'), (o, p) => o > p)),
    check('misconception_below_correct', 'misconception below the standard and own-words answers', 1, (of) =>
      both(of('misconception'), [...of('standard'), ...of('own_words')], (m, c) => m < c),
    ),
    check('misconception_below_partial', 'misconception below the partial answer', 0.7, (of) => both(of('misconception'), of('partial'), (m, p) => m < p)),
    check('sql_prose_below_a', 'prose answer to a SQL question below an A (< 85)', 1, (of) => (of('prose').length ? of('prose').every((s) => s < 85) : null)),
  ];
  return {
    evaluator,
    answers: items.length,
    spearman: spearman(
      items.map((i) => i.score),
      items.map((i) => i.grade),
    ),
    kinds,
    checks,
  };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

/** The report as a Markdown table (what `pnpm calibrate` writes into the docs). */
export function reportMarkdown(reports: readonly CalibrationReport[], corpus: { name: string; questions: number; answers: number; excluded: number }): string {
  const lines: string[] = [];
  lines.push(
    `Corpus \`${corpus.name}\`: ${corpus.questions} questions, ${corpus.answers} graded answers` +
      (corpus.excluded ? ` (${corpus.excluded} SQL query answers are judged by running them, not here)` : '') +
      '.',
  );
  lines.push('');
  for (const r of reports) {
    lines.push(`**${r.evaluator}** — Spearman ${r.spearman.toFixed(3)} over ${r.answers} answers.`);
    lines.push('');
    lines.push('| answer kind | answers | true grade | mean score | min | max |');
    lines.push('|---|---|---|---|---|---|');
    for (const k of r.kinds)
      lines.push(`| ${k.kind} | ${k.answers} | ${k.meanGrade.toFixed(2)} | ${k.meanScore.toFixed(1)} | ${k.minScore.toFixed(1)} | ${k.maxScore.toFixed(1)} |`);
    lines.push('');
    lines.push('| ordering check | goal | reached | met |');
    lines.push('|---|---|---|---|');
    for (const c of r.checks) lines.push(`| ${c.description} | ${pct(c.goal)} | ${pct(c.rate)} (${c.passed}/${c.questions}) | ${c.met ? 'yes' : 'no'} |`);
    lines.push('');
  }
  return lines.join('\n');
}

function pct(v: number): string {
  return `${Math.round(v * 100)} %`;
}
