/**
 * A second-order IIR section (RBJ "Audio EQ Cookbook" coefficients, transposed direct form II),
 * filtering one sample at a time with its state kept between calls — so a stream cut into chunks
 * of any size is filtered exactly as the whole.
 */
export class Biquad {
  /** State (transposed direct form II); public so a hot loop can keep it in locals (see BandEnergyMeter). */
  z1 = 0;
  z2 = 0;

  private constructor(
    readonly b0: number,
    readonly b1: number,
    readonly b2: number,
    readonly a1: number,
    readonly a2: number,
  ) {}

  /** A Butterworth-like high-pass at `hz` (quality `q`, 0.7071 = maximally flat). */
  static highPass(hz: number, sampleRate: number, q = Math.SQRT1_2): Biquad {
    const w = (2 * Math.PI * hz) / sampleRate;
    const alpha = Math.sin(w) / (2 * q);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    return new Biquad((1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, (-2 * cos) / a0, (1 - alpha) / a0);
  }

  /** A Butterworth-like low-pass at `hz`. */
  static lowPass(hz: number, sampleRate: number, q = Math.SQRT1_2): Biquad {
    const w = (2 * Math.PI * hz) / sampleRate;
    const alpha = Math.sin(w) / (2 * q);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    return new Biquad((1 - cos) / 2 / a0, (1 - cos) / a0, (1 - cos) / 2 / a0, (-2 * cos) / a0, (1 - alpha) / a0);
  }

  /**
   * Sets the state as if `x` had been the input forever (a high-pass then outputs 0): the first
   * sample of a stream with a DC offset does not ring through the filter.
   */
  prime(x: number): void {
    const dcGain = (this.b0 + this.b1 + this.b2) / (1 + this.a1 + this.a2);
    const y = dcGain * x;
    this.z1 = y - this.b0 * x;
    this.z2 = this.b2 * x - this.a2 * y;
  }

  /** Filters one sample. */
  step(x: number): number {
    const y = this.b0 * x + this.z1;
    this.z1 = this.b1 * x - this.a1 * y + this.z2;
    this.z2 = this.b2 * x - this.a2 * y;
    return y;
  }

  /** Gain (linear) at `hz`. */
  gainAt(hz: number, sampleRate: number): number {
    const w = (2 * Math.PI * hz) / sampleRate;
    const re = (c0: number, c1: number, c2: number) => c0 + c1 * Math.cos(w) + c2 * Math.cos(2 * w);
    const im = (c1: number, c2: number) => -(c1 * Math.sin(w) + c2 * Math.sin(2 * w));
    const num = Math.hypot(re(this.b0, this.b1, this.b2), im(this.b1, this.b2));
    const den = Math.hypot(re(1, this.a1, this.a2), im(this.a1, this.a2));
    return num / den;
  }
}
