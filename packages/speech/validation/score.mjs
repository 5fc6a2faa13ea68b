// Scores a session's speech events against the ground truth of a stream, with core's metric
// definitions (speaking time, pauses > 300 ms, long pauses > 5 s come from core's `replay`) and
// segment-level matching for pause precision/recall and boundary errors.

/** Pause classes reported: gaps of at least this many ms. */
export const PAUSE_CLASSES_MS = [250, 1000, 3000];
/** A gap within this many ms of a class threshold still counts for matching (frame precision). */
export const LENGTH_TOLERANCE_MS = 50;
/** A detected boundary farther than this from every true one is not matched. */
const BOUNDARY_WINDOW_MS = 400;

/** Speech segments [start, end] (ms, relative to the audio's first sample) from the events. */
export function segmentsOf(events, offsetMs = 0) {
  const out = [];
  let open = null;
  for (const e of events) {
    if (e.type === 'speech_start' && open === null) open = e.t - offsetMs;
    else if (e.type === 'speech_end' && open !== null) {
      out.push({ start: open, end: e.t - offsetMs });
      open = null;
    }
  }
  return out;
}

const gapsOf = (segments) => segments.slice(1).map((s, i) => ({ start: segments[i].end, end: s.start, length: s.start - segments[i].end }));
const overlaps = (a, b) => a.start < b.end && b.start < a.end;

/** Precision, recall and F1 of pauses of at least `minMs`. */
export function pauseScore(truthGaps, detectedGaps, minMs) {
  const detected = detectedGaps.filter((g) => g.length >= minMs);
  const truth = truthGaps.filter((g) => g.length >= minMs);
  const tp = detected.filter((d) => truthGaps.some((g) => g.length >= minMs - LENGTH_TOLERANCE_MS && overlaps(d, g))).length;
  const found = truth.filter((g) => detectedGaps.some((d) => d.length >= minMs - LENGTH_TOLERANCE_MS && overlaps(d, g))).length;
  const precision = detected.length === 0 ? (truth.length === 0 ? 1 : 0) : tp / detected.length;
  const recall = truth.length === 0 ? 1 : found / truth.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truth: truth.length, detected: detected.length };
}

/** Signed errors (ms) of the detected starts and ends nearest each true one (unmatched ones counted). */
export function boundaryErrors(truth, detected) {
  const errors = [];
  let missed = 0;
  for (const kind of ['start', 'end']) {
    for (const s of truth) {
      let best = null;
      for (const d of detected) {
        const err = d[kind] - s[kind];
        if (Math.abs(err) <= BOUNDARY_WINDOW_MS && (best === null || Math.abs(err) < Math.abs(best))) best = err;
      }
      if (best === null) missed++;
      else errors.push(best);
    }
  }
  const abs = errors.map(Math.abs).sort((a, b) => a - b);
  return {
    medianAbs: abs.length ? abs[Math.floor(abs.length / 2)] : NaN,
    maxAbs: abs.length ? abs[abs.length - 1] : NaN,
    meanSigned: errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : NaN,
    missed,
  };
}

/**
 * Everything the table reports for one run: `metrics` is core's replay of the session log,
 * `events` its speech events, `truth` the stream's true segments (ms from the audio start),
 * `offsetMs` the session time of the audio's first sample.
 */
export function scoreRun({ metrics, events, truth, offsetMs = 0 }) {
  const detected = segmentsOf(events, offsetMs);
  const truthGaps = gapsOf(truth);
  const detectedGaps = gapsOf(detected);
  const truthSpeaking = truth.reduce((s, g) => s + g.end - g.start, 0) / 1000;
  const longTruth = truthGaps.filter((g) => g.length > 5000);
  const longDetected = detectedGaps.filter((g) => g.length > 5000);
  const longExact =
    metrics.long_pause_count === longTruth.length &&
    longDetected.length === longTruth.length &&
    longTruth.every((g) => longDetected.some((d) => overlaps(d, g)));
  return {
    speakingTruth: truthSpeaking,
    speaking: metrics.speaking_time,
    speakingErrorPct: (100 * (metrics.speaking_time - truthSpeaking)) / truthSpeaking,
    segments: detected.length,
    pauses: Object.fromEntries(PAUSE_CLASSES_MS.map((ms) => [ms, pauseScore(truthGaps, detectedGaps, ms)])),
    pauseCount: metrics.pause_count,
    pauseCountTruth: truthGaps.filter((g) => g.length > 300).length,
    longPauses: metrics.long_pause_count,
    longPausesTruth: longTruth.length,
    longExact,
    boundaries: boundaryErrors(truth, detected),
  };
}
