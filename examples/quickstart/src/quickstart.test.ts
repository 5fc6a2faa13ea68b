import { describe, expect, it } from 'vitest';
import { runQuickstart } from './quickstart';
import { hasSpeechTools } from './speech';

const speechTools = hasSpeechTools();
if (!speechTools) console.warn('espeak-ng/sox not installed: the quickstart test runs with a tone instead of speech');

// Runs the example as a user would (real time, real server, real client), capturing its output.
describe('quickstart example', () => {
  it('runs a two-question voice interview and prints transcripts, feedback and the metrics table', { timeout: 90_000 }, async () => {
    const lines: string[] = [];
    const run = await runQuickstart({ print: (line) => lines.push(line) });
    const out = lines.join('\n');

    expect(out).toMatch(/InterviewKit server on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/Interview \d+ started \(use_mock: true\)/);
    expect(out).toMatch(/^Q1\. /m);
    expect(out).toMatch(/^Q2\. /m);
    expect(out).toMatch(/^ {4}… /m); // live partial transcripts
    expect(out).toMatch(/^ {2}score \d+/m);
    expect(out).toMatch(/Interview complete: score \d+/);
    expect(out).toMatch(/^metric\s+value\s+unit$/m);
    expect(out).toMatch(/^speaking_time\s+[\d.]+\s+s$/m);

    // Everything said was transcribed, in order.
    expect(run.transcripts.join(' ').split(/\s+/)).toEqual(
      run.answers
        .map((a) => a.said)
        .join(' ')
        .split(/\s+/),
    );
    expect(run.result.status).toBe('completed');
    expect(run.result.metrics.questions_answered).toBe(2);
    // The good answer scores above the hesitant one; the fillers are counted.
    const [good, weak] = run.result.metrics.per_question;
    expect(good!.semantic_similarity!).toBeGreaterThan(weak!.semantic_similarity!);
    expect(run.result.metrics.filler_count).toBeGreaterThanOrEqual(2);
    // Speaking time comes from the voice in the audio: less than the audio (pauses, padding), most of it.
    const audio = run.answers.reduce((s, a) => s + a.audioSeconds, 0);
    expect(run.result.metrics.speaking_time).toBeLessThan(audio);
    expect(run.result.metrics.speaking_time).toBeGreaterThan(audio * (speechTools ? 0.5 : 0.6));
    if (speechTools) expect(run.answers.every((a) => a.source === 'espeak-ng')).toBe(true);
  });
});
