import type { SessionEvent } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { barChartSvg, esc, niceStep, timelineSvg } from './charts';
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

  it('draws bars with values, n/a slots and a reference line, escaping labels', () => {
    const svg = barChartSvg('Score <by> question', [{ label: 'Q1', value: 72.44 }, { label: 'Q2', value: null }], { max: 100, reference: { value: 50, label: 'avg' } });
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
