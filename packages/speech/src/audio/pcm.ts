import { InterviewKitError } from '@interviewkit/core';

/** The sample rate InterviewKit's live audio uses: 16 kHz, PCM16 little-endian, mono. */
export const SAMPLE_RATE = 16_000;
/** Bytes per PCM16 sample. */
export const BYTES_PER_SAMPLE = 2;

/** Milliseconds of audio in `samples` samples at `sampleRate`. */
export function samplesToMs(samples: number, sampleRate = SAMPLE_RATE): number {
  return (samples * 1000) / sampleRate;
}

/** Samples in `ms` milliseconds at `sampleRate` (rounded down). */
export function msToSamples(ms: number, sampleRate = SAMPLE_RATE): number {
  return Math.floor((ms * sampleRate) / 1000);
}

/** Options of {@link validatePcmFrame}. */
export interface PcmFrameLimits {
  /** Largest frame accepted, in bytes. Default 64 000 (2 s at 16 kHz). */
  maxBytes?: number;
}

/**
 * Checks one binary frame of PCM16 mono audio and returns it as samples (a view, no copy, when the
 * frame is aligned). Empty, odd-length and oversized frames raise `INVALID_AUDIO` /
 * `PAYLOAD_TOO_LARGE`.
 */
export function validatePcmFrame(frame: Uint8Array, limits: PcmFrameLimits = {}): Int16Array {
  const max = limits.maxBytes ?? 64_000;
  if (frame.byteLength === 0) throw new InterviewKitError('INVALID_AUDIO', 'Empty audio frame');
  if (frame.byteLength % BYTES_PER_SAMPLE !== 0)
    throw new InterviewKitError('INVALID_AUDIO', `Audio frame of ${frame.byteLength} bytes is not whole PCM16 samples`);
  if (frame.byteLength > max) throw new InterviewKitError('PAYLOAD_TOO_LARGE', `Audio frame of ${frame.byteLength} bytes exceeds ${max} bytes`);
  return pcm16View(frame);
}

/** PCM16 little-endian bytes as samples (a view when aligned, else a copy). */
export function pcm16View(bytes: Uint8Array): Int16Array {
  const n = bytes.byteLength >> 1;
  if (bytes.byteOffset % 2 === 0) return new Int16Array(bytes.buffer, bytes.byteOffset, n);
  const copy = new Int16Array(n);
  new Uint8Array(copy.buffer).set(bytes.subarray(0, n * 2));
  return copy;
}

/** PCM16 samples as little-endian bytes (a view). */
export function pcm16Bytes(samples: Int16Array): Uint8Array {
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** Int16 samples → floats in [-1, 1). */
export function int16ToFloat32(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! / 32768;
  return out;
}

/** Floats → int16 samples, clipped to the int16 range. */
export function float32ToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i]! * 32768);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v;
  }
  return out;
}

/**
 * Resamples with linear interpolation (adequate for speech analysis and for 16 kHz recognizers;
 * inputs above 2× the target are averaged per output sample first to limit aliasing).
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number = SAMPLE_RATE): Float32Array {
  if (!(fromRate > 0) || !(toRate > 0)) throw new InterviewKitError('INVALID_ARGUMENT', `Invalid sample rates ${fromRate} → ${toRate}`);
  if (fromRate === toRate) return samples.slice();
  const ratio = fromRate / toRate;
  const length = Math.floor(samples.length / ratio);
  const out = new Float32Array(length);
  if (ratio >= 2) {
    // Box filter over each output sample's span, then pick: a cheap anti-aliasing decimator.
    for (let i = 0; i < length; i++) {
      const from = Math.floor(i * ratio);
      const to = Math.min(samples.length, Math.floor((i + 1) * ratio));
      let sum = 0;
      for (let k = from; k < to; k++) sum += samples[k]!;
      out[i] = sum / Math.max(1, to - from);
    }
    return out;
  }
  for (let i = 0; i < length; i++) {
    const pos = i * ratio;
    const k = Math.floor(pos);
    const frac = pos - k;
    const a = samples[k] ?? 0;
    const b = samples[k + 1] ?? a;
    out[i] = a + (b - a) * frac;
  }
  return out;
}

/** Root mean square of int16 samples, as a fraction of full scale (0–1). */
export function rms(samples: Int16Array, from = 0, to = samples.length): number {
  if (to <= from) return 0;
  let sum = 0;
  for (let i = from; i < to; i++) {
    const v = samples[i]!;
    sum += v * v;
  }
  return Math.sqrt(sum / (to - from)) / 32768;
}

/** A level in dBFS (−∞ for silence is reported as −120). */
export function toDbfs(level: number): number {
  return level > 0 ? Math.max(-120, 20 * Math.log10(level)) : -120;
}

/** Splits PCM16 bytes into chunks of `chunkBytes` (the last may be shorter; always whole samples). */
export function* chunkPcm(bytes: Uint8Array, chunkBytes: number): Generator<Uint8Array> {
  if (!(chunkBytes >= 2) || chunkBytes % 2 !== 0)
    throw new InterviewKitError('INVALID_ARGUMENT', `Chunk size ${chunkBytes} must be a positive even number of bytes`);
  for (let i = 0; i < bytes.byteLength; i += chunkBytes) yield bytes.subarray(i, Math.min(bytes.byteLength, i + chunkBytes));
}
