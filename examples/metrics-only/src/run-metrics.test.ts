import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InterviewKitError, ResearchMetricsSchema, replay, parseEventLog } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { runMetrics } from './run-metrics';

const root = fileURLToPath(new URL('..', import.meta.url));
const sample = `${root}sample/session.jsonl`;

async function* chunks(text: string, size: number): AsyncIterable<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('metrics-only example', () => {
  it('folds the sample log into the same metrics as replay', async () => {
    const run = await runMetrics(createReadStream(sample), { format: 'json', skipInvalid: false });
    const expected = replay(parseEventLog(readFileSync(sample, 'utf8')).events);
    expect(run.metrics).toEqual(expected);
    expect(ResearchMetricsSchema.parse(JSON.parse(run.output))).toEqual(expected);
    expect(run.metrics).toMatchObject({ questions_answered: 3, long_pause_count: 1, analysis_valid: true, avg_semantic_similarity: 0.777 });
    expect(run.metrics.filler_count).toBe(3); // "um", "you know", "like"
  });

  it('prints a table with units and the per-question breakdown', async () => {
    const run = await runMetrics(createReadStream(sample), { format: 'table', skipInvalid: false });
    expect(run.output).toMatch(/^speaking_time\s+\d+\.\d\s+s$/m);
    expect(run.output).toMatch(/^wpm\s+[\d.]+\s+words\/min$/m);
    expect(run.output).toContain('per question:');
    // Questions are numbered as people count them, like the quickstart and the web page: Q1, Q2, Q3.
    expect([...run.output.matchAll(/^ {2}(Q\d+) /gm)].map((m) => m[1])).toEqual(['Q1', 'Q2', 'Q3']);
  });

  it('stops at the first bad line with a typed error, or skips it on request', async () => {
    const text = readFileSync(sample, 'utf8').replace('"type":"speech_end"', '"type":"speech_stop"');
    await expect(runMetrics(chunks(text, 100), { format: 'json', skipInvalid: false })).rejects.toSatisfy(
      (e) => InterviewKitError.isInstance(e) && e.code === 'UNKNOWN_EVENT',
    );
    const run = await runMetrics(chunks(text, 100), { format: 'json', skipInvalid: true });
    expect(run.rejected).toHaveLength(1);
    expect(run.events).toBe(text.trim().split('\n').length - 1);
  });

  it('runs as a command on a file and on standard input', () => {
    const cli = `${root}dist/cli.js`;
    expect(existsSync(cli), 'build the example first (pnpm test builds everything)').toBe(true);
    const fromFile = spawnSync(process.execPath, [cli, '--json', sample], { encoding: 'utf8' });
    expect(fromFile.status).toBe(0);
    expect(JSON.parse(fromFile.stdout).questions_answered).toBe(3);
    const fromStdin = spawnSync(process.execPath, [cli], { input: readFileSync(sample), encoding: 'utf8' });
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).toContain('fluency_score');
    const bad = spawnSync(process.execPath, [cli], {
      input: '{"type":"session_started","t":5,"session_type":"hr"}\n{"type":"speech_start","t":1}\n',
      encoding: 'utf8',
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('INVALID_EVENT_SEQUENCE');
  });
});
