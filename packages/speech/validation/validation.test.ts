import { hasLibriVox, hasSpeechTools } from '@interviewkit/speech/testing';
import { describe, expect, it } from 'vitest';
// @ts-expect-error — a plain ESM script of the validation suite (no declarations).
import { runPipelineCase } from './cases.mjs';

interface Score {
  speakingErrorPct: number;
  pauses: Record<string, { f1: number }>;
  longExact: boolean;
  invariant: boolean;
}
const run = runPipelineCase as (c: { set: string; noise: string; snr: number | null; chunks?: number[] }) => Promise<Score>;
const minF1 = (s: Score) => Math.min(...Object.values(s.pauses).map((p) => p.f1));

const ready = hasSpeechTools() && hasLibriVox();
if (!ready) console.warn('[speech] espeak-ng, sox or pocketsphinx-testdata (LibriVox) not installed: the speech validation cases are SKIPPED');

// A few pinned cases of `pnpm validate:speech` (the whole table is in docs/validation.md).
describe.skipIf(!ready)('speech timing validation (pipeline + core replay)', { timeout: 120_000 }, () => {
  it.each(['librivox-tune', 'librivox-heldout', 'espeak-tune'])(
    'clean %s: speaking time within 1 %, every pause class F1 1.0, long pauses exact, the same in 20/50/100 ms chunks',
    async (set) => {
      const s = await run({ set, noise: 'clean', snr: null });
      expect(Math.abs(s.speakingErrorPct)).toBeLessThanOrEqual(1);
      expect(minF1(s)).toBe(1);
      expect(s.longExact).toBe(true);
      expect(s.invariant).toBe(true);
    },
  );

  it('LibriVox in pink noise at 20 dB SNR: within 5 %, F1 ≥ 0.9, long pauses exact, chunk-size invariant', async () => {
    const s = await run({ set: 'librivox-tune', noise: 'pink', snr: 20 });
    expect(Math.abs(s.speakingErrorPct)).toBeLessThanOrEqual(5);
    expect(minF1(s)).toBeGreaterThanOrEqual(0.9);
    expect(s.longExact).toBe(true);
    expect(s.invariant).toBe(true);
  });

  it('espeak-ng in white noise at 10 dB SNR: speaking time within 10 %, pause F1 ≥ 0.8, long pauses exact', async () => {
    const s = await run({ set: 'espeak-tune', noise: 'white', snr: 10, chunks: [20] });
    expect(Math.abs(s.speakingErrorPct)).toBeLessThanOrEqual(10);
    expect(minF1(s)).toBeGreaterThanOrEqual(0.8);
    expect(s.longExact).toBe(true);
  });

  it('LibriVox in babble at 20 dB SNR: within 5 %, F1 ≥ 0.9, long pauses exact', async () => {
    const s = await run({ set: 'librivox-tune', noise: 'babble', snr: 20, chunks: [20] });
    expect(Math.abs(s.speakingErrorPct)).toBeLessThanOrEqual(5);
    expect(minF1(s)).toBeGreaterThanOrEqual(0.9);
    expect(s.longExact).toBe(true);
  });

  // A goal of issue 14 this VAD misses (babble of four talkers 10 dB under the speech: weak
  // syllables are under the babble's peaks and are cut). Kept as an expected failure so that it is
  // visible here and flips to a failure the day it is met.
  it.fails('KNOWN MISS: espeak-ng in babble at 10 dB SNR: speaking time within 10 %', async () => {
    const s = await run({ set: 'espeak-tune', noise: 'babble', snr: 10, chunks: [20] });
    expect(Math.abs(s.speakingErrorPct)).toBeLessThanOrEqual(10);
  });

  it('LibriVox (DC offset kept) over 60 Hz mains hum at 10 dB SNR: within 1 %, F1 1.0', async () => {
    const s = await run({ set: 'librivox-heldout', noise: 'hum', snr: 10, chunks: [20] });
    expect(Math.abs(s.speakingErrorPct)).toBeLessThanOrEqual(1);
    expect(minF1(s)).toBe(1);
  });
});
