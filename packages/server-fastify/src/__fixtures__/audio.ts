import { concatSamples, loadLibriVox, silence, voice } from '@interviewkit/speech/testing';

/** 16 kHz PCM16 frames (100 ms) of a voice-like signal (180 Hz buzz in syllables) — speech to a VAD — then silence, as WebSocket binary frames. */
export function voicedFrames(voicedMs: number, silentMs: number, frameMs = 100): Buffer[] {
  const samples = concatSamples([voice(voicedMs, 180, 0.3), silence(silentMs)]);
  const perFrame = frameMs * 16;
  const out: Buffer[] = [];
  for (let i = 0; i < samples.length; i += perFrame) out.push(Buffer.from(samples.slice(i, i + perFrame).buffer));
  return out;
}

/**
 * A LibriVox clip (Debian's pocketsphinx-testdata) from its reader's first sound — the first 10 ms
 * louder than 10x the room's RMS — for `speechMs`, DC removed, then 600 ms of silence, as 100 ms
 * binary frames: a stream that opens on speech, as when a candidate talks as the microphone opens.
 */
export function openingOnSpeech(id: string, speechMs: number): Buffer[] {
  const clip = loadLibriVox().find((c) => c.id === id);
  if (clip === undefined) throw new Error(`No LibriVox clip ${id}`);
  const c = clip.samples;
  let mean = 0;
  for (let i = 0; i < 1600; i++) mean += c[i]!;
  mean /= 1600;
  const rms = (from: number, to: number): number => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += (c[i]! - mean) ** 2;
    return Math.sqrt(sum / (to - from));
  };
  const room = rms(0, 1600);
  let onset = 0;
  while (onset < c.length - 160 && rms(onset, onset + 160) <= 10 * room) onset += 160;
  const speech = Int16Array.from(c.subarray(onset, onset + speechMs * 16), (v) => Math.round(v - mean));
  const samples = concatSamples([speech, silence(600)]);
  const out: Buffer[] = [];
  for (let i = 0; i < samples.length; i += 1600) out.push(Buffer.from(samples.slice(i, i + 1600).buffer));
  return out;
}
