#!/usr/bin/env node
// A fast tuning loop for the VAD (not part of `pnpm validate:speech`): runs `EnergyVad` directly
// on the noisy streams (cached as raw PCM16 under --cache) and scores the segments with the
// suite's scoring (speaking time and long pauses from the segments, as core's `replay` computes
// them). Only the `tune` sets unless --heldout; prints one line per case and a summary.
//
//   node packages/speech/validation/tune.mjs [--heldout] [--sets=a,b] [--noise=babble] [--snr=10] [--vad='{"noiseFloor":{…}}'] [--cache=/tmp/vad-cache]
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { EnergyVad } from '@interviewkit/speech';
import { CONDITIONS, SPEECH_SETS, audioOf, goalFor, meetsGoal, streamOf } from './cases.mjs';
import { scoreRun } from './score.mjs';

const { values: args } = parseArgs({
  options: {
    heldout: { type: 'boolean', default: false },
    sets: { type: 'string' },
    noise: { type: 'string' },
    snr: { type: 'string' },
    vad: { type: 'string', default: '{}' },
    cache: { type: 'string', default: '/tmp/vad-cache' },
    verbose: { type: 'boolean', default: false },
  },
});
mkdirSync(args.cache, { recursive: true });
const split = args.heldout ? 'held-out' : 'tune';
const sets = args.sets ? args.sets.split(',') : Object.keys(SPEECH_SETS).filter((s) => SPEECH_SETS[s].split === split);
const conditions = CONDITIONS.filter((c) => (!args.noise || args.noise.split(',').includes(c.noise)) && (!args.snr || String(c.snr) === args.snr));
const vadOptions = JSON.parse(args.vad);

function cached(set, noise, snr) {
  const base = join(args.cache, `${set}-${noise}-${snr ?? 'clean'}`);
  if (existsSync(`${base}.pcm`))
    return { audio: new Int16Array(readFileSync(`${base}.pcm`).buffer.slice(0)), truth: JSON.parse(readFileSync(`${base}.json`, 'utf8')) };
  const audio = audioOf(set, noise, snr);
  const truth = streamOf(set).truth;
  writeFileSync(`${base}.pcm`, Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength));
  writeFileSync(`${base}.json`, JSON.stringify(truth));
  return { audio, truth };
}

let missed = 0,
  total = 0,
  seconds = 0,
  audioSeconds = 0;
for (const set of sets) {
  for (const { noise, snr } of conditions) {
    const { audio, truth } = cached(set, noise, snr);
    const vad = new EnergyVad(vadOptions);
    const started = performance.now();
    const raw = [];
    for (let i = 0; i < audio.length; i += 320) vad.process(audio.subarray(i, i + 320), raw);
    vad.flush(raw);
    seconds += (performance.now() - started) / 1000;
    audioSeconds += audio.length / 16000;
    const events = raw.map((e) => ({ type: e.type, t: e.ms }));
    const segs = [];
    for (let k = 0; k + 1 < events.length; k += 2) segs.push([events[k].t, events[k + 1].t]);
    const speaking = segs.reduce((s, [a, b]) => s + b - a, 0) / 1000;
    const longCount = segs.slice(1).filter(([a], k) => a - segs[k][1] > 5000).length;
    const score = scoreRun({ metrics: { speaking_time: speaking, long_pause_count: longCount }, events, truth });
    const ok = meetsGoal(score, snr);
    total++;
    if (!ok) missed++;
    const f1 = Object.values(score.pauses)
      .map((p) => p.f1.toFixed(2))
      .join('/');
    console.log(
      `${ok ? ' ' : '✗'} ${set.padEnd(17)} ${noise.padEnd(6)} ${String(snr ?? '—').padStart(2)}  speak ${score.speakingErrorPct.toFixed(1).padStart(6)} %  F1 ${f1}  pauses ${score.segments - 1}/${score.pauseCountTruth}  long ${score.longPauses}/${score.longPausesTruth}  bnd ${score.boundaries.medianAbs}/${score.boundaries.maxAbs}${score.boundaries.missed ? ` (${score.boundaries.missed} missed)` : ''}`,
    );
    if (args.verbose) {
      console.log('   truth', truth.map((s) => `${Math.round(s.start)}-${Math.round(s.end)}`).join(' '));
      console.log('   found', segs.map(([a, b]) => `${Math.round(a)}-${Math.round(b)}`).join(' '));
    }
  }
}
console.log(JSON.stringify({ cases: total, goalsMissed: missed, realTime: Math.round(audioSeconds / seconds) }));
void goalFor;
