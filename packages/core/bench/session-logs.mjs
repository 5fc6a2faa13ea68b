// Realistic synthetic event logs for the core benchmarks.

/**
 * A realistic 10-minute interview: 8 questions; in each answer, speech runs of 1–6 s separated by
 * pauses, VAD start/end per run, a partial transcript every 250 ms of speech, a final per run,
 * a pitch summary per run, evaluations and forced silences. About 2,500 events.
 */
export function realisticSession(seed = 1) {
  let state = seed;
  const rand = () => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const words = ['the', 'index', 'um', 'query', 'planner', 'uses', 'a', 'B-tree', 'like,', 'so', 'join', 'you know', 'cost'];
  const sentence = (n) => Array.from({ length: n }, () => words[Math.floor(rand() * words.length)]).join(' ');
  const events = [{ type: 'session_started', t: 0, session_type: 'technical', topic: 'dbms' }];
  let t = 0;
  for (let q = 0; q < 8; q++) {
    events.push({ type: 'question_asked', t, index: q, question: `Question ${q}` });
    t += 4000 + rand() * 3000;
    events.push({ type: 'question_end', t, index: q });
    t += 1000 + rand() * 3000;
    const answerEnd = t + 50_000;
    while (t < answerEnd) {
      const run = 1000 + rand() * 5000;
      events.push({ type: 'speech_start', t });
      for (let p = 250; p < run; p += 250) events.push({ type: 'transcript_partial', t: t + p, text: sentence(Math.ceil(p / 400)), index: q });
      t += run;
      events.push({ type: 'speech_end', t });
      events.push({ type: 'transcript_final', t, text: sentence(Math.ceil(run / 400)), index: q });
      events.push({
        type: 'pitch_summary',
        t,
        count: Math.ceil(run / 16),
        mean: 120 + rand() * 40,
        m2: (400 * run) / 16,
        min: 85,
        max: 210,
        p10: 100,
        p90: 170,
      });
      t += 200 + rand() * (rand() < 0.1 ? 7000 : 1200);
    }
    events.push({ type: 'answer_complete', t, index: q, reason: 'manual', text: 'answer' });
    t += 1500;
    events.push({ type: 'answer_evaluated', t, index: q, similarity: rand(), keyword_coverage: rand() });
    events.push({ type: 'forced_silence', t, duration: 1500 });
    events.push({ type: 'stage_latency', t, stage: 'evaluation', ms: 12 });
  }
  events.push({ type: 'session_stopped', t: t + 1000, reason: 'completed' });
  return events;
}

/** A log of about `target` events: one long session of repeated realistic answers. */
export function longSession(target) {
  const unit = realisticSession(7);
  const body = unit.slice(1, -1);
  const span = unit[unit.length - 2].t + 1000;
  const events = [unit[0]];
  let offset = 0;
  let index = 0;
  while (events.length < target) {
    for (const e of body) {
      const copy = { ...e, t: e.t + offset };
      if ('index' in copy) copy.index = index + e.index;
      events.push(copy);
    }
    offset += span;
    index += 8;
  }
  events.push({ type: 'session_stopped', t: offset + 1000, reason: 'completed' });
  return events;
}
