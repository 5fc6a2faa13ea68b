import type { SessionEvent } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { barChartSvg, esc, layoutQuestionLabels, niceStep, timelineSvg } from './charts';
import { buildTimeline } from './timeline';

const log: SessionEvent[] = [
  { type: 'session_started', t: 0, session_type: 'technical' },
  { type: 'question_asked', t: 10, index: 0, question: 'What is an index?' },
  { type: 'question_end', t: 100, index: 0 },
  { type: 'speech_start', t: 600 },
  { type: 'speech_end', t: 2600 },
  { type: 'speech_start', t: 2700 }, // a 100 ms gap: not a pause
  { type: 'speech_end', t: 3000 },
  { type: 'speech_start', t: 4000 }, // 1 s pause
  { type: 'speech_end', t: 5000 },
  { type: 'speech_start', t: 11_000 }, // 6 s: a long pause
  { type: 'speech_end', t: 12_000 },
  { type: 'answer_complete', t: 12_500, index: 0, reason: 'manual', text: 'An index…' },
  { type: 'question_asked', t: 12_600, index: 1, question: 'What is a transaction?' },
  { type: 'question_end', t: 12_700, index: 1 },
  { type: 'speech_start', t: 13_000 }, // left open: closed at the end of the log
  { type: 'session_stopped', t: 14_000, reason: 'stopped' },
];

describe('buildTimeline', () => {
  it('pairs speech_start/speech_end, finds pauses inside answers and marks questions and turns', () => {
    const timeline = buildTimeline(log);
    expect(timeline.duration).toBe(14_000);
    expect(timeline.speech).toEqual([
      { start: 600, end: 2600 },
      { start: 2700, end: 3000 },
      { start: 4000, end: 5000 },
      { start: 11_000, end: 12_000 },
      { start: 13_000, end: 14_000 },
    ]);
    // The silence between answers (12 000–13 000) spans two turns: not a pause.
    expect(timeline.pauses).toEqual([
      { start: 3000, end: 4000, long: false },
      { start: 5000, end: 11_000, long: true },
    ]);
    expect(timeline.questions).toEqual([
      { index: 0, asked: 10, turn: { start: 100, end: 12_500 } },
      { index: 1, asked: 12_600, turn: { start: 12_700, end: 14_000 } },
    ]);
  });

  it('handles an empty log', () => {
    expect(buildTimeline([])).toEqual({ duration: 0, speech: [], pauses: [], questions: [] });
  });
});

describe('SVG charts', () => {
  it('draws the timeline: a rect per speech segment and pause, a label per question', () => {
    const svg = timelineSvg(buildTimeline(log));
    expect(svg.match(/class="speech"/g)).toHaveLength(5);
    expect(svg.match(/class="pause"/g)).toHaveLength(1);
    expect(svg.match(/class="pause long"/g)).toHaveLength(1);
    expect(svg).toContain('>Q1<');
    expect(svg).toContain('>Q2<');
    expect(svg).toContain('aria-label="Timeline: 5 speech segments, 2 pauses over 14 s"');
  });

  it('keeps question labels apart and inside the chart, also at the right edge (issue 17)', () => {
    // Typed answers: four questions within a second, the last asked just before a stop at the end.
    const events: SessionEvent[] = [{ type: 'session_started', t: 0, session_type: 'hr' }];
    for (const [i, t] of [58_600, 59_000, 59_400, 59_990].entries()) events.push({ type: 'question_asked', t, index: i, question: `q${i}` });
    events.push({ type: 'session_stopped', t: 60_000, reason: 'stopped' });
    const svg = timelineSvg(buildTimeline(events), { width: 900 });
    const labels = [...svg.matchAll(/<text class="question-label" x="([\d.]+)" y="(\d+)">(Q\d)<\/text>/g)].map((m) => ({
      text: m[3],
      y: Number(m[2]),
      from: Number(m[1]),
      to: Number(m[1]) + 14,
    }));
    expect(labels.map((l) => l.text)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    for (const l of labels) {
      expect(l.from).toBeGreaterThanOrEqual(0);
      expect(l.to).toBeLessThanOrEqual(900);
    }
    for (const a of labels)
      for (const b of labels) if (a !== b && a.y === b.y) expect(a.to <= b.from || b.to <= a.from, `${a.text} overlaps ${b.text}`).toBe(true);
  });

  it('lays labels out right of their marker, left of it at the edge, and up a row when crowded', () => {
    expect(layoutQuestionLabels([10, 12, 200, 895], { right: 900, labelWidth: 14, rows: [30, 20] })).toEqual([
      { x: 13, y: 30 },
      { x: 15, y: 20 },
      { x: 203, y: 30 },
      { x: 878, y: 30 }, // left of its marker: right of it would pass the edge
    ]);
    // Three labels on one spot with one row: side by side, pulled back from the edge.
    expect(layoutQuestionLabels([890, 890, 890], { right: 900, labelWidth: 10, rows: [30] })).toEqual([
      { x: 862, y: 30 },
      { x: 876, y: 30 },
      { x: 890, y: 30 },
    ]);
  });

  it('draws bars with values, n/a slots and a reference line, escaping labels', () => {
    const svg = barChartSvg(
      'Score <by> question',
      [
        { label: 'Q1', value: 72.44 },
        { label: 'Q2', value: null },
      ],
      { max: 100, reference: { value: 50, label: 'avg' } },
    );
    expect(svg.match(/class="bar"/g)).toHaveLength(1);
    expect(svg).toContain('>72.4<');
    expect(svg).toContain('>n/a<');
    expect(svg).toContain('class="reference"');
    expect(svg).toContain('Score &#60;by&#62; question');
    expect(esc(`"a" & 'b'`)).toBe('&#34;a&#34; &#38; &#39;b&#39;');
  });

  it('picks round tick steps', () => {
    expect(niceStep(14)).toBe(2);
    expect(niceStep(100, 4)).toBe(50);
    expect(niceStep(0)).toBe(1);
  });
});
