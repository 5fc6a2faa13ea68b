import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { splitPcm16Wav, voicedTone } from '@interviewkit/client/testing';

const run = promisify(execFile);

/** Spoken audio for an answer: 100 ms PCM16 16 kHz frames, and whether it is real speech. */
export interface SpokenAnswer {
  frames: Int16Array[];
  seconds: number;
  /** `espeak-ng` when real synthesized speech, `tone` when espeak-ng/sox are not installed. */
  source: 'espeak-ng' | 'tone';
}

let available: Promise<boolean> | undefined;

/** Whether espeak-ng and sox are on the PATH. */
export function hasSpeechTools(): Promise<boolean> {
  available ??= Promise.all([run('espeak-ng', ['--version']), run('sox', ['--version'])]).then(
    () => true,
    () => false,
  );
  return available;
}

/**
 * Speaks `text` with espeak-ng (160 words/min) and converts it with sox to PCM16 mono 16 kHz, split
 * into 100 ms frames. Without the tools, a voiced tone of the same expected length stands in, so
 * the example still runs (the mock transcriber paces the words by voice activity either way).
 */
export async function speak(text: string): Promise<SpokenAnswer> {
  if (!(await hasSpeechTools())) {
    const ms = Math.round((text.split(/\s+/).length / 160) * 60_000 / 100) * 100;
    const frames = voicedTone(ms, 800);
    return { frames, seconds: frames.length / 10, source: 'tone' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'ik-quickstart-'));
  try {
    const raw = join(dir, 'raw.wav');
    const wav = join(dir, 'answer.wav');
    await run('espeak-ng', ['-s', '160', '-w', raw, text]);
    // Resample to the server's format and add 0.8 s of trailing silence (the end of the turn).
    await run('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav, 'pad', '0', '0.8']);
    const { frames, samples } = splitPcm16Wav(new Uint8Array(await readFile(wav)));
    return { frames, seconds: samples.length / 16_000, source: 'espeak-ng' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
