import { concatSamples, fromFirstSound, loadLibriVox, silence, voice } from '@interviewkit/speech/testing';

/** 16 kHz PCM16 frames (100 ms) of a voice-like signal (180 Hz buzz in syllables) — speech to a VAD — then silence, as WebSocket binary frames. */
export function voicedFrames(voicedMs: number, silentMs: number, frameMs = 100): Buffer[] {
  const samples = concatSamples([voice(voicedMs, 180, 0.3), silence(silentMs)]);
  const perFrame = frameMs * 16;
  const out: Buffer[] = [];
  for (let i = 0; i < samples.length; i += perFrame) out.push(Buffer.from(samples.slice(i, i + perFrame).buffer));
  return out;
}

/**
 * A LibriVox clip (Debian's pocketsphinx-testdata) from its reader's first sound for `speechMs`,
 * then 600 ms of silence, as 100 ms binary frames: a stream that opens on speech.
 */
export function openingOnSpeech(id: string, speechMs: number): Buffer[] {
  const clip = loadLibriVox().find((c) => c.id === id);
  if (clip === undefined) throw new Error(`No LibriVox clip ${id}`);
  const speech = Int16Array.from(fromFirstSound(clip.samples, speechMs), (v) => Math.round(v));
  const samples = concatSamples([speech, silence(600)]);
  const out: Buffer[] = [];
  for (let i = 0; i < samples.length; i += 1600) out.push(Buffer.from(samples.slice(i, i + 1600).buffer));
  return out;
}
