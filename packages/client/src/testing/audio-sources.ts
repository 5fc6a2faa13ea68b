import { InterviewKitError } from '@interviewkit/core';

/**
 * Splits 16 kHz PCM16 samples into frames of `frameMs` for `LiveInterview.sendAudio` (the last
 * one zero-padded). Pair it with a WAV reader or a synthesizer (e.g. `@interviewkit/speech`'s
 * `readWav` / `synthesizeSpeech` in Node) to stream recorded speech.
 */
export function pcm16Frames(samples: Int16Array, frameMs = 100): Int16Array[] {
  if (!Number.isInteger(frameMs) || frameMs < 10 || frameMs > 2000) throw new InterviewKitError('INVALID_ARGUMENT', 'frameMs must be an integer from 10 to 2000');
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
 * Frames of a voiced tone (`voicedMs`, energy a voice-activity detector hears as speech) followed
 * by silence (`silentMs`), at 16 kHz PCM16 — for load tests and demos with the mock transcriber.
 */
export function voicedTone(voicedMs: number, silentMs = 0, frameMs = 100, hz = 180): Int16Array[] {
  const samples = new Int16Array(Math.ceil(((voicedMs + silentMs) * 16_000) / 1000));
  const voiced = Math.round((voicedMs * 16_000) / 1000);
  for (let i = 0; i < voiced; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * i) / 16_000));
  return pcm16Frames(samples, frameMs);
}
