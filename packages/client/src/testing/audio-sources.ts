import { InterviewKitError } from '@interviewkit/core';

/**
 * Splits 16 kHz PCM16 samples into frames of `frameMs` for `LiveInterview.sendAudio` (the last
 * one zero-padded). Pair it with a WAV reader or a synthesizer (e.g. `@interviewkit/speech`'s
 * `readWav` / `synthesizeSpeech` in Node) to stream recorded speech.
 */
export function pcm16Frames(samples: Int16Array, frameMs = 100): Int16Array[] {
  if (!Number.isInteger(frameMs) || frameMs < 10 || frameMs > 2000)
    throw new InterviewKitError('INVALID_ARGUMENT', 'frameMs must be an integer from 10 to 2000');
  const perFrame = (16_000 * frameMs) / 1000;
  const frames: Int16Array[] = [];
  for (let i = 0; i < samples.length; i += perFrame) {
    const frame = new Int16Array(perFrame);
    frame.set(samples.subarray(i, i + perFrame));
    frames.push(frame);
  }
  return frames;
}

/**
 * Frames of a voice-like signal (`voicedMs`: a buzz at `hz` with its harmonics up to 3.8 kHz, in
 * 4 Hz syllables that start and end quiet — what a voice-activity detector hears as speech; a
 * steady sine it would learn as room noise) followed by silence (`silentMs`), at 16 kHz PCM16 —
 * for load tests and demos with the mock transcriber.
 */
export function voicedTone(voicedMs: number, silentMs = 0, frameMs = 100, hz = 180): Int16Array[] {
  const samples = new Int16Array(Math.ceil(((voicedMs + silentMs) * 16_000) / 1000));
  const voiced = Math.round((voicedMs * 16_000) / 1000);
  const harmonics = Math.max(1, Math.floor(3800 / hz));
  for (let i = 0; i < voiced; i++) {
    const t = i / 16_000;
    let v = 0;
    for (let k = 1; k <= harmonics; k++) v += Math.sin(2 * Math.PI * k * hz * t) / k;
    const syllable = 0.55 - 0.45 * Math.cos(2 * Math.PI * 4 * t);
    samples[i] = Math.round(Math.max(-1, Math.min(1, (0.3 * v * syllable) / 1.75)) * 32767);
  }
  return pcm16Frames(samples, frameMs);
}
