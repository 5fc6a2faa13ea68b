import { TranscriberHarness } from '@interviewkit/core/testing';
import { describe, expect, it } from 'vitest';
import { concatSamples, silence, voice as tone } from '../testing/speech-audio';
import { createMockTranscriber, MockTranscriber } from './mock-transcriber';
import type { TranscriberEvent } from './streaming-transcriber';

function collect(t: MockTranscriber): TranscriberEvent[] {
  const events: TranscriberEvent[] = [];
  t.onEvent((e) => events.push(e));
  return events;
}

function feed(t: MockTranscriber, audio: Int16Array, chunk = 1600): void {
  for (let i = 0; i < audio.length; i += chunk) t.sendAudio(audio.subarray(i, i + chunk));
}

describe('MockTranscriber', () => {
  it('releases scripted words only while speech is heard, paced at the speaking rate, with finals per segment', async () => {
    const t = new MockTranscriber({ wordsPerMinute: 120 }); // one word per 500 ms
    const events = collect(t);
    await t.start();
    t.say('one two three four five six seven');
    feed(t, silence(1000));
    expect(events.filter((e) => e.type === 'partial')).toEqual([]);
    feed(t, concatSamples([tone(1500, 200), silence(800), tone(1000, 200), silence(500)]));
    const finals = events.filter((e): e is Extract<TranscriberEvent, { type: 'final' }> => e.type === 'final');
    expect(finals.map((f) => f.text)).toEqual(['one two three', 'four five']);
    // Word timings sit inside the detected segments (1000–2500 ms and 3300–4300 ms of audio).
    for (const w of finals[0]!.words) expect(w.start >= 1000 && w.end <= 2500).toBe(true);
    for (const w of finals[1]!.words) expect(w.start >= 3300 && w.end <= 4300).toBe(true);
    expect(events.some((e) => e.type === 'partial' && e.text === 'one two')).toBe(true);
    expect(t.pendingWords).toBe(2);
  });

  it('releases words the audio did not cover on flush, so nothing scripted is lost', async () => {
    const t = new MockTranscriber();
    const events = collect(t);
    t.say('a b c d e f g h');
    feed(t, concatSamples([tone(600, 200), silence(400)]));
    await t.flush();
    const text = events
      .filter((e) => e.type === 'final')
      .map((e) => (e as { text: string }).text)
      .join(' ');
    expect(text).toBe('a b c d e f g h');
    expect(t.pendingWords).toBe(0);
  });

  it('produces nothing without a script, and marks itself mock', async () => {
    const t = new MockTranscriber();
    const events = collect(t);
    feed(t, concatSamples([tone(1000, 200), silence(500)]));
    await t.flush();
    expect(events.filter((e) => e.type === 'final' || e.type === 'partial')).toEqual([]);
    expect(t.mock).toBe(true);
    await t.close();
    expect(events.at(-1)).toMatchObject({ type: 'close' });
  });
});

describe('createMockTranscriber (the core transcriber contract)', () => {
  it('declares scripting, takes scripts as input parts and releases them paced by the audio', async () => {
    const mock = createMockTranscriber({ wordsPerMinute: 120 });
    expect(mock).toMatchObject({ specificationVersion: 'v1', provider: 'mock', capabilities: { streaming: true, scripting: true } });
    const h = new TranscriberHarness(mock);
    h.script('one two three');
    const audio = concatSamples([tone(1200, 180), silence(800)]);
    for (let i = 0; i < audio.length; i += 1600) h.audio(audio.slice(i, i + 1600));
    await h.flush();
    expect(
      h
        .of('transcript-final')
        .map((f) => f.text)
        .join(' '),
    ).toBe('one two three');
    expect(h.of('transcript-partial').length).toBeGreaterThan(0);
    expect(await h.end()).toBe('closed');
    expect(h.parts[0]).toMatchObject({ type: 'session-start', sessionId: 'mock' });
  });
});
