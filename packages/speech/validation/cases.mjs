// The validation matrix: speech sets × noise conditions × chunk sizes, and one case's run.
import { buildStream, espeakUtterances, librivoxUtterances, mixCondition, ESPEAK_HELDOUT, ESPEAK_TUNE, LIBRIVOX_HELDOUT, LIBRIVOX_TUNE } from './corpus.mjs';
import { measurePipeline } from './pipeline.mjs';
import { scoreRun } from './score.mjs';

/** Speech sets: `tune` ones were looked at while tuning the VAD, `held-out` ones were not. */
export const SPEECH_SETS = {
  'espeak-tune': { label: 'espeak-ng en-us 160, en-gb 140 wpm', split: 'tune', hum: 50, build: () => buildStream(espeakUtterances(ESPEAK_TUNE), undefined, 7) },
  'librivox-tune': {
    label: `LibriVox ${LIBRIVOX_TUNE.join(', ')}`,
    split: 'tune',
    hum: 50,
    build: () => buildStream(repeat(librivoxUtterances(LIBRIVOX_TUNE)), undefined, 8),
  },
  'espeak-heldout': {
    label: 'espeak-ng en-gb-scotland 190, en-us+f3 125 wpm',
    split: 'held-out',
    hum: 60,
    build: () => buildStream(espeakUtterances(ESPEAK_HELDOUT), undefined, 9),
  },
  'librivox-heldout': {
    label: `LibriVox ${LIBRIVOX_HELDOUT.join(', ')}`,
    split: 'held-out',
    hum: 60,
    build: () => buildStream(repeat(librivoxUtterances(LIBRIVOX_HELDOUT)), undefined, 10),
  },
};

/** Eight utterances from a few clips, in turn. */
function repeat(utterances, count = 8) {
  return Array.from({ length: count }, (_, i) => utterances[i % utterances.length]);
}

/** Noise conditions: clean, then white, pink, babble and mains hum at 30, 20 and 10 dB SNR. */
export const CONDITIONS = [
  { noise: 'clean', snr: null },
  ...['white', 'pink', 'babble', 'hum'].flatMap((noise) => [30, 20, 10].map((snr) => ({ noise, snr }))),
];
export const CHUNKS_MS = [20, 50, 100];

const streams = new Map();
/** The (cached) stream of a speech set. */
export function streamOf(set) {
  if (!streams.has(set)) streams.set(set, SPEECH_SETS[set].build());
  return streams.get(set);
}

/** The audio of one condition. */
export function audioOf(set, noise, snr) {
  return mixCondition(streamOf(set), noise, snr, { hz: SPEECH_SETS[set].hum });
}

/** Runs one case through the pipeline in each chunk size; the score of the first, and whether all gave identical events. */
export async function runPipelineCase({ set, noise, snr, vad, chunks = CHUNKS_MS }) {
  const audio = audioOf(set, noise, snr);
  const stream = streamOf(set);
  const runs = [];
  for (const chunkMs of chunks) runs.push(await measurePipeline(audio, { chunkMs, vad, text: stream.text }));
  const key = (r) => JSON.stringify(r.events.map((e) => [e.type, e.t]));
  const invariant = runs.every((r) => key(r) === key(runs[0]));
  return { ...scoreRun({ ...runs[0], truth: stream.truth }), invariant, chunks };
}

/** The goals for a condition: speaking time within 5 % (10 % at 10 dB, 1 % clean), pause F1 ≥ 0.9 (0.8; 1.0), long pauses exact. */
export function goalFor(snr) {
  if (snr === null) return { speakingPct: 1, f1: 1 };
  if (snr <= 10) return { speakingPct: 10, f1: 0.8 };
  return { speakingPct: 5, f1: 0.9 };
}

/** Whether a score meets the goal of its condition. */
export function meetsGoal(score, snr) {
  const goal = goalFor(snr);
  const f1 = Math.min(...Object.values(score.pauses).map((p) => p.f1));
  return Math.abs(score.speakingErrorPct) <= goal.speakingPct && f1 >= goal.f1 - 1e-9 && score.longExact;
}
