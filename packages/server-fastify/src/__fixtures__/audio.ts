import { concatSamples, silence, voice } from '@interviewkit/speech/testing';

/** 16 kHz PCM16 frames (100 ms) of a voice-like signal (180 Hz buzz in syllables) — speech to a VAD — then silence, as WebSocket binary frames. */
export function voicedFrames(voicedMs: number, silentMs: number, frameMs = 100): Buffer[] {
  const samples = concatSamples([voice(voicedMs, 180, 0.3), silence(silentMs)]);
  const perFrame = frameMs * 16;
  const out: Buffer[] = [];
  for (let i = 0; i < samples.length; i += perFrame) out.push(Buffer.from(samples.slice(i, i + perFrame).buffer));
  return out;
}
