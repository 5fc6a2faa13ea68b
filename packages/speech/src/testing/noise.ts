// Deterministic noise for VAD tests and the validation suite: white, pink, mains hum and room
// tone, plus mixing at a given signal-to-noise ratio. Float64Array in PCM16 units (±32768), so
// sums of sources do not clip until the final conversion.

/** A small seeded PRNG (mulberry32): the same seed gives the same noise on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian white noise, `n` samples of standard deviation 1 (Box–Muller). */
export function whiteNoise(n: number, seed = 1): Float64Array {
  const random = seededRandom(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = Math.max(random(), 1e-12);
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** Pink (1/f) noise, `n` samples, unit RMS (Paul Kellet's refined filter on white noise). */
export function pinkNoise(n: number, seed = 2): Float64Array {
  const white = whiteNoise(n, seed);
  const out = new Float64Array(n);
  let b0 = 0,
    b1 = 0,
    b2 = 0,
    b3 = 0,
    b4 = 0,
    b5 = 0,
    b6 = 0;
  for (let i = 0; i < n; i++) {
    const w = white[i]!;
    b0 = 0.99886 * b0 + w * 0.0555179;
    b1 = 0.99332 * b1 + w * 0.0750759;
    b2 = 0.969 * b2 + w * 0.153852;
    b3 = 0.8665 * b3 + w * 0.3104856;
    b4 = 0.55 * b4 + w * 0.5329522;
    b5 = -0.7616 * b5 - w * 0.016898;
    out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
    b6 = w * 0.115926;
  }
  return normalizeRms(out);
}

/**
 * Mains hum: `hz` (50 or 60) with its 2nd and 3rd harmonics at −6 and −10 dB, as transformers
 * and ground loops produce it, `n` samples at unit RMS.
 */
export function humNoise(n: number, hz = 50, sampleRate = 16_000): Float64Array {
  const out = new Float64Array(n);
  const h2 = 10 ** (-6 / 20);
  const h3 = 10 ** (-10 / 20);
  for (let i = 0; i < n; i++) {
    const p = (2 * Math.PI * hz * i) / sampleRate;
    out[i] = Math.sin(p) + h2 * Math.sin(2 * p + 0.3) + h3 * Math.sin(3 * p + 1.1);
  }
  return normalizeRms(out);
}

/** Scales `x` in place to unit RMS (about its mean) and returns it. */
export function normalizeRms(x: Float64Array): Float64Array {
  const power = acPower(x);
  const scale = power > 0 ? 1 / Math.sqrt(power) : 0;
  for (let i = 0; i < x.length; i++) x[i]! *= scale;
  return x;
}

/** Mean power of `x[from, to)` with its mean (DC) removed. */
export function acPower(x: ArrayLike<number>, from = 0, to = x.length): number {
  let sum = 0;
  let sum2 = 0;
  for (let i = from; i < to; i++) {
    const v = x[i]!;
    sum += v;
    sum2 += v * v;
  }
  const n = Math.max(1, to - from);
  const mean = sum / n;
  return sum2 / n - mean * mean;
}

/** Room tone: pink noise at `dbfs` (RMS relative to full scale) plus a constant `dc` offset (LSB). */
export function roomTone(n: number, dbfs = -60, seed = 3, dc = 0): Float64Array {
  const out = pinkNoise(n, seed);
  const scale = 32768 * 10 ** (dbfs / 20);
  for (let i = 0; i < n; i++) out[i] = out[i]! * scale + dc;
  return out;
}

/**
 * Adds `noise` (unit RMS or any level; looped if shorter) to `signal` so that the speech-to-noise
 * ratio is `snrDb`, where the speech power is `speechPower` (mean power of the speech regions,
 * DC removed — the usual "active speech level" definition). Returns PCM16, clipped.
 */
export function mixAtSnr(signal: ArrayLike<number>, noise: Float64Array, snrDb: number, speechPower: number): Int16Array {
  const noisePower = acPower(noise);
  const gain = noisePower > 0 ? Math.sqrt(speechPower / 10 ** (snrDb / 10) / noisePower) : 0;
  const out = new Int16Array(signal.length);
  for (let i = 0; i < signal.length; i++) out[i] = clip16(signal[i]! + gain * noise[i % noise.length]!);
  return out;
}

/** Rounds and clips to the PCM16 range. */
export function clip16(v: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(v)));
}
