import type { IngestableEvent } from '@interviewkit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeAssemblyAIServer, type FakeAssemblyAIServer } from '../testing/fake-assemblyai-server';
import { AssemblyAITranscriber } from '../transcription/assemblyai/assemblyai-transcriber';
import { MockTranscriber } from '../transcription/mock-transcriber';
import { createLiveAudioPipeline } from './create-live-audio-pipeline';
import type { LiveAudioPipeline } from './live-audio-pipeline';

/** A 20 ms PCM16 frame: a voiced tone, or silence. */
function frame(voiced: boolean): Uint8Array {
  const samples = new Int16Array(320);
  if (voiced) for (let i = 0; i < samples.length; i++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 180 * i) / 16000));
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
    pipeline.push(frame(voiced));
  }
}

describe('createLiveAudioPipeline', () => {
  let fake: FakeAssemblyAIServer | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it('runs any StreamingTranscriber: real AssemblyAI transcripts (not mock) with word timings in session ms', async () => {
    fake = await startFakeAssemblyAIServer({ turns: ['real words here'], msPerWord: 200, endOfTurnSilenceMs: 200 });
    const t = target();
    const pipeline = createLiveAudioPipeline({ target: t.target, transcriber: new AssemblyAITranscriber({ apiKey: 'fake-key', websocketBaseUrl: fake.websocketUrl }), pitch: false });
    expect(pipeline.mock).toBe(false);
    push(pipeline, t, 1000);
    await vi.waitFor(() => expect(t.events.some((e) => e.type === 'transcript_final')).toBe(true), { timeout: 4000 });
    const final = t.events.find((e) => e.type === 'transcript_final');
    expect(final).toMatchObject({ text: 'Real words here.' });
    // Audio time 0 is session time 5000 (anchored at the first frame).
    expect(final?.type === 'transcript_final' && final.words?.map((w) => w.start)).toEqual([5000, 5200, 5400]);
    expect(t.events.some((e) => e.type === 'provider_fallback')).toBe(false);
    await pipeline.close();
    expect(fake.connections[0]!.terminated).toBe(true);
  });

  it('falls back to the mock when the provider fails for good mid-session, flags it, and goes on transcribing', async () => {
    fake = await startFakeAssemblyAIServer({ turns: ['before the failure', 'never heard'], msPerWord: 100, endOfTurnSilenceMs: 100 });
    fake.enqueueFaults({ kind: 'error-close', code: 4002, message: 'Insufficient account balance', afterAudioMs: 600 });
    const t = target();
    const fallbacks: unknown[] = [];
    const pipeline = createLiveAudioPipeline({ target: t.target, transcriber: new AssemblyAITranscriber({ apiKey: 'fake-key', websocketBaseUrl: fake.websocketUrl }), pitch: false, onFallback: (f) => fallbacks.push(f) });
    await vi.waitFor(() => expect(fake!.connections[0]?.sessionId).not.toBeNull());
    push(pipeline, t, 800);
    await vi.waitFor(() => expect(t.events.some((e) => e.type === 'provider_fallback')).toBe(true), { timeout: 4000 });
    expect(t.events.find((e) => e.type === 'provider_fallback')).toMatchObject({ provider: 'transcriber', from: 'assemblyai', to: 'mock', code: 'PROVIDER_QUOTA' });
    expect(t.events.filter((e) => e.type === 'transcript_final').map((e) => e.type === 'transcript_final' && e.text)).toEqual(['Before the failure.', 'never']); // the words of the interrupted turn are kept
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
    expect(fake.connections).toHaveLength(1); // quota is not retried
  });

  it('falls back at start when the credentials are refused', async () => {
    fake = await startFakeAssemblyAIServer();
    const t = target();
    const pipeline = createLiveAudioPipeline({ target: t.target, transcriber: new AssemblyAITranscriber({ apiKey: 'revoked', websocketBaseUrl: fake.websocketUrl }), pitch: false });
    await vi.waitFor(() => expect(pipeline.mock).toBe(true), { timeout: 4000 });
    expect(t.events).toEqual([expect.objectContaining({ type: 'provider_fallback', code: 'PROVIDER_AUTH', from: 'assemblyai', to: 'mock' })]);
    await pipeline.close();
  });

  it('is a plain pipeline for the mock, and fallback: false only reports the failure', async () => {
    const t = target();
    const plain = createLiveAudioPipeline({ target: t.target, transcriber: new MockTranscriber(), pitch: false });
    expect(plain.transcriber).toBeInstanceOf(MockTranscriber);
    await plain.close();
    fake = await startFakeAssemblyAIServer();
    const noFallback = createLiveAudioPipeline({ target: t.target, transcriber: new AssemblyAITranscriber({ apiKey: 'revoked', websocketBaseUrl: fake.websocketUrl }), pitch: false, fallback: false });
    await vi.waitFor(() => expect(t.errors.length).toBeGreaterThan(0), { timeout: 4000 });
    expect(t.errors.every((e) => (e as { code?: string }).code === 'PROVIDER_AUTH')).toBe(true);
    expect(noFallback.mock).toBe(false);
    expect(t.events).toEqual([]);
    await noFallback.close();
  });
});
