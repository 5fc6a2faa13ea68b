import { InterviewKitError, replay, SessionEventSchema, type SessionEvent } from '@interviewkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatSamples, hasSpeechTools, silence, synthesizeSpeech, tone } from '../testing/speech-audio';
import { pitchSummaryEvent, PitchStatistics } from './pitch-statistics';
import { analyzePitch, YinPitchTracker, type PitchFrame, type PitchOptions } from './yin';

function frames(samples: Int16Array, chunk: number, options: PitchOptions = {}): PitchFrame[] {
  const tracker = new YinPitchTracker(options);
  const out: PitchFrame[] = [];
  for (let i = 0; i < samples.length; i += chunk) tracker.process(samples.subarray(i, i + chunk), out);
  return out;
}

/** Deterministic white noise (xorshift), amplitude as a fraction of full scale. */
function noise(ms: number, amplitude: number, seed = 1): Int16Array {
  const out = new Int16Array(ms * 16);
  let s = seed;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = Math.round(((s >>> 0) / 0xffffffff - 0.5) * 2 * amplitude * 32767);
  }
  return out;
}

describe('YinPitchTracker on synthetic tones', () => {
  it.each([110, 180, 240])('finds a %i Hz tone within 2 percent, steady', (hz) => {
    const summary = analyzePitch(tone(1000, hz));
    expect(summary).not.toBeNull();
    expect(Math.abs(summary!.mean - hz) / hz).toBeLessThan(0.02);
    expect(Math.abs(summary!.p10 - hz) / hz).toBeLessThan(0.02);
    expect(Math.abs(summary!.p90 - hz) / hz).toBeLessThan(0.02);
    // Every full frame of a 1 s tone is voiced: (1000 − 40) / 10 + 1 frames.
    expect(summary!.count).toBe(97);
    expect(summary!.std).toBeLessThan(1);
    expect(summary!.stability).toBeGreaterThan(95);
  });

  it.each([
    [70, 2],
    [110, 2],
    [180, 2],
    [240, 2],
    [390, 2],
    [70, 4],
    [110, 4],
    [180, 4],
    [240, 4],
    [390, 4],
  ] as const)('finds a %i Hz tone within 2 percent when analysing at 16 kHz / %i (4 kHz is the live default) in odd-sized chunks', (hz, downsample) => {
    const out = frames(tone(1000, hz), 333, { downsample, hopMs: 20 });
    const voiced = out.filter((f) => f.hz > 0);
    // (1000 − 40) / 20 + 1 frames, all voiced, timed in input milliseconds.
    expect(out).toHaveLength(49);
    expect(voiced).toHaveLength(49);
    expect(out[0]!.ms).toBe(20);
    for (const f of voiced) expect(Math.abs(f.hz - hz) / hz).toBeLessThan(0.02);
    expect(() => new YinPitchTracker({ sampleRate: 8000, downsample: 4, maxF0: 600 })).toThrow(InterviewKitError);
  });

  it('finds quiet and loud tones alike, at the edges of the default range', () => {
    for (const [hz, amplitude] of [
      [70, 0.9],
      [390, 0.02],
    ] as const) {
      const summary = analyzePitch(tone(500, hz, amplitude));
      expect(Math.abs(summary!.mean - hz) / hz).toBeLessThan(0.02);
    }
  });

  it('reports two tones as their mean, spread, percentiles and range', () => {
    const summary = analyzePitch(concatSamples([tone(1000, 120), tone(1000, 200)]))!;
    expect(summary.mean).toBeGreaterThan(150);
    expect(summary.mean).toBeLessThan(170);
    expect(summary.p10).toBeCloseTo(120, 0);
    expect(summary.p90).toBeCloseTo(200, 0);
    expect(summary.range).toBeCloseTo(80, 0);
    expect(summary.std).toBeGreaterThan(35);
    expect(summary.stability).toBeLessThan(60);
    expect(summary.min).toBeLessThanOrEqual(summary.p10);
    expect(summary.max).toBeGreaterThanOrEqual(summary.p90);
  });

  it('reports silence, low-level hum and white noise as unvoiced', () => {
    expect(analyzePitch(silence(1000))).toBeNull();
    expect(analyzePitch(tone(1000, 150, 0.003))).toBeNull(); // −50 dBFS, below minLevelDbfs
    const noisy = frames(noise(2000, 0.3), 320);
    expect(noisy.length).toBe(197);
    expect(noisy.filter((f) => f.hz > 0).length).toBeLessThan(noisy.length * 0.05);
  });

  it('leaves tones outside [minF0, maxF0] unvoiced', () => {
    expect(analyzePitch(tone(1000, 600))).toBeNull();
    expect(analyzePitch(tone(1000, 200), { minF0: 60, maxF0: 150 })).toBeNull();
  });

  it('times frames from the sample count, whatever the chunking', () => {
    const audio = concatSamples([silence(500), tone(600, 150), silence(400), tone(300, 220)]);
    const reference = frames(audio, 320);
    const firstVoiced = reference.find((f) => f.hz > 0)!;
    // Frame centres are 20 ms + 10 ms·k; the first voiced frame overlaps the tone onset at 500 ms.
    expect(firstVoiced.ms).toBeGreaterThanOrEqual(480);
    expect(firstVoiced.ms).toBeLessThanOrEqual(520);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), (chunk) => {
        expect(frames(audio, chunk)).toEqual(reference);
      }),
      { numRuns: 30 },
    );
  });

  it('keeps statistics per answer: resetStatistics starts over, the stream continues', () => {
    const tracker = new YinPitchTracker();
    tracker.process(tone(500, 120));
    expect(Math.abs(tracker.summary()!.mean - 120)).toBeLessThan(2);
    tracker.resetStatistics();
    expect(tracker.summary()).toBeNull();
    tracker.process(tone(500, 220));
    const second = tracker.summary()!;
    // Only the frames straddling the switch see both tones.
    expect(Math.abs(second.p10 - 220) / 220).toBeLessThan(0.02);
    expect(tracker.frames).toBe(97);
  });

  it('rejects invalid options with a typed error', () => {
    const invalid: PitchOptions[] = [
      { minF0: 200, maxF0: 250 },
      { frameMs: 20, minF0: 65 },
      { hopMs: 50, frameMs: 40 },
      { threshold: 0 },
      { sampleRate: 1000 },
    ];
    for (const options of invalid) {
      expect(() => new YinPitchTracker(options)).toThrow(InterviewKitError);
      try {
        new YinPitchTracker(options);
      } catch (error) {
        expect((error as InterviewKitError).code).toBe('INVALID_ARGUMENT');
      }
    }
  });

  it('honours a configured frame, hop and sample rate', () => {
    const at8k = new Int16Array(8000);
    for (let i = 0; i < at8k.length; i++) at8k[i] = Math.round(0.3 * 32767 * Math.sin((2 * Math.PI * 180 * i) / 8000));
    const summary = analyzePitch(at8k, { sampleRate: 8000, frameMs: 50, hopMs: 25 })!;
    expect(Math.abs(summary.mean - 180) / 180).toBeLessThan(0.02);
    expect(summary.count).toBe(Math.floor((1000 - 50) / 25) + 1);
  });
});

describe('PitchStatistics', () => {
  it('matches the exact mean, std and percentiles of the values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 60, max: 400, noNaN: true }), { minLength: 2, maxLength: 300 }), (values) => {
        const stats = new PitchStatistics(400);
        for (const v of values) stats.add(v);
        const s = stats.summary()!;
        const mean = values.reduce((a, b) => a + b, 0) / values.length;
        const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1));
        const sorted = [...values].sort((a, b) => a - b);
        expect(s.count).toBe(values.length);
        expect(s.mean).toBeCloseTo(mean, 6);
        expect(s.std).toBeCloseTo(std, 6);
        expect(s.min).toBe(sorted[0]!);
        expect(s.max).toBe(sorted.at(-1)!);
        // Histogram percentiles: within one 1 Hz bin of the nearest-rank values around q·n.
        const near = (q: number): [number, number] => [
          sorted[Math.max(0, Math.ceil(q * values.length) - 1)]!,
          sorted[Math.min(values.length - 1, Math.ceil(q * values.length))]!,
        ];
        for (const [q, got] of [
          [0.1, s.p10],
          [0.9, s.p90],
        ] as const) {
          const [a, b] = near(q);
          expect(got).toBeGreaterThanOrEqual(Math.min(a, b) - 1);
          expect(got).toBeLessThanOrEqual(Math.max(a, b) + 1);
        }
        expect(s.stability).toBeCloseTo(100 * Math.exp((-3 * std) / mean), 6);
      }),
    );
  });

  it('ignores non-positive and non-finite values', () => {
    const stats = new PitchStatistics();
    for (const v of [0, -5, Number.NaN, Number.POSITIVE_INFINITY]) stats.add(v);
    expect(stats.summary()).toBeNull();
  });

  it("produces core's pitch_summary event, which core folds into the same mean, std, range and stability", () => {
    const summary = analyzePitch(concatSamples([tone(1000, 120), tone(1000, 200)]))!;
    const event = pitchSummaryEvent(summary, 1500);
    expect(SessionEventSchema.parse(event)).toEqual(event);
    const events: SessionEvent[] = [
      { type: 'session_started', t: 0, session_type: 'technical' },
      { type: 'question_asked', t: 0, index: 0, question: 'Say something' },
      { type: 'question_end', t: 0, index: 0 },
      event,
      { type: 'answer_complete', t: 2000, index: 0, reason: 'manual', text: 'something' },
      { type: 'session_stopped', t: 2000, reason: 'completed' },
    ];
    const metrics = replay(events);
    expect(metrics.pitch_mean).toBeCloseTo(summary.mean, 1);
    expect(metrics.pitch_std).toBeCloseTo(summary.std, 1);
    expect(metrics.pitch_range).toBeCloseTo(summary.range, 1);
    expect(metrics.pitch_stability).toBeCloseTo(summary.stability, 1);
  });
});

const tools = hasSpeechTools();
if (!tools) console.warn('[speech] espeak-ng or sox not installed: pitch tests on real speech are skipped');

describe.skipIf(!tools)('YinPitchTracker on real speech (espeak-ng)', () => {
  const text = 'A deadlock happens when two threads wait for each other forever. You prevent it by always taking locks in the same global order.';

  it('gives a plausible pitch for a male voice: mean 70–300 Hz, nonzero spread, mostly voiced speech', () => {
    const speech = synthesizeSpeech(text);
    const tracker = new YinPitchTracker();
    tracker.process(speech);
    const summary = tracker.summary()!;
    expect(summary.mean).toBeGreaterThan(70);
    expect(summary.mean).toBeLessThan(300);
    expect(summary.std).toBeGreaterThan(1);
    expect(summary.range).toBeGreaterThan(5);
    expect(summary.stability).toBeGreaterThan(0);
    expect(summary.stability).toBeLessThan(100);
    // Speech is a mix of voiced and unvoiced sounds: a sizeable share, but not all, of the frames.
    expect(summary.count / tracker.frames).toBeGreaterThan(0.2);
    expect(summary.count / tracker.frames).toBeLessThan(0.95);
  });

  it('hears a female voice variant as higher than the male one', () => {
    const male = analyzePitch(synthesizeSpeech(text))!;
    const female = analyzePitch(synthesizeSpeech(text, { voice: 'en-us+f3' }))!;
    expect(female.mean).toBeGreaterThan(male.mean * 1.3);
    expect(female.mean).toBeLessThan(400);
  });
});
