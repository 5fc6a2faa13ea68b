// Measures a stream through the live audio pipeline (VAD + mock transcriber, as the server runs
// it) and folds the session log with core's `replay`, as a candidate streaming in real time would.
import { replay } from '@interviewkit/core';
import { LiveAudioPipeline, pcm16Bytes } from '@interviewkit/speech';

/** Runs `audio` (PCM16) in `chunkMs` chunks; returns core's metrics and the session events. */
export async function measurePipeline(audio, { chunkMs = 20, vad, text = 'x' } = {}) {
  let now = 0;
  const events = [
    { type: 'session_started', t: 0, session_type: 'technical' },
    { type: 'question_asked', t: 0, index: 0, question: 'Tell me about a deadlock.' },
    { type: 'question_end', t: 0, index: 0 },
  ];
  const pipeline = new LiveAudioPipeline({
    target: {
      now: () => now,
      ingest: (event) => events.push(event),
      onError: (error) => {
        throw error;
      },
    },
    pitch: false,
    flushTimeoutMs: 50,
    ...(vad ? { vad } : {}),
  });
  pipeline.script(text);
  const chunk = chunkMs * 16;
  for (let i = 0; i < audio.length; i += chunk) {
    const part = audio.slice(i, i + chunk);
    now += part.length / 16;
    pipeline.push(pcm16Bytes(part));
  }
  await pipeline.flush();
  await pipeline.close();
  events.push({ type: 'answer_complete', t: now, index: 0, reason: 'manual', text });
  events.push({ type: 'session_stopped', t: now, reason: 'completed' });
  // The pipeline emits each kind in order but not transcripts and boundaries with each other (a
  // transcript is stamped with the audio watermark); the engine's reorder queue orders them, as here.
  const ordered = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.t - b.e.t || a.i - b.i)
    .map(({ e }) => e);
  return { metrics: replay(ordered), events: events.filter((e) => e.type === 'speech_start' || e.type === 'speech_end'), offsetMs: 0 };
}
