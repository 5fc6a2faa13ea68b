import { InterviewKitError } from '@interviewkit/core';

/** A decoded PCM16 WAV file. */
export interface Pcm16Wav {
  sampleRate: number;
  /** Mono samples. */
  samples: Int16Array;
  /** The audio split into frames of `frameMs` (the last one zero-padded). */
  frames: Int16Array[];
}

/**
 * Reads a PCM16 mono 16 kHz WAV file (what `espeak-ng -w` + `sox -r 16000 -c 1 -b 16` produce)
 * and splits it into frames for `LiveInterview.sendAudio`. Other formats raise `INVALID_AUDIO`
 * with the reason; no resampling is done here (use `PcmFramer` for microphone audio).
 */
export function splitPcm16Wav(bytes: Uint8Array, frameMs = 100): Pcm16Wav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new InterviewKitError('INVALID_AUDIO', 'Not a WAV file (no RIFF/WAVE header)');
  let offset = 12;
  let format: { channels: number; sampleRate: number; bits: number; encoding: number } | null = null;
  let data: Uint8Array | null = null;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') format = { encoding: view.getUint16(body, true), channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    // espeak-ng writes a data size of 0x7fffffff when streaming: clamp to what is there.
    if (id === 'data') data = bytes.subarray(body, Math.min(bytes.byteLength, body + size));
    offset = body + size + (size % 2);
  }
  if (!format || !data) throw new InterviewKitError('INVALID_AUDIO', 'The WAV file has no fmt or data chunk');
  if (format.encoding !== 1 || format.bits !== 16 || format.channels !== 1 || format.sampleRate !== 16_000) {
    throw new InterviewKitError('INVALID_AUDIO', `Expected PCM16 mono 16 kHz, got encoding ${format.encoding}, ${format.bits} bits, ${format.channels} channel(s), ${format.sampleRate} Hz`);
  }
  const samples = new Int16Array(Math.floor(data.byteLength / 2));
  for (let i = 0; i < samples.length; i++) samples[i] = (data[2 * i]! | (data[2 * i + 1]! << 8)) << 16 >> 16;
  const perFrame = (16_000 * frameMs) / 1000;
  const frames: Int16Array[] = [];
  for (let i = 0; i < samples.length; i += perFrame) {
    const frame = new Int16Array(perFrame);
    frame.set(samples.subarray(i, i + perFrame));
    frames.push(frame);
  }
  return { sampleRate: format.sampleRate, samples, frames };
}

/**
 * Frames of a voiced tone (`voicedMs`, energy a voice-activity detector hears as speech) followed
 * by silence (`silentMs`), at 16 kHz PCM16 — for load tests and demos with the mock transcriber.
 */
export function voicedTone(voicedMs: number, silentMs = 0, frameMs = 100, hz = 180): Int16Array[] {
  const out: Int16Array[] = [];
  const perFrame = (16_000 * frameMs) / 1000;
  for (let t = 0; t < voicedMs + silentMs; t += frameMs) {
    const frame = new Int16Array(perFrame);
    if (t < voicedMs) for (let i = 0; i < perFrame; i++) frame[i] = Math.round(8000 * Math.sin((2 * Math.PI * hz * ((t * 16_000) / 1000 + i)) / 16_000));
    out.push(frame);
  }
  return out;
}
