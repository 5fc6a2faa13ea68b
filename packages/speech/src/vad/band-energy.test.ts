import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Biquad } from '../audio/biquad';
import { mixAtSnr, pinkNoise } from '../testing/noise';
import { concatSamples, silence, voice } from '../testing/speech-audio';
import { BandEnergyMeter, type BandEnergySettings } from './band-energy';
import { EnergyVad, type VadEvent } from './energy-vad';

const speech = concatSamples([silence(400), voice(900, 140, 0.3), silence(500), voice(700, 210, 0.1), silence(300)]);
// A DC offset and noise: the priming and every filter section matter.
const audio = mixAtSnr(speech, pinkNoise(speech.length, 9), 12, 1e7).map((v) => Math.max(-32768, Math.min(32767, v + 900)));

const settings = (lowPass: boolean): BandEnergySettings => ({
  makeSections: () => [Biquad.highPass(250, 16_000), Biquad.highPass(250, 16_000), ...(lowPass ? [Biquad.lowPass(3000, 16_000)] : [])],
  frameSamples: 320,
  key: String(lowPass),
});

/** The energies as chaining Biquad.step computes them, sample by sample. */
function reference(samples: Int16Array, lowPass: boolean): number[] {
  const [f0, f1, f2] = settings(lowPass).makeSections() as [Biquad, Biquad, Biquad | undefined];
  f0.prime(samples[0]!);
  const out: number[] = [];
  let energy = 0;
  for (let i = 0; i < samples.length; i++) {
    let y = f1.step(f0.step(samples[i]!));
    if (f2) y = f2.step(y);
    energy += y * y;
    if ((i + 1) % 320 === 0) {
      out.push(energy);
      energy = 0;
    }
  }
  return out;
}

/** Chunk boundaries from sizes (cycled). */
function chunks(samples: Int16Array, sizes: number[]): Int16Array[] {
  const out: Int16Array[] = [];
  for (let i = 0, k = 0; i < samples.length; k++) {
    const n = sizes[k % sizes.length]!;
    out.push(samples.subarray(i, i + n));
    i += n;
  }
  return out;
}

describe('BandEnergyMeter', () => {
  it('gives exactly the energies of the chained filter sections, whatever the chunking', () => {
    for (const lowPass of [true, false]) {
      const expected = reference(audio, lowPass);
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 2500 }), { minLength: 1, maxLength: 20 }), (sizes) => {
          const meter = new BandEnergyMeter(settings(lowPass));
          const out: number[] = [];
          for (const chunk of chunks(audio, sizes)) meter.measure(chunk, out);
          expect(out).toEqual(expected);
        }),
        { numRuns: 30 },
      );
    }
  });

  it('a follower gives what a meter of its own would, also when its stream leaves the leader’s', () => {
    const expected = reference(audio, true);
    // Per chunk: 0 the same chunk after the leader, 1 an equal copy, 2 skipped by the follower, 3 the follower first.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 2500 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 40 }),
        (sizes, ways) => {
          const leader = new BandEnergyMeter(settings(true));
          const follower = leader.follower()!;
          const own = new BandEnergyMeter(settings(true));
          const got: number[] = [];
          const want: number[] = [];
          const leaderOut: number[] = [];
          chunks(audio, sizes).forEach((chunk, k) => {
            const way = ways[k % ways.length]!;
            if (way === 3) follower.measure(chunk, got);
            leader.measure(chunk, leaderOut);
            if (way === 0) follower.measure(chunk, got);
            if (way === 1) follower.measure(chunk.slice(), got);
            if (way !== 2) own.measure(chunk, want);
          });
          expect(leaderOut).toEqual(expected);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('has one follower, and none once it has measured audio (a later stream starts unfiltered)', () => {
    const meter = new BandEnergyMeter(settings(true));
    expect(meter.follower()).not.toBeNull();
    expect(meter.follower()).toBeNull();
    const busy = new BandEnergyMeter(settings(true));
    busy.measure(audio.subarray(0, 100), []);
    expect(busy.follower()).toBeNull();
  });
});

describe('EnergyVad.sharingBandEnergy', () => {
  function events(vad: EnergyVad, parts: Int16Array[], flushAt: Set<number>): VadEvent[] {
    const out: VadEvent[] = [];
    parts.forEach((p, k) => {
      vad.process(p, out);
      if (flushAt.has(k)) vad.flush(out);
    });
    return vad.flush(out);
  }

  it('decides on its own (options, flushes) exactly as a VAD of its own would', () => {
    const parts = chunks(audio, [1600]);
    const leader = new EnergyVad();
    const follower = EnergyVad.sharingBandEnergy(leader, { hangoverMs: 400 });
    const leaderEvents: VadEvent[] = [];
    const followerEvents: VadEvent[] = [];
    parts.forEach((p, k) => {
      leader.process(p, leaderEvents);
      if (k === 9) leader.flush(leaderEvents); // a flush the follower does not share
      follower.process(p, followerEvents);
    });
    follower.flush(followerEvents);
    expect(followerEvents).toEqual(events(new EnergyVad({ hangoverMs: 400 }), parts, new Set()));
    expect(followerEvents.length).toBeGreaterThan(0);
  });

  it('is a plain VAD when the two measure differently', () => {
    const leader = new EnergyVad({ frameMs: 10 });
    const follower = EnergyVad.sharingBandEnergy(leader);
    const parts = chunks(audio, [1600]);
    const out: VadEvent[] = [];
    for (const p of parts) {
      leader.process(p);
      follower.process(p, out);
    }
    follower.flush(out);
    expect(out).toEqual(events(new EnergyVad(), parts, new Set()));
  });
});
