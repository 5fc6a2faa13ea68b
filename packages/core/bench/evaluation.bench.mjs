// Benchmarks of evaluation and the engine: offline evaluations per second on 300-word answers
// (target ≥ 5,000/s on one core), and InterviewEngine transitions per second (a full voice turn:
// interviewer_done, speech and transcript events, submit, evaluation, next question).
import { InterviewEngine, QuestionSchema, createOfflineEvaluator, createQueueQuestionSource } from '../dist/index.js';
import { FakeClock } from '../dist/testing/index.js';

const emit = (name, value, unit, target, note) => console.log(JSON.stringify({ name, value, unit, ...(target ? { target } : {}), ...(note ? { note } : {}) }));

const question = QuestionSchema.parse({
  id: 'bench-caching',
  text: 'How would you use caching to improve the performance of a web application?',
  topic: 'system_design',
  referenceAnswer:
    'Caching keeps frequently read data in a faster layer so that requests avoid slow work such as database queries. Layers include the browser and a CDN for static assets, an in-memory cache such as Redis or Memcached in front of the database, and application-level memoization. A common pattern is cache-aside: read from the cache, on a miss load from the database and populate the cache with a TTL. The hard parts are invalidation, keeping cached data consistent when the source changes, choosing an eviction policy such as LRU, and avoiding a stampede when a hot key expires.',
  expectedKeywords: [
    { term: 'Redis', synonyms: ['memcached'] },
    { term: 'CDN', synonyms: [] },
    { term: 'invalidation', synonyms: ['stale data'] },
    { term: 'TTL', synonyms: ['expire'] },
    { term: 'eviction', synonyms: ['lru'] },
  ],
  concepts: ['caching', 'performance'],
});

// 300-word answers, varied so no cache of the answer text can help.
const vocabulary = (
  'we put the hot data in redis in front of the database so most reads never reach it and the cdn serves static assets from the edge ' +
  'close to users while invalidation on writes keeps the cache consistent and every key gets a ttl so stale data expires and lru eviction frees memory ' +
  'when the cache is full and we measured the hit rate and the latency before and after the change to prove it helped um you know it was like a big win'
).split(' ');
const answers = Array.from({ length: 64 }, (_, k) => Array.from({ length: 300 }, (_, i) => vocabulary[(i * 7 + k * 13) % vocabulary.length]).join(' '));

const evaluator = createOfflineEvaluator();
for (let i = 0; i < 200; i++) await evaluator.evaluate({ question, answer: answers[i % answers.length] });
let n = 0;
const start = performance.now();
while (performance.now() - start < 2000) {
  await evaluator.evaluate({ question, answer: answers[n % answers.length] });
  n++;
}
emit('offline evaluations/s (300-word answers)', Math.round(n / ((performance.now() - start) / 1000)), 'evaluations/s', { op: '>=', value: 5000 });

// Engine transitions: full turns with a fake clock and the offline evaluator.
const QUESTIONS = Array.from({ length: 10 }, (_, i) => ({ ...question, id: `q${i}` }));
async function runInterview() {
  const clock = new FakeClock(0);
  let transitions = 0;
  const engine = new InterviewEngine({
    sessionId: 1,
    sessionType: 'technical',
    questionSource: createQueueQuestionSource(QUESTIONS),
    evaluator,
    scheduler: clock,
    onEvent: () => transitions++,
    onMessage: () => {},
    completedAt: () => '2026-01-01T00:00:00.000Z',
    finalTranscriptGraceMs: 0,
  });
  await engine.start();
  for (let i = 0; i < QUESTIONS.length; i++) {
    engine.interviewerDone(i);
    clock.advance(800);
    engine.ingest({ type: 'speech_start', t: engine.now() });
    clock.advance(4000);
    engine.ingest({ type: 'transcript_partial', t: engine.now(), text: answers[i].slice(0, 200) });
    engine.ingest({ type: 'speech_end', t: engine.now() });
    engine.ingest({ type: 'transcript_final', t: engine.now(), text: answers[i] });
    await engine.submit();
    for (let k = 0; k < 5 && engine.state !== 'asking' && engine.state !== 'finished'; k++) await new Promise((r) => setImmediate(r));
  }
  if (engine.state !== 'finished') await engine.stop();
  return transitions;
}
for (let i = 0; i < 5; i++) await runInterview();
let events = 0;
let interviews = 0;
const engineStart = performance.now();
while (performance.now() - engineStart < 2000) {
  events += await runInterview();
  interviews++;
}
const seconds = (performance.now() - engineStart) / 1000;
emit(
  'engine logged transitions/s (10-question voice interviews, offline evaluation included)',
  Math.round(events / seconds),
  'events/s',
  undefined,
  `${Math.round(interviews / seconds)} full interviews/s`,
);
