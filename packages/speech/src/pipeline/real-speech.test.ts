import { replay, type IngestableEvent, type SessionEvent } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { pcm16Bytes } from '../audio/pcm';
import { concatSamples, hasSpeechTools, silence, synthesizeSpeech } from '../testing/speech-audio';
import { LiveAudioPipeline } from './live-audio-pipeline';

const tools = hasSpeechTools();
if (!tools) console.warn('[speech] espeak-ng or sox not installed: real-speech timing tests are skipped');

// Sentences without commas, so each is one continuous utterance; pauses inserted with known lengths.
const SENTENCES = [
  'A deadlock happens when two threads wait for each other forever.',
  'Each thread holds one lock and waits for the lock the other thread holds.',
  'You prevent it by always taking locks in the same global order.',
  'A timeout on the lock is another practical safeguard.',
];
const PAUSES_MS = [700, 1500, 6000];

/** Feeds audio in `chunkMs` chunks as a client streaming in real time would, and folds the result with core. */
async function measure(audio: Int16Array, chunkMs: number, answer: string) {
  let now = 0;
  const events: SessionEvent[] = [
    { type: 'session_started', t: 0, session_type: 'technical' },
    { type: 'question_asked', t: 0, index: 0, question: 'What is a deadlock?' },
    { type: 'question_end', t: 0, index: 0 },
  ];
  const pipeline = new LiveAudioPipeline({
    target: {
      now: () => now,
      ingest: (event: IngestableEvent) => events.push(event),
      onError: (error) => {
        throw error;
      },
    },
  });
  pipeline.script(answer);
  const chunk = chunkMs * 16;
  for (let i = 0; i < audio.length; i += chunk) {
    const part = audio.slice(i, i + chunk);
    now += part.length / 16; // the frame arrives once it has been captured
    pipeline.push(pcm16Bytes(part));
  }
  await pipeline.flush();
  await pipeline.close();
  events.push({ type: 'answer_complete', t: now, index: 0, reason: 'manual', text: answer });
  events.push({ type: 'session_stopped', t: now, reason: 'completed' });
  // The pipeline's boundaries are in order; transcripts carry the watermark. The host (the
  // engine) interleaves them on one timeline by time, keeping arrival order for equal times.
  const ordered = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.t - b.e.t || a.i - b.i)
    .map(({ e }) => e);
  return { metrics: replay(ordered), events: ordered };
}

describe.skipIf(!tools)('speaking time and pauses on real speech (espeak-ng + sox)', () => {
  const sentences = tools ? SENTENCES.map((s) => synthesizeSpeech(s)) : [];
  const parts: Int16Array[] = [silence(500)];
  sentences.forEach((s, i) => {
    parts.push(s);
    if (i < PAUSES_MS.length) parts.push(silence(PAUSES_MS[i]!));
  });
  parts.push(silence(500));
  const audio = tools ? concatSamples(parts) : new Int16Array(0);
  // Ground truth from what the test built: each trimmed utterance's length, and the pauses inserted.
  const speakingTruth = sentences.reduce((sum, s) => sum + s.length / 16_000, 0);
  const pausesTruth = PAUSES_MS.filter((p) => p > 300).length;
  const longTruth = PAUSES_MS.filter((p) => p > 5000).length;

  it.each([20, 50, 100])('matches the ground truth within 5 percent in %i ms chunks', async (chunkMs) => {
    const { metrics, events } = await measure(audio, chunkMs, SENTENCES.join(' '));
    expect(Math.abs(metrics.speaking_time - speakingTruth) / speakingTruth).toBeLessThan(0.05);
    expect(metrics.pause_count).toBe(pausesTruth);
    expect(metrics.long_pause_count).toBe(longTruth);
    expect(metrics.total_words).toBe(SENTENCES.join(' ').split(' ').length);
    // Every scripted word came out, in order, with timings inside detected speech.
    const finals = events.filter((e): e is Extract<SessionEvent, { type: 'transcript_final' }> => e.type === 'transcript_final');
    expect(finals.map((f) => f.text).join(' ')).toBe(SENTENCES.join(' '));
  });

  it('gives the same speech events whether frames arrive smoothly or in bursts', async () => {
    const smooth = await measure(audio, 100, 'x');
    // Bursty: the same audio, but frames delivered in groups of 5 after a 400 ms delay.
    let now = 0;
    const events: IngestableEvent[] = [];
    const pipeline = new LiveAudioPipeline({ target: { now: () => now, ingest: (e) => events.push(e), onError: () => {} } });
    const chunk = 1600;
    for (let i = 0, k = 0; i < audio.length; i += chunk, k++) {
      if (k % 5 === 0) now += 100 * 5 + (k === 0 ? 0 : 0); // bursts: time jumps, then frames arrive together
      pipeline.push(pcm16Bytes(audio.slice(i, i + chunk)));
    }
    await pipeline.close();
    const speech = (list: readonly { type: string; t: number }[]) =>
      list.filter((e) => e.type === 'speech_start' || e.type === 'speech_end').map((e) => e.type);
    const times = (list: readonly { type: string; t: number }[]) => list.filter((e) => e.type === 'speech_start' || e.type === 'speech_end').map((e) => e.t);
    expect(speech(events)).toEqual(speech(smooth.events));
    // Same audio → same segment lengths (the anchor may differ by the first burst's offset).
    const d = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]!);
    expect(d(times(events))).toEqual(d(times(smooth.events)));
  });

  it('tells network jitter from a pause in sending when frames carry no capture time', async () => {
    const smooth = await measure(audio, 100, 'x');
    const boundaries = (list: readonly { type: string; t: number }[]) => list.filter((e) => e.type === 'speech_start' || e.type === 'speech_end');
    const run = async (arrival: (k: number) => number) => {
      const events: IngestableEvent[] = [];
      let now = 0;
      const pipeline = new LiveAudioPipeline({ target: { now: () => now, ingest: (e) => events.push(e), onError: () => {} } });
      for (let i = 0, k = 0; i < audio.length; i += 1600, k++) {
        now = arrival(k);
        pipeline.push(pcm16Bytes(audio.slice(i, i + 1600)));
      }
      await pipeline.close();
      return boundaries(events);
    };
    // Jitter: after the first group, in every group of 8 frames the first 5 are held up in the
    // network (the first by 400 ms) and arrive in one burst with the 5th.
    const jitter = await run((k) => (k < 8 || k % 8 >= 5 ? (k + 1) * 100 : (Math.floor(k / 8) * 8 + 5) * 100));
    expect(jitter).toEqual(boundaries(smooth.events));
    // A pause in sending: 340 ms with no frames (inside the 1.5 s gap of the audio), then real time again.
    const pauseFrame = Math.round((500 + sentences[0]!.length / 16 + 700 + sentences[1]!.length / 16 + 500) / 100);
    const paused = await run((k) => (k + 1) * 100 + (k >= pauseFrame ? 340 : 0));
    const reference = boundaries(smooth.events);
    expect(paused.map((e) => e.type)).toEqual(reference.map((e) => e.type));
    paused.forEach((e, i) => expect(e.t - reference[i]!.t).toBe(e.t > 500 + (pauseFrame - 1) * 100 ? 340 : 0));
  });
});
