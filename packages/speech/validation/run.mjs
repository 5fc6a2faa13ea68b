#!/usr/bin/env node
// `pnpm validate:speech`: measures speech timing (speaking time, pauses, long pauses, segment
// boundaries) on espeak-ng and real human (LibriVox) speech, clean and in white, pink, babble and
// mains-hum noise, in 20/50/100 ms chunks, through the live audio pipeline + core `replay` and
// through the live server (WebSocket → engine → event log → stored metrics), and regenerates
// packages/speech/docs/validation.md.
//
//   node packages/speech/validation/run.mjs [--quick] [--no-server] [--no-baseline] [--out=FILE] [--json=FILE]
//
// --quick: LibriVox sets only, clean / pink 20 dB / white 10 dB / hum 20 dB, default VAD, no server.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { hasLibriVox, hasSpeechTools } from '@interviewkit/speech/testing';
import { CHUNKS_MS, CONDITIONS, SPEECH_SETS, meetsGoal, runPipelineCase, goalFor } from './cases.mjs';
import { GAPS_MS, SPEECH_DBFS } from './corpus.mjs';
import { toMarkdown } from './report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-server': { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
    out: { type: 'string', default: join(here, '..', 'docs', 'validation.md') },
    json: { type: 'string' },
  },
});

/** VAD configurations measured: the default, and the old fixed-threshold modes as the baseline. */
export const VARIANTS = {
  default: { label: 'default (noise-floor tracking)', options: undefined },
  fixed: { label: 'fixed −40 dBFS (the old default)', options: { mode: 'fixed' } },
  'fixed-adaptive': { label: 'fixed + old `adaptive` minimum statistics', options: { mode: 'fixed', adaptive: {} } },
};

if (!hasSpeechTools() || !hasLibriVox()) {
  console.error('[validate:speech] needs espeak-ng, sox and pocketsphinx-testdata (LibriVox recordings); not installed — nothing measured');
  process.exit(2);
}

const sets = args.quick ? ['librivox-tune', 'librivox-heldout'] : Object.keys(SPEECH_SETS);
const conditions = args.quick
  ? CONDITIONS.filter(
      (c) => c.noise === 'clean' || (c.noise === 'pink' && c.snr === 20) || (c.noise === 'white' && c.snr === 10) || (c.noise === 'hum' && c.snr === 20),
    )
  : CONDITIONS;
const variants = args.quick || args['no-baseline'] ? ['default'] : Object.keys(VARIANTS);
const started = performance.now();
const results = [];
for (const variant of variants) {
  for (const set of sets) {
    for (const { noise, snr } of conditions) {
      const chunks = variant === 'default' ? CHUNKS_MS : [20];
      const score = await runPipelineCase({ set, noise, snr, vad: VARIANTS[variant].options, chunks });
      results.push({ variant, set, noise, snr, pipeline: score, goal: meetsGoal(score, snr) });
      console.error(
        `[validate:speech] ${variant} ${set} ${noise}${snr === null ? '' : ` ${snr} dB`}: speaking ${score.speakingErrorPct.toFixed(1)} %, F1 ${Object.values(
          score.pauses,
        )
          .map((p) => p.f1.toFixed(2))
          .join('/')}, long ${score.longPauses}/${score.longPausesTruth}${score.invariant ? '' : ', CHUNK-DEPENDENT'}`,
      );
    }
  }
}

if (!args.quick && !args['no-server']) {
  const { measureServerCases } = await import('./server.mjs');
  const serverCases = results.filter(
    (r) =>
      (r.variant === 'default' && (r.snr === null || r.snr === 20 || r.snr === 10) && r.noise !== 'hum') ||
      (r.variant === 'default' && r.noise === 'hum' && r.snr === 20),
  );
  await measureServerCases(serverCases);
}

const meta = {
  quick: args.quick,
  seconds: (performance.now() - started) / 1000,
  gapsMs: GAPS_MS,
  speechDbfs: SPEECH_DBFS,
  node: process.version,
  sets: Object.fromEntries(sets.map((s) => [s, SPEECH_SETS[s]])),
  variants: Object.fromEntries(variants.map((v) => [v, VARIANTS[v]])),
};
const markdown = toMarkdown(results, meta, goalFor);
writeFileSync(args.out, markdown);
if (args.json) writeFileSync(args.json, JSON.stringify({ meta, results }, null, 2));
console.error(`[validate:speech] ${results.length} cases in ${meta.seconds.toFixed(0)} s → ${args.out}`);
const failed = results.filter((r) => r.variant === 'default' && !r.goal).length;
console.log(JSON.stringify({ cases: results.filter((r) => r.variant === 'default').length, goalsMissed: failed }));
