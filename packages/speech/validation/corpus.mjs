// The validation corpus: speech streams with known ground truth, built from espeak-ng voices and
// from real human speech (LibriVox read speech from Debian's pocketsphinx-testdata), joined with
// known gaps filled with room tone; and the noises mixed over them.
//
// Ground truth comes from the construction: each stream is [lead room tone] speech, gap, speech,
// gap, … [tail room tone], and the speech segments are exactly the inserted utterances. espeak-ng
// utterances are trimmed by sox at −40 dBFS (digital silence around them); LibriVox clips are
// trimmed by `trimClip` below (an offline, zero-latency analysis of the clean recording), so the
// truth is exact for the stream and as precise as that trimming for the talker (see validation.md).
import {
  concatSamples,
  humNoise,
  pinkNoise,
  roomTone,
  synthesizeSpeech,
  whiteNoise,
  acPower,
  loadLibriVox,
  mixAtSnr,
  clip16,
} from '@interviewkit/speech/testing';

export const SAMPLE_RATE = 16_000;
/** The gaps between utterances (ms), in stream order: every pause class, the long pauses inside. */
export const GAPS_MS = [1000, 250, 5500, 500, 3000, 8000, 2000];
const LEAD_MS = 1000;
const TAIL_MS = 1000;
/** Speech active level of every stream (dBFS RMS over the speech): a normal close microphone. */
export const SPEECH_DBFS = -20;
/** Room tone in the gaps, relative to full scale. */
const ROOM_DBFS = -62;

export const SENTENCES = [
  'A deadlock happens when two threads wait for each other forever.',
  'Each thread holds one lock and waits for the lock the other thread holds.',
  'You prevent it by always taking locks in the same global order.',
  'A timeout on the lock is another practical safeguard.',
  'Databases detect deadlocks with a wait for graph and abort one transaction.',
  'In my last project we found one with thread dumps under load.',
  'The fix was to acquire the account locks in order of their identifiers.',
  'After that change the nightly batch never stalled again.',
];
const BABBLE_SENTENCES = [
  'The quarterly numbers look better than anyone expected this spring.',
  'Could you pass me the blue folder on the corner of the desk please.',
  'We should book the meeting room before the afternoon fills up.',
  'My train was late again so I missed the first half of the talk.',
  'The new coffee machine makes a terrible noise every single morning.',
  'They are moving the whole team to the third floor next month.',
];

/** espeak-ng talkers: tuned on the first set, held out on the second. */
export const ESPEAK_TUNE = [
  { voice: 'en-us', wordsPerMinute: 160 },
  { voice: 'en-gb', wordsPerMinute: 140 },
];
export const ESPEAK_HELDOUT = [
  { voice: 'en-gb-scotland', wordsPerMinute: 190 },
  { voice: 'en-us+f3', wordsPerMinute: 125 },
];
/** LibriVox clips (suffix of the id): tuned on three, held out on two. */
export const LIBRIVOX_TUNE = ['0870', '0890', '0920'];
export const LIBRIVOX_HELDOUT = ['0880', '0930'];

/**
 * Trims a clean recording to its speech: DC removed, one-pole high-pass (≈100 Hz), 10 ms frame
 * levels; the floor is the 10th percentile level; speech starts at the first frame of a run where
 * 3 of 5 frames are 20 dB above the floor, walked back over frames still 8 dB above it (at most
 * 300 ms: soft onsets), and symmetrically at the end. Returns sample indices [start, end).
 */
export function trimClip(samples) {
  let dc = 0;
  for (const v of samples) dc += v;
  dc /= samples.length;
  const F = 160;
  const levels = [];
  let x1 = 0,
    y1 = 0;
  let e = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i] - dc;
    const y = x - x1 + 0.96 * y1;
    x1 = x;
    y1 = y;
    e += y * y;
    if ((i + 1) % F === 0) {
      levels.push(10 * Math.log10(e / F / 32768 ** 2 + 1e-12));
      e = 0;
    }
  }
  const floor = [...levels].sort((a, b) => a - b)[Math.floor(levels.length * 0.1)];
  const strong = (k) => levels[k] > floor + 20;
  const run = (k, dir) => {
    let n = 0;
    for (let j = 0; j < 5; j++) if (strong(k + dir * j)) n++;
    return strong(k) && n >= 3;
  };
  let first = 0;
  while (first < levels.length - 5 && !run(first, 1)) first++;
  let last = levels.length - 1;
  while (last > 5 && !run(last, -1)) last--;
  let start = first;
  while (start > 0 && first - start < 30 && levels[start - 1] > floor + 8) start--;
  let end = last;
  while (end < levels.length - 1 && end - last < 30 && levels[end + 1] > floor + 8) end++;
  return { start: start * F, end: (end + 1) * F, floorDbfs: floor };
}

let libriCache = null;
/** The LibriVox clips, each trimmed to its speech (DC offset kept: real microphones have one). */
export function librivoxUtterances(suffixes) {
  libriCache ??= loadLibriVox();
  return suffixes.map((s) => {
    const clip = libriCache.find((c) => c.id.endsWith(s));
    if (!clip) throw new Error(`LibriVox clip ${s} not found`);
    const { start, end } = trimClip(clip.samples);
    let dc = 0;
    for (const v of clip.samples) dc += v;
    return { samples: clip.samples.slice(start, end), text: clip.text, dc: dc / clip.samples.length, source: clip.id };
  });
}

/** espeak-ng utterances: SENTENCES spoken by the talkers in turn. */
export function espeakUtterances(talkers, count = GAPS_MS.length + 1, sentences = SENTENCES) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const talker = talkers[i % talkers.length];
    const text = sentences[i % sentences.length];
    out.push({ samples: synthesizeSpeech(text, talker), text, dc: 0, source: `${talker.voice}@${talker.wordsPerMinute}` });
  }
  return out;
}

/**
 * A stream: lead, utterance, gap, utterance, …, tail, with room tone (pink, −62 dBFS, plus the
 * talkers' DC offset) everywhere between utterances, the speech scaled to SPEECH_DBFS. Returns
 * the samples (float, PCM16 units), the truth segments in ms and the speech power.
 */
export function buildStream(utterances, gapsMs = GAPS_MS, seed = 7) {
  if (utterances.length !== gapsMs.length + 1) throw new Error('one more utterance than gaps');
  const dc = utterances.reduce((s, u) => s + u.dc, 0) / utterances.length;
  // Speech gain: the AC level of all utterances together → SPEECH_DBFS.
  let power = 0,
    n = 0;
  for (const u of utterances) {
    power += acPower(u.samples) * u.samples.length;
    n += u.samples.length;
  }
  const gain = (32768 * 10 ** (SPEECH_DBFS / 20)) / Math.sqrt(power / n);
  const lengths = [LEAD_MS * 16, ...utterances.flatMap((u, i) => [u.samples.length, i < gapsMs.length ? gapsMs[i] * 16 : TAIL_MS * 16])];
  const total = lengths.reduce((a, b) => a + b, 0);
  const out = roomTone(total, ROOM_DBFS, seed, dc);
  const truth = [];
  let at = LEAD_MS * 16;
  utterances.forEach((u, i) => {
    for (let k = 0; k < u.samples.length; k++) out[at + k] = dc + (u.samples[k] - u.dc) * gain;
    truth.push({ start: (at * 1000) / SAMPLE_RATE, end: ((at + u.samples.length) * 1000) / SAMPLE_RATE });
    at += u.samples.length + (i < gapsMs.length ? gapsMs[i] * 16 : 0);
  });
  let speechPower = 0;
  for (const s of truth) speechPower += acPower(out, s.start * 16, s.end * 16) * (s.end - s.start) * 16;
  speechPower /= truth.reduce((a, s) => a + (s.end - s.start) * 16, 0);
  return { samples: out, truth, speechPower, text: utterances.map((u) => u.text).join(' '), sources: [...new Set(utterances.map((u) => u.source))] };
}

let babbleCache = null;
/** Babble: four other talkers at once (three espeak-ng voices and a LibriVox reader), continuous, unit RMS. */
export function babbleNoise(n, seed = 11) {
  if (!babbleCache) {
    const talkers = [
      { voice: 'en-gb-x-rp', wordsPerMinute: 170 },
      { voice: 'en-us+f2', wordsPerMinute: 150 },
      { voice: 'en-029', wordsPerMinute: 165 },
    ].map((t, k) =>
      concatSamples(BABBLE_SENTENCES.map((_, j) => synthesizeSpeech(BABBLE_SENTENCES[(j + 2 * k) % BABBLE_SENTENCES.length], { ...t, trimPercent: 0.5 }))),
    );
    libriCache ??= loadLibriVox();
    const reader = concatSamples(
      libriCache.map((c) => {
        const { start, end } = trimClip(c.samples);
        let dc = 0;
        for (const v of c.samples) dc += v;
        dc /= c.samples.length;
        return Int16Array.from(c.samples.subarray(start, end), (v) => v - dc);
      }),
    );
    babbleCache = [...talkers, reader].map((t) => {
      const p = Math.sqrt(acPower(t));
      return Float64Array.from(t, (v) => v / p);
    });
  }
  const out = new Float64Array(n);
  babbleCache.forEach((talker, k) => {
    const offset = Math.floor((seed * 7919 + k * 104_729) % talker.length);
    for (let i = 0; i < n; i++) out[i] += talker[(i + offset) % talker.length];
  });
  const p = Math.sqrt(acPower(out));
  for (let i = 0; i < n; i++) out[i] /= p;
  return out;
}

/** The noise conditions: kind and SNR (dB); `clean` has only the room tone. */
export function noiseSamples(kind, n, { hz = 50 } = {}) {
  switch (kind) {
    case 'white':
      return whiteNoise(n, 101);
    case 'pink':
      return pinkNoise(n, 202);
    case 'babble':
      return babbleNoise(n);
    case 'hum':
      return humNoise(n, hz);
    default:
      throw new Error(`unknown noise ${kind}`);
  }
}

/** The stream with `noise` at `snrDb` (or clean), as PCM16. */
export function mixCondition(stream, noise, snrDb, options = {}) {
  if (noise === 'clean') return Int16Array.from(stream.samples, clip16);
  return mixAtSnr(stream.samples, noiseSamples(noise, stream.samples.length, options), snrDb, stream.speechPower);
}
