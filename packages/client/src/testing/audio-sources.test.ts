import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitPcm16Wav, voicedTone } from './audio-sources';

function wav(sampleRate: number, channels: number, samples: number[]): Uint8Array {
  const data = new Uint8Array(samples.length * 2);
  const dv = new DataView(data.buffer);
  samples.forEach((s, i) => dv.setInt16(i * 2, s, true));
  const out = new Uint8Array(44 + data.length);
  const v = new DataView(out.buffer);
  const w = (o: number, s: string): void => [...s].forEach((c, i) => v.setUint8(o + i, c.charCodeAt(0)));
  w(0, 'RIFF');
  v.setUint32(4, 36 + data.length, true);
  w(8, 'WAVE');
  w(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * 2 * channels, true);
  v.setUint16(32, 2 * channels, true);
  v.setUint16(34, 16, true);
  w(36, 'data');
  v.setUint32(40, data.length, true);
  out.set(data, 44);
  return out;
}

const hasEspeak = (() => {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('splitPcm16Wav', () => {
  it('decodes PCM16 mono 16 kHz and splits it into zero-padded frames', () => {
    const samples = Array.from({ length: 4000 }, (_, i) => (i % 2 ? -1234 : 1234));
    const parsed = splitPcm16Wav(wav(16_000, 1, samples));
    expect(parsed.samples).toHaveLength(4000);
    expect(parsed.samples[1]).toBe(-1234);
    expect(parsed.frames).toHaveLength(3);
    expect(parsed.frames[2]![799]).toBe(-1234);
    expect(parsed.frames[2]![800]).toBe(0);
  });

  it('rejects other formats and non-WAV bytes with INVALID_AUDIO', () => {
    expect(() => splitPcm16Wav(wav(44_100, 1, [1, 2]))).toThrow(/44100 Hz/);
    expect(() => splitPcm16Wav(wav(16_000, 2, [1, 2]))).toThrow(/2 channel/);
    expect(() => splitPcm16Wav(new TextEncoder().encode('hello world, not audio'))).toThrow(/RIFF/);
  });

  it.skipIf(!hasEspeak)('reads real espeak-ng speech converted by sox', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ik-wav-'));
    try {
      execFileSync('espeak-ng', ['-w', join(dir, 'raw.wav'), 'A mutex is a lock.']);
      execFileSync('sox', [join(dir, 'raw.wav'), '-r', '16000', '-c', '1', '-b', '16', join(dir, 'speech.wav')]);
      const parsed = splitPcm16Wav(new Uint8Array(readFileSync(join(dir, 'speech.wav'))));
      expect(parsed.samples.length / 16_000).toBeGreaterThan(0.8);
      expect(Math.max(...parsed.samples)).toBeGreaterThan(3000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('voicedTone', () => {
  it('gives voiced frames then silent ones', () => {
    const frames = voicedTone(300, 200);
    expect(frames).toHaveLength(5);
    expect(Math.max(...frames[0]!)).toBeGreaterThan(7000);
    expect(frames[4]!.every((s) => s === 0)).toBe(true);
  });
});
