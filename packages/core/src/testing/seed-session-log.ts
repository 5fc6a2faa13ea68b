import type { SessionEvent } from '../events/session-event';

/**
 * A synthetic event log that reproduces the seed document's example metrics: a 600 s technical
 * session with 8 answers, 20 s of forced silence (2.5 s waits for the next question), 420 s of
 * speech, 850 words, response latency 2.3 s, similarity 0.78 and 3 long pauses.
 */
export function seedSessionLog(): SessionEvent[] {
  const events: SessionEvent[] = [{ type: 'session_started', t: 0, session_type: 'technical', topic: 'python' }];
  const similarities = [0.9, 0.7, 0.8, 0.75, 0.85, 0.65, 0.8, 0.79];
  const words = [107, 107, 106, 106, 106, 106, 106, 106];
  let t = 0;
  for (let i = 0; i < 8; i++) {
    events.push({ type: 'question_asked', t, index: i, question: `Question ${i + 1}: explain a Python concept.` });
    t += 5000; // the interviewer speaks for 5 s
    events.push({ type: 'question_end', t, index: i });
    t += 2300; // response latency
    // 52.5 s of speech in three runs (20 + 17.5 + 15 s), separated by 0.8 s pauses; the first
    // three answers have a 6 s long pause before the last run.
    const runs = [20_000, 17_500, 15_000];
    const gaps = [800, i < 3 ? 6000 : 800];
    for (let r = 0; r < runs.length; r++) {
      events.push({ type: 'speech_start', t });
      t += runs[r]!;
      events.push({ type: 'speech_end', t });
      if (r < gaps.length) t += gaps[r]!;
    }
    events.push({ type: 'transcript_final', t, text: Array.from({ length: words[i]! }, (_, k) => `word${k}`).join(' ') });
    t += 1000;
    const text = `answer ${i}`;
    events.push({ type: 'answer_complete', t, index: i, reason: 'manual', text });
    t += 2500; // waiting for evaluation and the next question: forced silence
    events.push({ type: 'answer_evaluated', t, index: i, similarity: similarities[i]!, keyword_coverage: 0.6 });
    events.push({ type: 'forced_silence', t, duration: 2500 });
  }
  events.push({ type: 'session_stopped', t: 600_000, reason: 'completed' });
  return events;
}
