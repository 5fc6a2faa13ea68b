import { describe, expect, it } from 'vitest';
import { floatToPcm16, levelOf, PcmFramer } from './pcm-frames';

/** A sine of `hz` at `rate`, `seconds` long. */
function sine(hz: number, rate: number, seconds: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

/** Feeds `signal` in AudioWorklet-sized 128-sample blocks; returns the frames. */
function frame(signal: Float32Array, inputSampleRate: number, frameMs = 100): Int16Array[] {
  const frames: Int16Array[] = [];
  const framer = new PcmFramer({ inputSampleRate, frameMs, onFrame: (f) => frames.push(f) });
  for (let i = 0; i < signal.length; i += 128) framer.push(signal.subarray(i, i + 128));
  return frames;
}

function zeroCrossings(frames: Int16Array[]): number {
  let n = 0;
  let prev = 0;
  for (const f of frames)
    for (const s of f) {
      if ((prev < 0 && s >= 0) || (prev >= 0 && s < 0)) n++;
      prev = s;
    }
  return n;
}

describe('PcmFramer', () => {
  it.each([48_000, 44_100, 16_000, 22_050, 96_000])('turns %i Hz audio into exact 100 ms frames of 16 kHz PCM16', (rate) => {
    const frames = frame(sine(440, rate, 3), rate);
    expect(frames).toHaveLength(30);
    for (const f of frames) expect(f).toHaveLength(1600);
  });

  it('keeps the frequency of the input (a 440 Hz tone stays 440 Hz at 16 kHz)', () => {
    for (const rate of [48_000, 44_100]) {
      const frames = frame(sine(440, rate, 2), rate);
      // 2 crossings per period over 2 s.
      expect(Math.abs(zeroCrossings(frames) - 1760)).toBeLessThanOrEqual(4);
    }
  });

  it('applies no gain and attenuates content above the new Nyquist frequency', () => {
    const speech = frame(sine(300, 48_000, 1, 0.25), 48_000);
    const peak = Math.max(...speech.flatMap((f) => Array.from(f)));
    expect(peak / 32767).toBeGreaterThan(0.23);
    expect(peak / 32767).toBeLessThan(0.26);
    // 12 kHz cannot be represented at 16 kHz; the box filter averages it close to nothing.
    const high = frame(sine(12_000, 48_000, 1, 0.5), 48_000);
    expect(
      levelOf(
        Float32Array.from(
          high.flatMap((f) => Array.from(f)),
          (s) => s / 32768,
        ),
      ).rms,
    ).toBeLessThan(0.05);
  });

  it('supports other frame sizes and flushes the last partial frame zero-padded', () => {
    const frames: Int16Array[] = [];
    const framer = new PcmFramer({ inputSampleRate: 16_000, frameMs: 20, onFrame: (f) => frames.push(f) });
    framer.push(new Float32Array(500).fill(0.1));
    expect(frames).toHaveLength(1);
    framer.flush();
    expect(frames).toHaveLength(2);
    expect(frames[1]![179]).toBeGreaterThan(0);
    expect(frames[1]![180]).toBe(0);
    expect(framer.samplesOut).toBe(500);
  });

  it('rejects unusable sample rates and frame sizes with typed errors', () => {
    expect(() => new PcmFramer({ inputSampleRate: 0, onFrame: () => undefined })).toThrow(/sample rate/);
    expect(() => new PcmFramer({ inputSampleRate: 8000, onFrame: () => undefined })).toThrow(/only downsamples/);
    expect(() => new PcmFramer({ inputSampleRate: 48_000, frameMs: 3, onFrame: () => undefined })).toThrow(/frameMs/);
  });
});

describe('floatToPcm16 and levelOf', () => {
  it('clamps to the PCM16 range and measures RMS and dBFS', () => {
    expect(Array.from(floatToPcm16(Float32Array.from([-2, -1, 0, 0.5, 1, 2])))).toEqual([-32768, -32768, 0, 16384, 32767, 32767]);
    const level = levelOf(sine(1000, 16_000, 1, 1));
    expect(level.rms).toBeCloseTo(Math.SQRT1_2, 3);
    expect(level.dbfs).toBeCloseTo(-3.01, 1);
    expect(levelOf(new Float32Array(10)).dbfs).toBe(Number.NEGATIVE_INFINITY);
  });
});
