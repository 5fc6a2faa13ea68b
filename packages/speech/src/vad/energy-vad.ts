import { InterviewKitError } from '@interviewkit/core';
import * as z from 'zod';
import { SAMPLE_RATE } from '../audio/pcm';

/** Options of {@link EnergyVad}. */
export const VadOptionsSchema = z.object({
  sampleRate: z.number().int().min(8000).max(48_000).default(SAMPLE_RATE),
  /** Analysis frame length (ms). */
  frameMs: z.number().int().min(5).max(100).default(20),
  /** Frames at or above this level (dBFS) are voiced. */
  thresholdDbfs: z.number().min(-90).max(0).default(-40),
  /** Unvoiced time (ms) after which a speech segment ends; shorter gaps are bridged. */
  hangoverMs: z.number().int().min(0).max(2000).default(200),
  /** Voiced time (ms) needed to start a segment (rejects clicks and bumps). */
  minSpeechMs: z.number().int().min(0).max(1000).default(60),
  /**
   * Adaptive noise floor: the threshold becomes max(`thresholdDbfs`, floor + `marginDb`), where
   * the floor is the quietest frame level of the last `windowMs` (minimum statistics: speech has
   * dips between words, so the minimum over a couple of seconds is the room, not the voice) — for
   * noisy rooms and hot microphones.
   */
  adaptive: z.object({ marginDb: z.number().min(3).max(40).default(12), windowMs: z.number().int().min(200).max(10_000).default(2000) }).optional(),
});
/** Options of {@link EnergyVad} (all optional). */
export type VadOptions = z.input<typeof VadOptionsSchema>;

/** A voice-activity boundary, at `ms` of audio time (from the count of samples received). */
export type VadEvent = { type: 'speech_start'; ms: number } | { type: 'speech_end'; ms: number };

/**
 * An energy voice-activity detector whose timestamps come from the number of samples received,
 * not from when they arrived: a burst of delayed network frames yields the same segments as the
 * same audio arriving smoothly. Feed it chunks of any size.
 *
 * A segment starts at the first voiced frame of a run of at least `minSpeechMs` and ends at the
 * end of the last voiced frame, once `hangoverMs` of unvoiced audio has followed (so gaps shorter
 * than the hangover are bridged, and boundaries are accurate to one frame).
 */
export class EnergyVad {
  readonly options: z.output<typeof VadOptionsSchema>;
  private readonly frameSamples: number;
  private readonly frame: Int16Array;
  private fill = 0;
  private frameIndex = 0;
  private state: 'silence' | 'onset' | 'speech' = 'silence';
  private onsetStartFrame = 0;
  private voicedRun = 0;
  private unvoicedRun = 0;
  private lastVoicedEndFrame = 0;
  private floorDb: number;
  // Minimum statistics in blocks: minima of the last few blocks plus the current one.
  private blockMinima: number[] = [];
  private blockMin = Infinity;
  private blockFrames = 0;
  private readonly framesPerBlock: number;
  private readonly blocks: number;
  private readonly hangoverFrames: number;
  private readonly minSpeechFrames: number;
  // Threshold as a sum of squares per frame, so the hot loop needs no log or sqrt.
  private thresholdEnergy: number;

  constructor(options: VadOptions = {}) {
    const parsed = VadOptionsSchema.safeParse(options);
    if (!parsed.success) throw new InterviewKitError('INVALID_ARGUMENT', `Invalid VAD options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.options = parsed.data;
    this.frameSamples = Math.round((this.options.sampleRate * this.options.frameMs) / 1000);
    this.frame = new Int16Array(this.frameSamples);
    this.hangoverFrames = Math.ceil(this.options.hangoverMs / this.options.frameMs);
    this.minSpeechFrames = Math.max(1, Math.ceil(this.options.minSpeechMs / this.options.frameMs));
    this.floorDb = this.options.thresholdDbfs - (this.options.adaptive?.marginDb ?? 12);
    const windowFrames = Math.max(4, Math.round((this.options.adaptive?.windowMs ?? 2000) / this.options.frameMs));
    this.blocks = 4;
    this.framesPerBlock = Math.max(1, Math.round(windowFrames / this.blocks));
    this.thresholdEnergy = this.energyFor(this.options.thresholdDbfs);
  }

  /** Whether a speech segment is open. */
  get speaking(): boolean {
    return this.state === 'speech';
  }

  /** Milliseconds of audio fully analysed so far. */
  get processedMs(): number {
    return this.frameToMs(this.frameIndex);
  }

  /** The current noise floor estimate (dBFS) when adaptive, else the configured floor. */
  get noiseFloorDbfs(): number {
    return this.floorDb;
  }

  /** Analyses `samples` and returns the boundaries they complete, in order. */
  process(samples: Int16Array, out: VadEvent[] = []): VadEvent[] {
    let i = 0;
    while (i < samples.length) {
      const take = Math.min(this.frameSamples - this.fill, samples.length - i);
      this.frame.set(samples.subarray(i, i + take), this.fill);
      this.fill += take;
      i += take;
      if (this.fill === this.frameSamples) {
        this.analyseFrame(out);
        this.fill = 0;
      }
    }
    return out;
  }

  /** Ends an open segment at its last voiced frame (end of stream or of an answer). */
  flush(out: VadEvent[] = []): VadEvent[] {
    if (this.state === 'speech') out.push({ type: 'speech_end', ms: this.frameToMs(this.lastVoicedEndFrame) });
    this.state = 'silence';
    this.voicedRun = 0;
    this.unvoicedRun = 0;
    return out;
  }

  private analyseFrame(out: VadEvent[]): void {
    const frame = this.frame;
    let energy = 0;
    for (let k = 0; k < frame.length; k++) {
      const v = frame[k]!;
      energy += v * v;
    }
    if (this.options.adaptive) this.adaptFloor(energy);
    const voiced = energy >= this.thresholdEnergy;
    const index = this.frameIndex++;
    switch (this.state) {
      case 'silence':
        if (voiced) {
          this.state = 'onset';
          this.onsetStartFrame = index;
          this.voicedRun = 1;
          if (this.voicedRun >= this.minSpeechFrames) this.beginSpeech(index, out);
        }
        break;
      case 'onset':
        if (voiced) {
          this.voicedRun++;
          if (this.voicedRun >= this.minSpeechFrames) this.beginSpeech(index, out);
        } else {
          this.state = 'silence';
          this.voicedRun = 0;
        }
        break;
      case 'speech':
        if (voiced) {
          this.unvoicedRun = 0;
          this.lastVoicedEndFrame = index + 1;
        } else if (++this.unvoicedRun >= this.hangoverFrames) {
          out.push({ type: 'speech_end', ms: this.frameToMs(this.lastVoicedEndFrame) });
          this.state = 'silence';
          this.unvoicedRun = 0;
          this.voicedRun = 0;
        }
        break;
    }
  }

  private beginSpeech(index: number, out: VadEvent[]): void {
    this.state = 'speech';
    this.unvoicedRun = 0;
    this.lastVoicedEndFrame = index + 1;
    out.push({ type: 'speech_start', ms: this.frameToMs(this.onsetStartFrame) });
  }

  private adaptFloor(energy: number): void {
    const adaptive = this.options.adaptive!;
    const level = energy > 0 ? Math.max(-120, 10 * Math.log10(energy / (this.frameSamples * 32768 * 32768))) : -120;
    if (level < this.blockMin) this.blockMin = level;
    if (++this.blockFrames >= this.framesPerBlock) {
      this.blockMinima.push(this.blockMin);
      if (this.blockMinima.length > this.blocks) this.blockMinima.shift();
      this.blockMin = Infinity;
      this.blockFrames = 0;
    }
    let floor = this.blockMin;
    for (const m of this.blockMinima) if (m < floor) floor = m;
    this.floorDb = floor;
    const threshold = Math.max(this.options.thresholdDbfs, this.floorDb + adaptive.marginDb);
    this.thresholdEnergy = this.energyFor(Math.min(threshold, -3));
  }

  private energyFor(dbfs: number): number {
    const amplitude = 32768 * 10 ** (dbfs / 20);
    return amplitude * amplitude * this.frameSamples;
  }

  private frameToMs(frame: number): number {
    return (frame * this.frameSamples * 1000) / this.options.sampleRate;
  }
}
