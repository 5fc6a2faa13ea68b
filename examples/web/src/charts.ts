import { questionLabel } from '@interviewkit/core';
import type { Timeline } from './timeline';

/** Escapes text for SVG/HTML markup. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const r1 = (n: number): number => Math.round(n * 10) / 10;

/** A "nice" tick step (1, 2 or 5 × 10ⁿ) giving about `target` ticks over `range`. */
export function niceStep(range: number, target = 8): number {
  if (!(range > 0)) return 1;
  const raw = range / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const m = raw / magnitude;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * magnitude;
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return s >= 60 ? `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}` : `${r1(s)} s`;
}

/** Where a question label goes: the left end of its text and its row's baseline. */
export interface LabelPlacement {
  x: number;
  y: number;
}

/**
 * Places the question labels of markers at `xs` (in order) so that none overlaps another or
 * leaves the chart. A label wants to sit right of its marker (left of it when that would pass
 * `right`); one that would touch the previous label of a row moves up a row (`rows`: baselines,
 * the first nearest the plot); when every row is taken it goes after the row that ends first, and
 * a row running past `right` is then pulled back leftwards, label by label.
 */
export function layoutQuestionLabels(
  xs: readonly number[],
  options: { right: number; labelWidth: number; rows: readonly number[]; gap?: number },
): LabelPlacement[] {
  const gap = options.gap ?? 4;
  const width = options.labelWidth;
  const rows: Array<Array<{ i: number; from: number }>> = options.rows.map(() => []);
  const end = (row: number): number => {
    const last = rows[row]!.at(-1);
    return last ? last.from + width : -Infinity;
  };
  xs.forEach((x, i) => {
    const from = x + 3 + width > options.right ? x - 3 - width : x + 3;
    let row = rows.findIndex((_, r) => end(r) + gap <= from);
    if (row < 0) row = options.rows.map((_, r) => r).reduce((best, r) => (end(r) < end(best) ? r : best), 0);
    rows[row]!.push({ i, from: Math.max(from, end(row) + gap) });
  });
  const out: LabelPlacement[] = [];
  rows.forEach((labels, row) => {
    let limit = options.right;
    for (let k = labels.length - 1; k >= 0; k--) {
      const label = labels[k]!;
      label.from = Math.max(0, Math.min(label.from, limit - width));
      limit = label.from - gap;
      out[label.i] = { x: r1(label.from), y: options.rows[row]! };
    }
  });
  return out;
}

/**
 * The session timeline as SVG: the candidate's turns (shaded), speech (green bars) and pauses
 * (amber, red when long) on a time axis, with a marker where each question was asked.
 */
export function timelineSvg(timeline: Timeline, options: { width?: number } = {}): string {
  const width = options.width ?? 900;
  const left = 70;
  const right = 16;
  const height = 132;
  const plot = width - left - right;
  const duration = Math.max(timeline.duration, 1000);
  const x = (ms: number): number => r1(left + (Math.min(Math.max(ms, 0), duration) / duration) * plot);
  const w = (a: number, b: number): number => Math.max(1, r1(x(b) - x(a)));
  const parts: string[] = [];
  parts.push(`<text x="4" y="34" class="lane-label">Questions</text>`, `<text x="4" y="74" class="lane-label">Speech</text>`);
  // Questions asked close together (typed answers) or at the right edge (a stop right after a
  // question) get their labels moved so that none overlaps another or leaves the chart.
  const labels = layoutQuestionLabels(
    timeline.questions.map((q) => x(q.asked)),
    { right: width - 2, labelWidth: 7 * Math.max(2, ...timeline.questions.map((q) => questionLabel(q.index).length)), rows: [34, 22, 10] },
  );
  timeline.questions.forEach((q, i) => {
    const label = labels[i]!;
    if (q.turn)
      parts.push(
        `<rect class="turn" x="${x(q.turn.start)}" y="52" width="${w(q.turn.start, q.turn.end)}" height="36"><title>Answer to ${questionLabel(q.index)}: ${esc(formatSeconds(q.turn.end - q.turn.start))}</title></rect>`,
      );
    parts.push(
      `<line class="question-mark" x1="${x(q.asked)}" x2="${x(q.asked)}" y1="6" y2="92"/>`,
      `<text class="question-label" x="${label.x}" y="${label.y}">${questionLabel(q.index)}</text>`,
    );
  });
  for (const s of timeline.speech) {
    parts.push(
      `<rect class="speech" x="${x(s.start)}" y="58" width="${w(s.start, s.end)}" height="24"><title>Speech ${esc(formatSeconds(s.start))}–${esc(formatSeconds(s.end))}</title></rect>`,
    );
  }
  for (const p of timeline.pauses) {
    parts.push(
      `<rect class="pause${p.long ? ' long' : ''}" x="${x(p.start)}" y="64" width="${w(p.start, p.end)}" height="12"><title>${p.long ? 'Long pause' : 'Pause'} ${esc(formatSeconds(p.end - p.start))}</title></rect>`,
    );
  }
  const step = niceStep(duration / 1000) * 1000;
  parts.push(`<line class="axis" x1="${left}" x2="${left + plot}" y1="100" y2="100"/>`);
  for (let t = 0; t <= duration + 1; t += step) {
    parts.push(
      `<line class="tick" x1="${x(t)}" x2="${x(t)}" y1="100" y2="104"/><text class="tick-label" x="${x(t)}" y="118" text-anchor="middle">${esc(formatSeconds(t))}</text>`,
    );
  }
  if (timeline.speech.length === 0)
    parts.push(`<text class="empty" x="${left + plot / 2}" y="74" text-anchor="middle">No speech was recorded (typed answers)</text>`);
  const label = `Timeline: ${timeline.speech.length} speech segments, ${timeline.pauses.length} pauses over ${formatSeconds(duration)}`;
  return `<svg class="chart timeline" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}

/** One bar of a {@link barChartSvg}. */
export interface Bar {
  label: string;
  /** null draws an empty slot marked "n/a". */
  value: number | null;
}

/**
 * A vertical bar chart as SVG: one bar per value with its number above it, an optional
 * dashed reference line (e.g. the session average), a y axis from 0 to `max`.
 */
export function barChartSvg(
  title: string,
  bars: readonly Bar[],
  options: { max?: number; unit?: string; reference?: { value: number; label: string } | null; className?: string } = {},
): string {
  const width = 420;
  const height = 232;
  const left = 40;
  const top = 40;
  const bottom = 28;
  const plotH = height - top - bottom;
  const plotW = width - left - 12;
  const values = bars.map((b) => b.value ?? 0);
  const max = options.max ?? Math.max(10, ...values, options.reference?.value ?? 0) * 1.15;
  const y = (v: number): number => r1(top + plotH - (Math.min(Math.max(v, 0), max) / max) * plotH);
  const parts: string[] = [`<text class="chart-title" x="${left}" y="16">${esc(title)}</text>`];
  const step = niceStep(max, 4);
  for (let v = 0; v <= max + 1e-9; v += step) {
    parts.push(
      `<line class="grid" x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}"/><text class="tick-label" x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${r1(v)}</text>`,
    );
  }
  const slot = plotW / Math.max(bars.length, 1);
  const barW = Math.min(56, slot * 0.6);
  bars.forEach((b, i) => {
    const cx = left + slot * i + slot / 2;
    const labelY = height - bottom + 16;
    parts.push(`<text class="tick-label" x="${r1(cx)}" y="${labelY}" text-anchor="middle">${esc(b.label)}</text>`);
    if (b.value === null) {
      parts.push(`<text class="bar-value na" x="${r1(cx)}" y="${y(0) - 6}" text-anchor="middle">n/a</text>`);
      return;
    }
    const v = r1(b.value);
    parts.push(
      `<rect class="bar" x="${r1(cx - barW / 2)}" y="${y(v)}" width="${r1(barW)}" height="${r1(y(0) - y(v))}"><title>${esc(b.label)}: ${v}${esc(options.unit ?? '')}</title></rect>`,
      `<text class="bar-value" x="${r1(cx)}" y="${y(v) - 6}" text-anchor="middle">${v}</text>`,
    );
  });
  if (options.reference) {
    const ry = y(options.reference.value);
    // The line across the plot; its label sits under the title, as a legend.
    parts.push(
      `<line class="reference" x1="${left}" x2="${left + plotW}" y1="${ry}" y2="${ry}"/>`,
      `<line class="reference" x1="${left}" x2="${left + 20}" y1="28" y2="28"/><text class="reference-label" x="${left + 24}" y="32">${esc(options.reference.label)}</text>`,
    );
  }
  if (bars.length === 0) parts.push(`<text class="empty" x="${left + plotW / 2}" y="${top + plotH / 2}" text-anchor="middle">No answers</text>`);
  return `<svg class="chart bars ${esc(options.className ?? '')}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}</svg>`;
}
