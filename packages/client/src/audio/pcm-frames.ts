import { InterviewKitError } from '@interviewkit/core';

/** The server's audio format: PCM16 little-endian, mono, 16 kHz. */
export const TARGET_SAMPLE_RATE = 16_000;

/**
 * Converts float samples in [-1, 1] to PCM16 (clamped; no gain is applied — levels are the
 * microphone's, so speech metrics are not distorted by client-side normalisation).
 */
export function floatToPcm16(samples: Float32Array, out = new Int16Array(samples.length)): Int16Array {
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    out[i] = s < 0 ? Math.round(s * 0x8000) : Math.round(s * 0x7fff);
  }
  return out;
}

/** Root-mean-square level of float samples, and the same in dBFS (-Infinity for silence). */
export function levelOf(samples: Float32Array): { rms: number; dbfs: number } {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  const rms = samples.length ? Math.sqrt(sum / samples.length) : 0;
  return { rms, dbfs: rms > 0 ? 20 * Math.log10(rms) : Number.NEGATIVE_INFINITY };
}

/** Options of {@link PcmFramer}. */
export interface PcmFramerOptions {
  /** The input's sample rate, 16 000 Hz or more (an AudioContext's `sampleRate`, e.g. 48 000 or 44 100). */
  inputSampleRate: number;
  /** Frame length in ms at 16 kHz (default 100 → 1 600 samples, 3 200 bytes). */
  frameMs?: number;
  /** Receives each complete frame (a fresh Int16Array the receiver may keep). */
  onFrame: (frame: Int16Array) => void;
}

/** A second-order Butterworth low-pass (RBJ cookbook biquad), state carried across chunks. */
class LowPass {
  private readonly b0: number;
  private readonly b1: number;
  private readonly b2: number;
  private readonly a1: number;
  private readonly a2: number;
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;

  constructor(cutoffHz: number, sampleRate: number) {
    const w = (2 * Math.PI * cutoffHz) / sampleRate;
    const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    this.b0 = (1 - cos) / 2 / a0;
    this.b1 = (1 - cos) / a0;
    this.b2 = this.b0;
    this.a1 = (-2 * cos) / a0;
    this.a2 = (1 - alpha) / a0;
  }

  next(x: number): number {
    const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

/**
 * Turns audio of any sample rate, in chunks of any size (an AudioWorklet's 128-sample blocks),
 * into fixed-size PCM16 16 kHz frames. Downsampling first low-passes at 7 kHz (two cascaded
 * Butterworth sections, 4th order) so content above the new 8 kHz Nyquist frequency does not
 * alias into the speech band, then averages the input samples that fall in each output sample's
 * window; the fractional position is carried across chunks, so the output rate is exact over
 * time. Unity gain in the speech band: levels stay the microphone's.
 */
export class PcmFramer {
  private readonly ratio: number;
  private readonly frameSamples: number;
  private readonly onFrame: (frame: Int16Array) => void;
  private frame: Float32Array;
  private filled = 0;
  /** Position of the next output sample in input-sample units, relative to the current chunk. */
  private position = 0;
  private carrySum = 0;
  private carryCount = 0;
  private readonly filters: [LowPass, LowPass] | null;
  /** Samples produced since the start (for timing). */
  samplesOut = 0;

  constructor(options: PcmFramerOptions) {
    if (!Number.isFinite(options.inputSampleRate) || options.inputSampleRate < TARGET_SAMPLE_RATE || options.inputSampleRate > 384_000) {
      throw new InterviewKitError(
        'INVALID_AUDIO',
        `Unsupported input sample rate ${options.inputSampleRate} (16 000–384 000 Hz; this framer only downsamples)`,
      );
    }
    const frameMs = options.frameMs ?? 100;
    if (!Number.isInteger(frameMs) || frameMs < 10 || frameMs > 1000)
      throw new InterviewKitError('INVALID_ARGUMENT', 'frameMs must be an integer from 10 to 1000');
    this.ratio = options.inputSampleRate / TARGET_SAMPLE_RATE;
    this.frameSamples = (TARGET_SAMPLE_RATE * frameMs) / 1000;
    this.onFrame = options.onFrame;
    this.frame = new Float32Array(this.frameSamples);
    this.position = this.ratio;
    this.filters = this.ratio > 1 ? [new LowPass(7000, options.inputSampleRate), new LowPass(7000, options.inputSampleRate)] : null;
  }

  /** Feeds one chunk of mono float samples in [-1, 1]. */
  push(chunk: Float32Array): void {
    if (this.ratio === 1) {
      for (let i = 0; i < chunk.length; i++) this.emitSample(chunk[i]!);
      return;
    }
    let sum = this.carrySum;
    let count = this.carryCount;
    let next = this.position;
    const [f1, f2] = this.filters ?? [null, null];
    for (let i = 0; i < chunk.length; i++) {
      sum += f1 && f2 ? f2.next(f1.next(chunk[i]!)) : chunk[i]!;
      count++;
      if (i + 1 >= next) {
        this.emitSample(sum / count);
        sum = 0;
        count = 0;
        next += this.ratio;
      }
    }
    this.carrySum = sum;
    this.carryCount = count;
    this.position = next - chunk.length;
  }

  /** Emits the partial frame, zero-padded (call at the end of a recording). */
  flush(): void {
    if (this.filled === 0) return;
    this.frame.fill(0, this.filled);
    this.filled = this.frameSamples;
    this.emitFrame();
  }

  private emitSample(value: number): void {
    this.frame[this.filled++] = value;
    this.samplesOut++;
    if (this.filled === this.frameSamples) this.emitFrame();
  }

  private emitFrame(): void {
    const out = floatToPcm16(this.frame);
    this.filled = 0;
    this.onFrame(out);
  }
}
