// Benchmarks of the metrics fold: events/s of RunningStatistics.apply and of replay, on a
// realistic 10-minute session and on a 1,000,000-event log; bytes per live RunningStatistics;
// heap allocated per event on the hot path. Run with `node --expose-gc`.
import { RunningStatistics, computeResearchMetrics, replay } from '../dist/index.js';
import { longSession, realisticSession } from './session-logs.mjs';

const emit = (name, value, unit, target, note) => console.log(JSON.stringify({ name, value, unit, ...(target ? { target } : {}), ...(note ? { note } : {}) }));
const now = () => performance.now();

function foldRate(events, minMs = 1500) {
  // Warm up, then fold repeatedly into fresh statistics until minMs has passed.
  for (let i = 0; i < 20; i++) new RunningStatistics().applyAll(events);
  let n = 0;
  const start = now();
  while (now() - start < minMs) {
    const stats = new RunningStatistics();
    for (let i = 0; i < events.length; i++) stats.apply(events[i]);
    n += events.length;
  }
  return n / ((now() - start) / 1000);
}

function replayRate(events, minMs = 1500) {
  for (let i = 0; i < 10; i++) replay(events);
  let n = 0;
  const start = now();
  while (now() - start < minMs) {
    replay(events);
    n += events.length;
  }
  return n / ((now() - start) / 1000);
}

const session = realisticSession();
const big = longSession(1_000_000);
const nonText = session.filter((e) => e.type !== 'transcript_final');
console.error(`[metrics] realistic session: ${session.length} events over ${(session.at(-1).t / 60000).toFixed(1)} min; long log: ${big.length} events`);

emit('fold events/s (realistic 10-min session)', Math.round(foldRate(session)), 'events/s', { op: '>=', value: 50_000_000 });
emit(
  'fold events/s (same session, without transcript_final text scanning)',
  Math.round(foldRate(nonText)),
  'events/s',
  undefined,
  'timing events only: the words/fillers scan of final transcripts is the costly part',
);
emit('replay events/s (realistic 10-min session)', Math.round(replayRate(session)), 'events/s');
emit('fold events/s (1,000,000-event log)', Math.round(foldRate(big, 3000)), 'events/s', { op: '>=', value: 50_000_000 });
emit('replay events/s (1,000,000-event log)', Math.round(replayRate(big, 3000)), 'events/s');

// The floor: the least a fold of the same log can do — speaking time from VAD events and words of
// final transcripts split on spaces, nothing else. Replay (every metric, fillers, repetitions,
// validation) is measured against it in the same run, alternating, best of five each, so the ratio
// holds on a busy machine where absolute rates do not.
function floorFold(events) {
  let speakingMs = 0,
    openT = -1,
    words = 0,
    questions = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    switch (e.type) {
      case 'speech_start':
        openT = e.t;
        break;
      case 'speech_end':
        if (openT >= 0) {
          speakingMs += e.t - openT;
          openT = -1;
        }
        break;
      case 'question_asked':
        questions++;
        break;
      case 'transcript_final': {
        const text = e.text;
        let inWord = false;
        for (let k = 0; k < text.length; k++) {
          const isWordChar = text.charCodeAt(k) !== 32;
          if (isWordChar && !inWord) words++;
          inWord = isWordChar;
        }
        break;
      }
    }
  }
  return speakingMs + words + questions;
}
function rateOf(fn, events, ms) {
  let n = 0;
  const start = now();
  while (now() - start < ms) {
    fn(events);
    n += events.length;
  }
  return n / ((now() - start) / 1000);
}
for (let i = 0; i < 5; i++) {
  floorFold(big);
  replay(big);
}
let bestFloor = 0,
  bestReplay = 0;
for (let round = 0; round < 5; round++) {
  bestFloor = Math.max(bestFloor, rateOf(floorFold, big, 600));
  bestReplay = Math.max(bestReplay, rateOf(replay, big, 600));
}
emit('floor fold events/s (1,000,000-event log: speaking time and space-split words only)', Math.round(bestFloor), 'events/s');
emit('replay / floor (1,000,000-event log)', Math.round((bestReplay / bestFloor) * 1000) / 1000, 'ratio', { op: '>=', value: 0.5 });

// Heap allocated per event on the hot path (after warm-up; GC before and none during). The loop
// lives in a function so that the harness itself runs optimized and allocates nothing.
function allocationPerEvent(hot) {
  const fresh = () => {
    const st = new RunningStatistics();
    st.apply({ type: 'session_started', t: 0, session_type: 'technical' });
    st.apply({ type: 'question_asked', t: 0, index: 0, question: 'q' });
    st.apply({ type: 'question_end', t: 0, index: 0 });
    return st;
  };
  const run = (st, events) => {
    for (let i = 0; i < events.length; i++) st.apply(events[i]);
  };
  for (let r = 0; r < 5; r++) run(fresh(), hot);
  const st = fresh();
  gc();
  const before = process.memoryUsage().heapUsed;
  run(st, hot);
  return (process.memoryUsage().heapUsed - before) / hot.length;
}

if (globalThis.gc) {
  // One candidate turn of realistic timing events (speech runs, partials, pitch), re-timed so that
  // they all fall inside a single turn.
  const hot = [];
  let t = 1;
  for (const e of big) {
    if (e.type !== 'speech_start' && e.type !== 'speech_end' && e.type !== 'transcript_partial' && e.type !== 'pitch_summary') continue;
    hot.push({ ...e, t: (t += 37.5) });
  }
  emit(
    'heap allocated per hot-path event',
    Math.max(0, allocationPerEvent(hot)),
    'bytes/event',
    { op: '<=', value: 1 },
    `${hot.length} speech/partial/pitch events`,
  );

  // Bytes per live RunningStatistics: 10,000 sessions, each 3 answers into a realistic session.
  const prefix = session.slice(
    0,
    session.findIndex((e) => e.type === 'question_asked' && e.index === 3),
  );
  gc();
  const base = process.memoryUsage().heapUsed;
  const keep = [];
  for (let i = 0; i < 10_000; i++) keep.push(new RunningStatistics().applyAll(prefix));
  gc();
  const perSession = (process.memoryUsage().heapUsed - base) / keep.length;
  emit('bytes per live RunningStatistics (3 answers in)', Math.round(perSession), 'bytes', { op: '<=', value: 2048 });
  gc();
  const base2 = process.memoryUsage().heapUsed;
  const fresh = [];
  for (let i = 0; i < 10_000; i++) fresh.push(new RunningStatistics());
  gc();
  emit('bytes per fresh RunningStatistics', Math.round((process.memoryUsage().heapUsed - base2) / fresh.length), 'bytes', { op: '<=', value: 2048 });
  // keep references alive until measured
  if (keep.length + fresh.length < 0) console.log(computeResearchMetrics(keep[0]));
}
