import { questionLabel } from '../session/question-label';
import type { ResearchMetrics } from './research-metrics-schema';

/** Units of the research metrics, for the table. */
const UNITS: Partial<Record<keyof ResearchMetrics, string>> = {
  session_duration: 's',
  effective_duration: 's',
  speaking_time: 's',
  silence_time: 's',
  forced_silence_time: 's',
  candidate_turn_time: 's',
  wpm: 'words/min',
  articulation_rate: 'words/s',
  avg_pause_duration: 's',
  hesitation_rate: 'pauses/min',
  mean_length_of_run: 'words/run',
  avg_response_latency: 's',
  filler_rate: 'fillers/min',
  pitch_mean: 'Hz',
  pitch_std: 'Hz',
  pitch_range: 'Hz',
  pitch_stability: '/100',
};

/** Renders research metrics as an aligned text table (units per row), then the per-question rows (Q1, Q2, … as people count). */
export function formatMetricsTable(metrics: ResearchMetrics): string {
  const rows: [string, string, string][] = [];
  for (const [key, value] of Object.entries(metrics)) {
    if (key === 'per_question') continue;
    rows.push([key, value === null ? '—' : String(value), UNITS[key as keyof ResearchMetrics] ?? '']);
  }
  const width = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length), ['metric', 'value', 'unit'][c]!.length));
  const line = (r: string[]): string => `${r[0]!.padEnd(width[0]!)}  ${r[1]!.padStart(width[1]!)}  ${r[2]!}`.trimEnd();
  const out = [line(['metric', 'value', 'unit']), line(['-'.repeat(width[0]!), '-'.repeat(width[1]!), '-'.repeat(width[2]!)]), ...rows.map(line)];
  if (metrics.per_question.length > 0) {
    out.push('', 'per question:');
    out.push('  Q    answered  words  speaking  wpm    latency  pauses  long  similarity  coverage');
    for (const q of metrics.per_question) {
      out.push(
        `  ${questionLabel(q.index).padEnd(4)} ${String(q.answered).padEnd(9)} ${String(q.words).padStart(5)}  ${q.speaking_time.toFixed(1).padStart(7)}s ${q.wpm.toFixed(1).padStart(6)}${q.wpm_reliable ? ' ' : '*'} ${q.response_latency === null ? '      —' : `${q.response_latency.toFixed(2).padStart(6)}s`} ${String(q.pause_count).padStart(7)} ${String(q.long_pause_count).padStart(5)}  ${q.semantic_similarity === null ? '         —' : q.semantic_similarity.toFixed(3).padStart(10)}  ${q.keyword_coverage === null ? '       —' : q.keyword_coverage.toFixed(3).padStart(8)}`,
      );
    }
    if (metrics.per_question.some((q) => !q.wpm_reliable && q.words > 0)) out.push('  * too few words for a reliable WPM');
  }
  return out.join('\n');
}
