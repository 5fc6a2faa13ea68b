import { describe, expect, it } from 'vitest';
import { pcm16Frames, voicedTone } from './audio-sources';

describe('pcm16Frames', () => {
  it('splits samples into fixed frames, the last one zero-padded', () => {
    const samples = Int16Array.from({ length: 4000 }, (_, i) => (i % 2 ? -1234 : 1234));
    const frames = pcm16Frames(samples);
    expect(frames).toHaveLength(3);
    expect(frames.every((f) => f.length === 1600)).toBe(true);
    expect(frames[2]![799]).toBe(-1234);
    expect(frames[2]![800]).toBe(0);
    expect(pcm16Frames(samples, 20)).toHaveLength(13);
    expect(() => pcm16Frames(samples, 3)).toThrow(/frameMs/);
  });
});

describe('voicedTone', () => {
  it('gives voiced frames then silent ones', () => {
    const frames = voicedTone(300, 200);
    expect(frames).toHaveLength(5);
    expect(Math.max(...frames[0]!)).toBeGreaterThan(7000);
    expect(frames[2]!.some((s) => s !== 0)).toBe(true);
    expect(frames[3]!.every((s) => s === 0)).toBe(true);
  });
});
