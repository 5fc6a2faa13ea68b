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
