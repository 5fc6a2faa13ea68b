import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readWav } from '../audio/wav';

/** Whether `espeak-ng` and `sox` are installed (the real-speech tests skip with a message otherwise). */
export function hasSpeechTools(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Options of {@link synthesizeSpeech}. */
export interface SynthesizeOptions {
  /** Words per minute (espeak-ng `-s`). Default 160. */
  wordsPerMinute?: number;
  /** espeak-ng voice. Default `en-us`. */
  voice?: string;
  /**
   * Trim leading and trailing audio below this amplitude (sox `silence`, as a percentage of full
   * scale), so the result's length is the utterance itself. Default 1 % (−40 dBFS). 0 disables.
   */
  trimPercent?: number;
}

/**
 * Real synthetic speech: `text` spoken by espeak-ng, converted by sox to 16 kHz mono PCM16 and
 * trimmed of its leading and trailing silence. Needs espeak-ng and sox.
 */
export function synthesizeSpeech(text: string, options: SynthesizeOptions = {}): Int16Array {
  const dir = mkdtempSync(join(tmpdir(), 'ik-speech-'));
  try {
    const raw = join(dir, 'raw.wav');
    const out = join(dir, 'out.wav');
    execFileSync('espeak-ng', ['-v', options.voice ?? 'en-us', '-s', String(options.wordsPerMinute ?? 160), '-w', raw, text], { stdio: 'ignore' });
    const trim = options.trimPercent ?? 1;
    const effects = trim > 0 ? ['silence', '1', '0.01', `${trim}%`, 'reverse', 'silence', '1', '0.01', `${trim}%`, 'reverse'] : [];
    execFileSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', out, ...effects], { stdio: 'ignore' });
    return readWav(new Uint8Array(readFileSync(out))).samples;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Silence of `ms` milliseconds at 16 kHz. */
export function silence(ms: number): Int16Array {
  return new Int16Array(Math.round(ms * 16));
}

/** Concatenates sample arrays. */
export function concatSamples(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A sine tone (for pitch and VAD tests): `ms` long at `hz`, amplitude as a fraction of full scale. */
export function tone(ms: number, hz: number, amplitude = 0.3, sampleRate = 16_000): Int16Array {
  const n = Math.round((ms * sampleRate) / 1000);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * i) / sampleRate));
  return out;
}

/**
 * A voice-like test signal for VAD-driven tests: the harmonics of `f0` up to 3.8 kHz (amplitude
 * 1/k, like a glottal buzz) under a 4 Hz syllable envelope that starts and ends quiet (every
 * 250 ms). A steady sine is what a noise-tracking VAD rightly learns as the room (a fan, hum);
 * speech has syllables. Peak `amplitude` as a fraction of full scale.
 */
export function voice(ms: number, f0 = 180, amplitude = 0.25, sampleRate = 16_000): Int16Array {
  const n = Math.round((ms * sampleRate) / 1000);
  const out = new Int16Array(n);
  const harmonics = Math.max(1, Math.floor(3800 / f0));
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    let v = 0;
    for (let k = 1; k <= harmonics; k++) v += Math.sin(2 * Math.PI * k * f0 * t) / k;
    const syllable = 0.55 - 0.45 * Math.cos(2 * Math.PI * 4 * t);
    out[i] = Math.round(Math.max(-1, Math.min(1, (amplitude * v * syllable) / 1.75)) * 32767);
  }
  return out;
}
