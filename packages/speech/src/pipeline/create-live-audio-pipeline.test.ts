import { InterviewKitError, type IngestableEvent, type SegmentTranscriber, type TranscribeSegmentOptions } from '@interviewkit/core';
import { FakeLiveTranscriber } from '@interviewkit/core/testing';
import { describe, expect, it, vi } from 'vitest';
import { voice } from '../testing/speech-audio';
import { createMockTranscriber } from '../transcription/mock-transcriber';
import { createLiveAudioPipeline } from './create-live-audio-pipeline';
import type { LiveAudioPipeline } from './live-audio-pipeline';

/** 10 s of a voice-like signal (syllables; a steady sine is room noise to the VAD), cut into 20 ms frames. */
const VOICE = voice(10_000);

/** The `n`th 20 ms PCM16 frame of the voice, or silence. */
function frame(voiced: boolean, n = 0): Uint8Array {
  const samples = voiced ? VOICE.slice((n % 500) * 320, (n % 500) * 320 + 320) : new Int16Array(320);
  return new Uint8Array(samples.buffer);
}

/** A target with a session clock that the test advances with the audio (real time, simulated). */
function target() {
  const events: IngestableEvent[] = [];
  const errors: unknown[] = [];
  const state = { clock: 5000 };
  return { events, errors, state, target: { now: () => state.clock, ingest: (e: IngestableEvent) => events.push(e), onError: (e: unknown) => errors.push(e) } };
}

function push(pipeline: LiveAudioPipeline, t: ReturnType<typeof target>, ms: number, voiced = true): void {
  for (let i = 0; i < ms / 20; i++) {
    t.state.clock += 20;
    pipeline.push(frame(voiced, i));
  }
}

describe('createLiveAudioPipeline', () => {
  it('runs any live transcriber: real transcripts (not mock) with word timings in session ms', async () => {
    const t = target();
    const provider = new FakeLiveTranscriber({ provider: 'assemblyai', turns: ['real words here'], msPerWord: 200 });
    const pipeline = createLiveAudioPipeline({ target: t.target, transcriber: provider, pitch: false });
    expect(pipeline.mock).toBe(false);
    push(pipeline, t, 1000);
    await vi.waitFor(() => expect(t.events.some((e) => e.type === 'transcript_final')).toBe(true), { timeout: 4000 });
    const final = t.events.find((e) => e.type === 'transcript_final');
    expect(final).toMatchObject({ text: 'real words here' });
    // Audio time 0 is session time 5000 (anchored at the first frame).
    expect(final?.type === 'transcript_final' && final.words?.map((w) => w.start)).toEqual([5000, 5200, 5400]);
    expect(t.events.some((e) => e.type === 'provider_fallback')).toBe(false);
    await pipeline.close();
    expect(provider.closedStreams).toBe(1);
  });

  it('falls back to the mock when the provider fails for good mid-session, flags it, and goes on transcribing', async () => {
    const t = target();
    const fallbacks: unknown[] = [];
    const provider = new FakeLiveTranscriber({
      provider: 'assemblyai',
      turns: ['before the failure', 'never heard'],
      msPerWord: 100,
      failAfterAudioMs: 450,
      failWith: 'PROVIDER_QUOTA',
    });
    const pipeline = createLiveAudioPipeline({ target: t.target, transcriber: provider, pitch: false, onFallback: (f) => fallbacks.push(f) });
    push(pipeline, t, 800);
    await vi.waitFor(() => expect(t.events.some((e) => e.type === 'provider_fallback')).toBe(true), { timeout: 4000 });
    expect(t.events.find((e) => e.type === 'provider_fallback')).toMatchObject({
      provider: 'transcriber',
      from: 'assemblyai',
      to: 'mock',
      code: 'PROVIDER_QUOTA',
    });
    expect(t.events.filter((e) => e.type === 'transcript_final').map((e) => e.type === 'transcript_final' && e.text)).toEqual(['before the failure', 'never']); // the words of the interrupted turn are kept
    expect(pipeline.mock).toBe(true);
    expect(fallbacks).toHaveLength(1);
    expect(t.errors).toEqual([expect.objectContaining({ code: 'PROVIDER_QUOTA' })]);

    const switchedAt = t.state.clock;
    pipeline.script('the mock carries on');
    push(pipeline, t, 2000);
    push(pipeline, t, 600, false);
    await pipeline.flush();
    const mockFinal = t.events.filter((e) => e.type === 'transcript_final').at(-1);
    expect(mockFinal).toMatchObject({ text: 'the mock carries on' });
    // The mock started counting at the switch; its words are placed after it on the session clock.
    const words = mockFinal?.type === 'transcript_final' ? (mockFinal.words ?? []) : [];
    expect(words).toHaveLength(4);
    expect(words[0]!.start).toBeGreaterThanOrEqual(switchedAt);
    await pipeline.close();
    expect(provider.streams).toBe(1);
  });

  it('falls back at start when the provider refuses the stream', async () => {
    const t = target();
    const pipeline = createLiveAudioPipeline({
      target: t.target,
      transcriber: new FakeLiveTranscriber({ provider: 'assemblyai', failAfterAudioMs: 0, failWith: 'PROVIDER_AUTH' }),
      pitch: false,
    });
    await vi.waitFor(() => expect(pipeline.mock).toBe(true), { timeout: 4000 });
    expect(t.events).toEqual([expect.objectContaining({ type: 'provider_fallback', code: 'PROVIDER_AUTH', from: 'assemblyai', to: 'mock' })]);
    await pipeline.close();
  });

  it('is a plain pipeline for the mock (scripting is its declared capability), and fallback: false only reports the failure', async () => {
    const t = target();
    const plain = createLiveAudioPipeline({ target: t.target, transcriber: createMockTranscriber(), pitch: false });
    expect(plain.mock).toBe(true);
    plain.script('typed into the mock');
    push(plain, t, 1500);
    push(plain, t, 600, false);
    await plain.flush();
    expect(
      t.events
        .filter((e) => e.type === 'transcript_final')
        .map((e) => e.type === 'transcript_final' && e.text)
        .join(' '),
    ).toBe('typed into the mock');
    await plain.close();
    const noFallback = createLiveAudioPipeline({
      target: t.target,
      transcriber: new FakeLiveTranscriber({ provider: 'assemblyai', failAfterAudioMs: 0, failWith: 'PROVIDER_AUTH' }),
      pitch: false,
      fallback: false,
    });
    await vi.waitFor(() => expect(t.errors.length).toBeGreaterThan(0), { timeout: 4000 });
    expect(t.errors.every((e) => (e as { code?: string }).code === 'PROVIDER_AUTH')).toBe(true);
    expect(noFallback.mock).toBe(false);
    await noFallback.close();
  });

  it('never gives scripted words to a real recognizer', async () => {
    const t = target();
    const provider = new FakeLiveTranscriber({ provider: 'assemblyai', turns: ['what was really said'], msPerWord: 100 });
    const pipeline = createLiveAudioPipeline({ target: t.target, transcriber: provider, pitch: false });
    pipeline.script('words a demo script typed');
    push(pipeline, t, 800);
    await pipeline.flush();
    expect(t.events.filter((e) => e.type === 'transcript_final').map((e) => e.type === 'transcript_final' && e.text)).toEqual(['what was really said']);
    expect(t.errors).toEqual([]);
    await pipeline.close();
  });
});

/** A segment transcriber that records the segments it is given and answers from a script. */
class ScriptedSegments implements SegmentTranscriber {
  readonly specificationVersion = 'v1' as const;
  readonly provider = 'openai';
  readonly modelId = 'scripted';
  readonly segments: number[] = [];
  constructor(
    private readonly replies: Array<string | InterviewKitError>,
    readonly capabilities = { streaming: false, interimResults: false, wordTimestamps: false, scripting: false } as const,
  ) {}
  async transcribe({ audio, sampleRate }: TranscribeSegmentOptions) {
    this.segments.push(Math.round((audio.length * 1000) / sampleRate));
    const reply = this.replies.shift() ?? '';
    if (typeof reply !== 'string') throw reply;
    return { text: reply };
  }
}

describe('createLiveAudioPipeline with a segment transcriber (capabilities.streaming: false)', () => {
  it('sends each VAD speech segment (padded) once and times its words inside the segment', async () => {
    const t = target();
    const provider = new ScriptedSegments(['first answer part', 'second part']);
    const pipeline = createLiveAudioPipeline({ target: t.target, transcriber: provider, pitch: false });
    expect(pipeline.mock).toBe(false);
    push(pipeline, t, 1000);
    push(pipeline, t, 1500, false);
    push(pipeline, t, 600);
    await pipeline.flush();
    const finals = t.events.filter((e) => e.type === 'transcript_final');
    expect(finals.map((e) => e.type === 'transcript_final' && e.text)).toEqual(['first answer part', 'second part']);
    expect(provider.segments).toHaveLength(2);
    const speech = t.events.filter((e) => e.type === 'speech_start' || e.type === 'speech_end').map((e) => e.t);
    const first = finals[0]!.type === 'transcript_final' ? finals[0]!.words! : [];
    expect(first).toHaveLength(3);
    expect(first[0]!.start).toBe(speech[0]);
    expect(first.at(-1)!.end).toBeLessThanOrEqual(speech[1]!);
    await pipeline.close();
  });

  it('keeps going past a failed segment, and falls back to the mock on a permanent failure', async () => {
    const t = target();
    const provider = new ScriptedSegments([
      new InterviewKitError('PROVIDER_UNAVAILABLE', 'down'),
      'heard again',
      new InterviewKitError('PROVIDER_QUOTA', 'out of quota', { retryable: false }),
    ]);
    const pipeline = createLiveAudioPipeline({ target: t.target, transcriber: provider, pitch: false });
    for (let i = 0; i < 3; i++) {
      push(pipeline, t, 600);
      push(pipeline, t, 1000, false);
    }
    await pipeline.flush();
    await vi.waitFor(() => expect(pipeline.mock).toBe(true));
    expect(t.events.filter((e) => e.type === 'transcript_final').map((e) => e.type === 'transcript_final' && e.text)).toEqual(['heard again']);
    expect(t.events.find((e) => e.type === 'provider_fallback')).toMatchObject({ from: 'openai', to: 'mock', code: 'PROVIDER_QUOTA' });
    expect(t.errors.map((e) => (e as InterviewKitError).code)).toEqual(['PROVIDER_UNAVAILABLE', 'PROVIDER_QUOTA']);
    await pipeline.close();
  });
});
