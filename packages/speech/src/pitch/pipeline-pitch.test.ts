import { replay, SessionEventSchema, type IngestableEvent, type SessionEvent } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { pcm16Bytes } from '../audio/pcm';
import { LiveAudioPipeline, type LiveAudioPipelineOptions } from '../pipeline/live-audio-pipeline';
import { concatSamples, silence, tone, voice } from '../testing/speech-audio';

function setup(options: Partial<LiveAudioPipelineOptions> = {}) {
  let now = 0;
  const events: IngestableEvent[] = [];
  const pipeline = new LiveAudioPipeline({
    target: {
      now: () => now,
      ingest: (e) => events.push(e),
      onError: (error) => {
        throw error;
      },
    },
    flushTimeoutMs: 50,
    ...options,
  });
  const feed = (audio: Int16Array) => {
    for (let i = 0; i < audio.length; i += 800) {
      const part = audio.slice(i, i + 800);
      now += part.length / 16;
      pipeline.push(pcm16Bytes(part));
    }
  };
  return { pipeline, events, feed, pitch: () => events.filter((e): e is Extract<IngestableEvent, { type: 'pitch_summary' }> => e.type === 'pitch_summary') };
}

describe('LiveAudioPipeline pitch summaries', () => {
  it('emits one pitch_summary per answer (per flush), of that answer only, valid for core', async () => {
    const s = setup();
    s.feed(concatSamples([silence(300), tone(1200, 120), silence(500)]));
    await s.pipeline.flush();
    s.feed(concatSamples([tone(1200, 210), silence(500)]));
    await s.pipeline.flush();
    await s.pipeline.close();
    const [first, second, ...rest] = s.pitch();
    expect(rest).toEqual([]);
    expect(Math.abs(first!.mean - 120) / 120).toBeLessThan(0.02);
    expect(Math.abs(second!.mean - 210) / 210).toBeLessThan(0.02);
    expect(second!.p10).toBeGreaterThan(200);
    for (const event of s.pitch()) expect(SessionEventSchema.parse(event)).toEqual(event);
    // Stamped at the end of the audio it summarises, and the log stays in time order.
    expect(first!.t).toBe(2000);
    expect(second!.t).toBe(3700);
    const ts = s.events.map((e) => e.t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));
  });

  it('feeds pitch into core metrics', async () => {
    const s = setup();
    s.feed(concatSamples([silence(300), tone(800, 150), silence(300), tone(800, 180), silence(400)]));
    await s.pipeline.flush();
    await s.pipeline.close();
    const events: SessionEvent[] = [
      { type: 'session_started', t: 0, session_type: 'technical' },
      { type: 'question_asked', t: 0, index: 0, question: 'Q' },
      { type: 'question_end', t: 0, index: 0 },
      ...s.events,
      { type: 'answer_complete', t: 2600, index: 0, reason: 'manual', text: 'a' },
      { type: 'session_stopped', t: 2600, reason: 'completed' },
    ];
    const metrics = replay(events);
    expect(metrics.pitch_mean).toBeGreaterThan(155);
    expect(metrics.pitch_mean).toBeLessThan(175);
    expect(metrics.pitch_range).toBeCloseTo(30, -1);
    expect(metrics.pitch_stability).toBeGreaterThan(0);
    expect(metrics.pitch_stability).toBeLessThan(100);
  });

  it('emits nothing for a silent answer, and nothing when pitch is disabled', async () => {
    const quiet = setup();
    quiet.feed(silence(2000));
    await quiet.pipeline.flush();
    await quiet.pipeline.close();
    expect(quiet.pitch()).toEqual([]);

    const off = setup({ pitch: false });
    off.feed(voice(1000, 150));
    await off.pipeline.flush();
    await off.pipeline.close();
    expect(off.pitch()).toEqual([]);
    expect(off.events.map((e) => e.type)).toContain('speech_start');
  });

  it('passes its pitch options through (a narrower range leaves a 210 Hz voice unvoiced)', async () => {
    const s = setup({ pitch: { minF0: 60, maxF0: 180 } });
    s.feed(tone(1000, 210));
    await s.pipeline.close();
    expect(s.pitch()).toEqual([]);
  });
});
