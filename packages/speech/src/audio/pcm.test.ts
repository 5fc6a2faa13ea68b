import { InterviewKitError } from '@interviewkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tone } from '../testing/speech-audio';
import { chunkPcm, float32ToInt16, int16ToFloat32, pcm16Bytes, resample, rms, toDbfs, validatePcmFrame } from './pcm';
import { readWav, writeWav } from './wav';

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return InterviewKitError.isInstance(error) ? error.code : 'untyped';
  }
  return null;
};

describe('PCM utilities', () => {
  it('validates frames: empty, odd, oversized', () => {
    expect(code(() => validatePcmFrame(new Uint8Array(0)))).toBe('INVALID_AUDIO');
    expect(code(() => validatePcmFrame(new Uint8Array(3)))).toBe('INVALID_AUDIO');
    expect(code(() => validatePcmFrame(new Uint8Array(64_002)))).toBe('PAYLOAD_TOO_LARGE');
    expect(validatePcmFrame(new Uint8Array(3200)).length).toBe(1600);
    // An unaligned view is copied, not misread.
    const buf = new Uint8Array(7);
    buf.set([0, 1, 0, 2, 0, 3, 0], 0);
    expect(Array.from(validatePcmFrame(buf.subarray(1, 5)))).toEqual([1, 2]);
  });

  it('round-trips int16 ↔ float within one step', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -32768, max: 32767 }), { maxLength: 200 }), (values) => {
        const samples = Int16Array.from(values);
        expect(Array.from(float32ToInt16(int16ToFloat32(samples)))).toEqual(values);
      }),
    );
  });

  it('resamples 48 kHz and 8 kHz tones to 16 kHz keeping duration and level', () => {
    const t48 = int16ToFloat32(tone(1000, 440, 0.5, 48_000));
    const r = resample(t48, 48_000);
    expect(r.length).toBe(16_000);
    expect(rms(float32ToInt16(r))).toBeCloseTo(0.5 / Math.SQRT2, 1);
    expect(resample(int16ToFloat32(tone(500, 300, 0.5, 8000)), 8000).length).toBe(8000);
    expect(code(() => resample(new Float32Array(4), 0))).toBe('INVALID_ARGUMENT');
  });

  it('measures RMS and dBFS', () => {
    expect(toDbfs(rms(tone(100, 1000, 1)))).toBeCloseTo(-3.01, 1);
    expect(toDbfs(0)).toBe(-120);
  });

  it('chunks PCM in whole samples', () => {
    const chunks = [...chunkPcm(new Uint8Array(10), 4)].map((c) => c.byteLength);
    expect(chunks).toEqual([4, 4, 2]);
    expect(code(() => [...chunkPcm(new Uint8Array(4), 3)])).toBe('INVALID_ARGUMENT');
  });
});

describe('WAV', () => {
  it('writes and reads mono PCM16', () => {
    const samples = tone(50, 440);
    const wav = readWav(writeWav(samples, 16_000));
    expect(wav.sampleRate).toBe(16_000);
    expect(Array.from(wav.samples)).toEqual(Array.from(samples));
  });

  it('mixes stereo down and rejects non-PCM16 data', () => {
    const mono = writeWav(new Int16Array([100, 200]), 8000);
    const stereo = new Uint8Array(mono.length + 4);
    stereo.set(mono.subarray(0, 44));
    const view = new DataView(stereo.buffer);
    view.setUint16(22, 2, true);
    view.setUint32(40, 8, true);
    [100, 300, 200, 400].forEach((v, i) => view.setInt16(44 + i * 2, v, true));
    expect(Array.from(readWav(stereo).samples)).toEqual([200, 300]);
    const float = writeWav(new Int16Array(4), 8000);
    new DataView(float.buffer).setUint16(20, 3, true);
    expect(code(() => readWav(float))).toBe('INVALID_AUDIO');
    expect(code(() => readWav(new Uint8Array(10)))).toBe('INVALID_AUDIO');
    expect(pcm16Bytes(new Int16Array(3)).byteLength).toBe(6);
  });
});
