import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWav } from '../audio/wav';

/** Where Debian's `pocketsphinx-testdata` package installs its LibriVox read-speech recordings. */
export const LIBRIVOX_DIR = '/usr/share/pocketsphinx/test/data/librivox';

/** One LibriVox recording: 16 kHz PCM16 as recorded (with its DC offset) and its transcript. */
export interface LibriVoxClip {
  id: string;
  samples: Int16Array;
  text: string;
}

/** Whether the `pocketsphinx-testdata` recordings are installed. */
export function hasLibriVox(dir = LIBRIVOX_DIR): boolean {
  return existsSync(join(dir, 'transcription')) && readdirSync(dir).some((f) => f.endsWith('.wav'));
}

/** Loads the LibriVox clips (sorted by id) with their transcripts. */
export function loadLibriVox(dir = LIBRIVOX_DIR): LibriVoxClip[] {
  const texts = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'transcription'), 'utf8').split('\n')) {
    const match = /^<s>\s*(.*?)\s*<\/s>\s*\((.+)\)\s*$/.exec(line.trim());
    if (match) texts.set(match[2]!, match[1]!);
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.wav'))
    .sort()
    .map((f) => {
      const id = f.slice(0, -4);
      return { id, samples: readWav(new Uint8Array(readFileSync(join(dir, f)))).samples, text: texts.get(id) ?? '' };
    });
}

/**
 * A recording from its talker's first sound — the first 10 ms louder than 10x the RMS of the
 * recording's first 100 ms (the room) — for `ms`, DC removed: a stream that opens on speech, as
 * when a candidate talks as the microphone opens.
 */
export function fromFirstSound(samples: Int16Array, ms: number, sampleRate = 16_000): Float64Array {
  const roomLength = sampleRate / 10;
  const step = sampleRate / 100;
  let mean = 0;
  for (let i = 0; i < roomLength; i++) mean += samples[i]!;
  mean /= roomLength;
  const rms = (from: number, to: number): number => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += (samples[i]! - mean) ** 2;
    return Math.sqrt(sum / (to - from));
  };
  const room = rms(0, roomLength);
  let onset = 0;
  while (onset < samples.length - step && rms(onset, onset + step) <= 10 * room) onset += step;
  return Float64Array.from(samples.subarray(onset, onset + Math.round((ms * sampleRate) / 1000)), (v) => v - mean);
}
