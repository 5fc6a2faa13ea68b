import type { Biquad } from '../audio/biquad';

/** Where an {@link EnergyVad} in `noise-floor` mode gets the energy of each analysis frame. */
export interface BandEnergySource {
  /** Takes the next chunk of the stream; appends the filtered energy of every frame it completes to `out`. */
  measure(samples: Int16Array, out: number[]): void;
}

/** What decides the energies: two meters with the same settings give the same energies for the same stream. */
export interface BandEnergySettings {
  /** Cascade of two or three sections (high-pass, high-pass, optional low-pass), as the VAD builds it. */
  readonly makeSections: () => Biquad[];
  readonly frameSamples: number;
  /** Equal keys: equal filters and frames (same band, sample rate and frame length). */
  readonly key: string;
}

// Snapshot layout: z1/z2 of three sections, then fill, energy, primed.
const SNAPSHOT_LENGTH = 9;

/**
 * The speech-band energy of each frame of a stream: every sample goes through the filter cascade
 * and the squares of the output are summed per frame. The per-sample loop keeps coefficients and
 * state in locals (field loads and stores per sample made it ~5× slower) and computes exactly what
 * chaining {@link Biquad.step} did, in the same order, so the energies are bit-for-bit the same.
 *
 * One other VAD fed the same chunks in the same order (the live pipeline's mock transcriber
 * beside the pipeline's own VAD) can take the energies from here instead of filtering the audio
 * again: see {@link BandEnergyMeter.follower}.
 */
export class BandEnergyMeter implements BandEnergySource {
  private readonly sections: Biquad[];
  private fill = 0;
  private energy = 0;
  private primed = false;
  // Read by the follower (this module is internal to the package): chunks measured and, once
  // followed, the last chunk, its energies and the state before it.
  seq = 0;
  lastSamples: Int16Array | null = null;
  readonly lastEnergies: number[] = [];
  readonly before = new Float64Array(SNAPSHOT_LENGTH);
  private tapped = false;
  private follow: BandEnergyFollower | null = null;

  constructor(readonly settings: BandEnergySettings) {
    this.sections = settings.makeSections();
    if (this.sections.length < 2 || this.sections.length > 3) throw new RangeError('BandEnergyMeter: two or three filter sections');
  }

  /**
   * A source for one other VAD with the same settings, fed the same chunks, each right after this
   * one: while it is, it copies this meter's energies; from the first chunk that differs (or comes
   * out of turn) it filters on its own from the state the stream had at its position — so it always
   * gives what a meter of its own would have. Null once this meter has measured audio (a stream
   * starting later is another stream) or when it already has a follower.
   */
  follower(): BandEnergySource | null {
    if (this.follow || this.seq > 0) return null;
    this.tapped = true;
    this.follow = new BandEnergyFollower(this);
    return this.follow;
  }

  measure(samples: Int16Array, out: number[]): void {
    if (this.tapped) {
      // A follower that did not take the previous chunk goes its own way from the state before it.
      this.follow!.detachIfBehind(this.seq);
      this.snapshotInto(this.before);
      this.lastSamples = samples;
      this.lastEnergies.length = 0;
      this.seq++;
      const from = out.length;
      this.filter(samples, out);
      for (let k = from; k < out.length; k++) this.lastEnergies.push(out[k]!);
      return;
    }
    this.seq++;
    this.filter(samples, out);
  }

  /** A standalone meter with the same settings and the state in `snapshot` (or this meter's current state). */
  fork(snapshot?: Float64Array): BandEnergyMeter {
    const meter = new BandEnergyMeter(this.settings);
    const state = snapshot ?? this.snapshotInto(new Float64Array(SNAPSHOT_LENGTH));
    meter.restore(state);
    return meter;
  }

  private snapshotInto(target: Float64Array): Float64Array {
    const s = this.sections;
    for (let k = 0; k < 3; k++) {
      target[2 * k] = s[k]?.z1 ?? 0;
      target[2 * k + 1] = s[k]?.z2 ?? 0;
    }
    target[6] = this.fill;
    target[7] = this.energy;
    target[8] = this.primed ? 1 : 0;
    return target;
  }

  private restore(state: Float64Array): void {
    const s = this.sections;
    for (let k = 0; k < s.length; k++) {
      s[k]!.z1 = state[2 * k]!;
      s[k]!.z2 = state[2 * k + 1]!;
    }
    this.fill = state[6]!;
    this.energy = state[7]!;
    this.primed = state[8] === 1;
  }

  private filter(samples: Int16Array, out: number[]): void {
    const n = samples.length;
    if (n === 0) return;
    const [f0, f1, f2] = this.sections as [Biquad, Biquad, Biquad | undefined];
    if (!this.primed) {
      // The first sample primes the first high-pass: a DC offset does not ring through.
      f0.prime(samples[0]!);
      this.primed = true;
    }
    const { b0: b00, b1: b01, b2: b02, a1: a01, a2: a02 } = f0;
    const { b0: b10, b1: b11, b2: b12, a1: a11, a2: a12 } = f1;
    let { z1: z01, z2: z02 } = f0;
    let { z1: z11, z2: z12 } = f1;
    const frameSamples = this.settings.frameSamples;
    let energy = this.energy;
    let fill = this.fill;
    if (f2) {
      const { b0: b20, b1: b21, b2: b22, a1: a21, a2: a22 } = f2;
      let { z1: z21, z2: z22 } = f2;
      for (let i = 0; i < n; i++) {
        const x = samples[i]!;
        const y0 = b00 * x + z01;
        z01 = b01 * x - a01 * y0 + z02;
        z02 = b02 * x - a02 * y0;
        const y1 = b10 * y0 + z11;
        z11 = b11 * y0 - a11 * y1 + z12;
        z12 = b12 * y0 - a12 * y1;
        const y = b20 * y1 + z21;
        z21 = b21 * y1 - a21 * y + z22;
        z22 = b22 * y1 - a22 * y;
        energy += y * y;
        if (++fill === frameSamples) {
          out.push(energy);
          energy = 0;
          fill = 0;
        }
      }
      f2.z1 = z21;
      f2.z2 = z22;
    } else {
      for (let i = 0; i < n; i++) {
        const x = samples[i]!;
        const y0 = b00 * x + z01;
        z01 = b01 * x - a01 * y0 + z02;
        z02 = b02 * x - a02 * y0;
        const y = b10 * y0 + z11;
        z11 = b11 * y0 - a11 * y + z12;
        z12 = b12 * y0 - a12 * y;
        energy += y * y;
        if (++fill === frameSamples) {
          out.push(energy);
          energy = 0;
          fill = 0;
        }
      }
    }
    f0.z1 = z01;
    f0.z2 = z02;
    f1.z1 = z11;
    f1.z2 = z12;
    this.energy = energy;
    this.fill = fill;
  }
}

/** See {@link BandEnergyMeter.follower}. */
class BandEnergyFollower implements BandEnergySource {
  /** Its own meter once it left the leader's stream. */
  private own: BandEnergyMeter | null = null;
  /** The leader's chunk count this follower's stream matches. */
  private seq = 0;

  constructor(private readonly leader: BandEnergyMeter) {}

  /** Called by the leader before each chunk: a follower one chunk behind continues on its own from the state before that chunk. */
  detachIfBehind(leaderSeq: number): void {
    if (this.own === null && this.seq < leaderSeq) this.own = this.leader.fork(this.leader.before);
  }

  measure(samples: Int16Array, out: number[]): void {
    if (this.own === null) {
      const leader = this.leader;
      if (this.seq === leader.seq - 1) {
        if (samples === leader.lastSamples) {
          this.seq = leader.seq;
          for (const e of leader.lastEnergies) out.push(e);
          return;
        }
        this.own = leader.fork(leader.before);
      } else {
        // Not measured by the leader yet (this follower is ahead of it): from the leader's state now.
        this.own = this.leader.fork();
      }
    }
    this.own.measure(samples, out);
  }
}
