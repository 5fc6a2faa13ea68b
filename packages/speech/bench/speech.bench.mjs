// Speech analysis throughput for one 16 kHz PCM16 stream: the energy VAD alone and VAD + YIN
// pitch, as multiples of real time on one core, and heap allocated per 20 ms chunk on the hot
// path. Prints one JSON result per line (the format bench/run.mjs collects: {name, value, unit, target?, note?}). Run with
// `node --expose-gc` for the allocation figures (the runner does).
//
// Audio: ~60 s of espeak-ng speech (sentences with pauses, as a candidate answers) when espeak-ng
// and sox are installed, else a deterministic synthetic voice (harmonics with a wandering f0,
// noise bursts for fricatives, and pauses). The note of each result says which.
import { EnergyVad, YinPitchTracker } from '../dist/index.js';
import { concatSamples, hasSpeechTools, silence, synthesizeSpeech } from '../dist/testing/index.js';

const SAMPLE_RATE = 16_000;
const CHUNK = 320; // 20 ms frames, as browsers send them
const emit = (name, value, unit, target, note) => console.log(JSON.stringify({ name, value, unit, ...(target ? { target } : {}), ...(note ? { note } : {}) }));

const SENTENCES = [
  'A deadlock happens when two threads wait for each other forever.',
  'Each thread holds one lock and waits for the lock the other thread holds.',
  'You prevent it by always taking locks in the same global order.',
  'A timeout on the lock is another practical safeguard.',
  'Databases detect deadlocks with a wait-for graph and abort one transaction.',
  'In my last project we found one with thread dumps under load.',
];

function syntheticVoice(seconds) {
  const out = new Int16Array(seconds * SAMPLE_RATE);
  let phase = 0;
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
  for (let i = 0; i < out.length; i++) {
    const t = i / SAMPLE_RATE;
    const inSecond = t % 4; // 2.6 s voiced, 0.4 s fricative noise, 1 s pause
    if (inSecond < 2.6) {
      const f0 = 120 + 25 * Math.sin(2 * Math.PI * 0.7 * t) + 10 * Math.sin(2 * Math.PI * 3.1 * t);
      phase += (2 * Math.PI * f0) / SAMPLE_RATE;
      let v = 0;
      for (let h = 1; h <= 8; h++) v += Math.sin(h * phase) / h;
      out[i] = Math.round(5000 * v * (0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t) ** 2));
    } else if (inSecond < 3) out[i] = Math.round(3000 * random());
  }
  return out;
}

function syntheticNoise(seconds) {
  const out = new Int16Array(seconds * SAMPLE_RATE);
  let seed = 777;
  for (let i = 0; i < out.length; i++) out[i] = Math.round(10_000 * ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5));
  return out;
}

function makeAudio() {
  if (hasSpeechTools()) {
    const parts = [];
    for (let round = 0; round < 3; round++) {
      for (const sentence of SENTENCES) {
        parts.push(synthesizeSpeech(sentence), silence(700 + 300 * (round % 2)));
      }
    }
    return { audio: concatSamples(parts), source: 'espeak-ng speech with pauses' };
  }
  return { audio: syntheticVoice(60), source: 'synthetic voice (espeak-ng/sox not installed)' };
}

const { audio, source } = makeAudio();
const audioSeconds = audio.length / SAMPLE_RATE;
const chunks = [];
for (let i = 0; i + CHUNK <= audio.length; i += CHUNK) chunks.push(audio.subarray(i, i + CHUNK));
console.error(`[speech] ${audioSeconds.toFixed(1)} s of ${source}, ${chunks.length} chunks of 20 ms`);

// One stream's work per chunk, exactly as LiveAudioPipeline does it (events into a reused array).
function runner(withPitch, withVad = true, pitchOptions = {}) {
  const vad = withVad ? new EnergyVad() : null;
  const pitch = withPitch ? new YinPitchTracker(pitchOptions) : null;
  const events = [];
  return (list) => {
    for (let i = 0; i < list.length; i++) {
      events.length = 0;
      if (vad) vad.process(list[i], events);
      if (pitch) pitch.process(list[i]);
    }
    return pitch;
  };
}

/** Multiples of real time: seconds of audio analysed per second of CPU, over at least minMs. */
function realTimeFactor(withPitch, minMs = 2000, list = chunks, pitchOptions = {}) {
  const run = runner(withPitch, true, pitchOptions);
  const listSeconds = (list.length * CHUNK) / SAMPLE_RATE;
  run(list); // warm-up
  let seconds = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < minMs) {
    run(list);
    seconds += listSeconds;
  }
  const cpu = process.cpuUsage(cpuStart);
  return seconds / ((cpu.user + cpu.system) / 1e6);
}

/** Heap bytes allocated per chunk on the hot path (after warm-up; GC before, none expected during). */
function allocationPerChunk(withPitch, withVad = true) {
  const run = runner(withPitch, withVad);
  run(chunks);
  run(chunks);
  const sample = chunks.slice(0, 1000);
  globalThis.gc();
  const before = process.memoryUsage().heapUsed;
  run(sample);
  return (process.memoryUsage().heapUsed - before) / sample.length;
}

const vadFactor = realTimeFactor(false);
const pitchFactor = realTimeFactor(true);
emit('VAD throughput (one 16 kHz stream, 20 ms chunks)', Math.round(vadFactor), '× real time', { op: '>=', value: 500 }, source);
emit('VAD + pitch (YIN) throughput (one 16 kHz stream, 20 ms chunks)', Math.round(pitchFactor), '× real time', { op: '>=', value: 50 }, source);
// What LiveAudioPipeline runs: pitch analysed at 4 kHz every 20 ms.
const LIVE_PITCH = { downsample: 4, hopMs: 20 };
emit(
  'VAD + pitch, live-pipeline settings (4 kHz analysis, 20 ms hop)',
  Math.round(realTimeFactor(true, 2000, chunks, LIVE_PITCH)),
  '× real time',
  { op: '>=', value: 500 },
  source,
);
// Worst case for YIN: loud noise, where every frame is analysed over the whole lag range (no
// early exit at the period).
const noise = syntheticNoise(20);
const noiseChunks = [];
for (let i = 0; i + CHUNK <= noise.length; i += CHUNK) noiseChunks.push(noise.subarray(i, i + CHUNK));
emit(
  'VAD + pitch throughput, worst case (continuous loud noise)',
  Math.round(realTimeFactor(true, 2000, noiseChunks)),
  '× real time',
  { op: '>=', value: 50 },
  'white noise at about −15 dBFS: every frame analysed over all lags',
);
const voiced = runner(true)(chunks);
emit(
  'pitch: voiced share of 10 ms frames in the benchmark audio',
  +(voiced.voicedFrames / voiced.frames).toFixed(3),
  'ratio',
  undefined,
  `mean f0 ${voiced.summary()?.mean.toFixed(1)} Hz`,
);
if (globalThis.gc) {
  const perChunk = (withPitch, withVad) => +Math.max(0, allocationPerChunk(withPitch, withVad)).toFixed(1);
  emit(
    'VAD heap allocated per 20 ms chunk',
    perChunk(false, true),
    'bytes/chunk',
    undefined,
    'over 1000 chunks; EnergyVad copies each chunk through a subarray view',
  );
  emit('pitch (YIN) heap allocated per 20 ms chunk', perChunk(true, false), 'bytes/chunk', undefined, 'over 1000 chunks');
  emit('VAD + pitch heap allocated per 20 ms chunk', perChunk(true, true), 'bytes/chunk', undefined, 'over 1000 chunks');
} else {
  console.error('[speech] run with --expose-gc for allocations per chunk');
}
