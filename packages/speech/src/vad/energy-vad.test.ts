import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatSamples, silence, tone } from '../testing/speech-audio';
import { EnergyVad, type VadEvent } from './energy-vad';

function run(samples: Int16Array, chunk: number, vad = new EnergyVad()): VadEvent[] {
  const events: VadEvent[] = [];
  for (let i = 0; i < samples.length; i += chunk) vad.process(samples.subarray(i, i + chunk), events);
  vad.flush(events);
  return events;
}

// 0.5 s silence, 1 s tone, 0.8 s silence, 0.6 s tone, 0.1 s gap (bridged), 0.4 s tone, 0.5 s silence.
const audio = concatSamples([silence(500), tone(1000, 220), silence(800), tone(600, 220), silence(100), tone(400, 220), silence(500)]);

describe('EnergyVad', () => {
  it('finds segments at frame accuracy from sample counts, bridging gaps shorter than the hangover', () => {
    expect(run(audio, 320)).toEqual([
      { type: 'speech_start', ms: 500 },
      { type: 'speech_end', ms: 1500 },
      { type: 'speech_start', ms: 2300 },
      { type: 'speech_end', ms: 3400 },
    ]);
  });

  it('gives the same events whatever the chunking', () => {
    const reference = run(audio, 320);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4000 }), { minLength: 1, maxLength: 30 }), (sizes) => {
        const vad = new EnergyVad();
        const events: VadEvent[] = [];
        let i = 0;
        let k = 0;
        while (i < audio.length) {
          const n = sizes[k++ % sizes.length]!;
          vad.process(audio.subarray(i, i + n), events);
          i += n;
        }
        vad.flush(events);
        expect(events).toEqual(reference);
      }),
      { numRuns: 50 },
    );
  });

  it('ignores clicks shorter than the minimum speech and quiet noise below the threshold', () => {
    const clicky = concatSamples([silence(300), tone(20, 1000, 0.9), silence(300), tone(2000, 300, 0.003), silence(300)]);
    expect(run(clicky, 800)).toEqual([]);
  });

  it('adapts to a noise floor above the fixed threshold when asked', () => {
    // Hum at about −30 dBFS with speech-level bursts on top: the fixed −40 dBFS threshold hears one
    // long segment, the adaptive floor hears the bursts.
    const hum = (ms: number) => tone(ms, 50, 0.045);
    const burst = (ms: number) => {
      const t = tone(ms, 200, 0.4);
      const h = hum(ms);
      return t.map((v, i) => v + h[i]!);
    };
    const noisy = concatSamples([hum(3000), burst(600), hum(1000), burst(600), hum(500)]);
    expect(run(noisy, 320).length).toBe(2);
    const adaptive = run(noisy, 320, new EnergyVad({ adaptive: {} }));
    expect(adaptive.filter((e) => e.type === 'speech_start').length).toBe(2);
  });

  it('rejects invalid options with a typed error', () => {
    expect(() => new EnergyVad({ frameMs: 1 })).toThrow(/Invalid VAD options/);
  });
});
