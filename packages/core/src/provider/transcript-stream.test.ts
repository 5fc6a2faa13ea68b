import { describe, expect, it } from 'vitest';
import { InterviewKitError } from '../errors/interviewkit-error';
import { TranscriberHarness } from '../testing/transcriber-harness';
import { createTranscriptStream, type SessionTranscriptPart, type TranscriptSession } from './transcript-stream';
import type { LiveTranscriber, TranscriberCapabilities } from './transcriber';

/** A toy transcriber: every audio message is one word ("w<n>"), flush finalises what was heard. */
function toyTranscriber(
  options: { scripting?: boolean; failOnAudio?: number } = {},
): LiveTranscriber & { sessions: Array<{ closed: boolean; aborted: number }> } {
  const sessions: Array<{ closed: boolean; aborted: number }> = [];
  const capabilities: TranscriberCapabilities & { streaming: true } = {
    streaming: true,
    interimResults: true,
    wordTimestamps: false,
    scripting: options.scripting ?? false,
  };
  return {
    specificationVersion: 'v1',
    provider: 'toy',
    modelId: 'toy-1',
    capabilities,
    sessions,
    stream({ input, abortSignal }) {
      const state = { closed: false, aborted: 0 };
      sessions.push(state);
      const stream = createTranscriptStream({
        input,
        provider: 'toy',
        ...(abortSignal ? { abortSignal } : {}),
        open(emit: (part: SessionTranscriptPart) => void): TranscriptSession {
          let words: string[] = [];
          let count = 0;
          emit({ type: 'session-start', sessionId: 's1' });
          const finalize = (): void => {
            if (words.length > 0) emit({ type: 'transcript-final', text: words.join(' '), words: [], endOfTurn: true });
            words = [];
          };
          return {
            audio() {
              count += 1;
              if (count === options.failOnAudio) {
                emit({ type: 'error', error: new InterviewKitError('PROVIDER_AUTH', 'bad key'), recoverable: false });
                return;
              }
              words.push(`w${count}`);
              emit({ type: 'transcript-partial', text: words.join(' '), words: [] });
            },
            flush: async () => finalize(),
            ...(options.scripting ? { script: (text: string) => words.push(`[${text}]`) } : {}),
            close: async () => {
              finalize();
              state.closed = true;
            },
            abort: () => {
              state.aborted += 1;
            },
          };
        },
      });
      return { stream };
    },
  };
}

describe('createTranscriptStream', () => {
  it('feeds audio in order, answers a flush after its final, and finishes `closed` when the input ends', async () => {
    const toy = toyTranscriber();
    const h = new TranscriberHarness(toy);
    h.audio(new Int16Array(10));
    h.audio(new Int16Array(10));
    await h.flush();
    h.audio(new Int16Array(10));
    expect(await h.end()).toBe('closed');
    expect(h.parts.map((p) => p.type)).toEqual([
      'session-start',
      'transcript-partial',
      'transcript-partial',
      'transcript-final',
      'flush-complete',
      'transcript-partial',
      'transcript-final',
      'finish',
    ]);
    expect(h.of('transcript-final').map((p) => p.text)).toEqual(['w1 w2', 'w3']);
    expect(toy.sessions[0]).toEqual({ closed: true, aborted: 0 });
  });

  it('ends with `failed` right after a non-recoverable error, and releases the session', async () => {
    const toy = toyTranscriber({ failOnAudio: 2 });
    const h = new TranscriberHarness(toy);
    h.audio(new Int16Array(10));
    h.audio(new Int16Array(10));
    h.audio(new Int16Array(10));
    expect(await h.finished).toBe('failed');
    expect(h.parts.slice(-2)).toEqual([
      { type: 'error', recoverable: false, error: expect.objectContaining({ code: 'PROVIDER_AUTH' }) },
      { type: 'finish', reason: 'failed' },
    ]);
    expect(h.of('finish')).toHaveLength(1);
    expect(toy.sessions[0]!.aborted).toBe(1);
  });

  it('ends with `aborted` when the signal aborts, without closing the session cleanly', async () => {
    const toy = toyTranscriber();
    const controller = new AbortController();
    const h = new TranscriberHarness(toy, { abortSignal: controller.signal });
    h.audio(new Int16Array(10));
    await h.waitFor('transcript-partial');
    controller.abort();
    expect(await h.finished).toBe('aborted');
    expect(toy.sessions[0]).toEqual({ closed: false, aborted: 1 });
  });

  it('passes scripts to a scripting transcriber and reports a script sent to a recognizer as a recoverable misuse', async () => {
    const scripted = new TranscriberHarness(toyTranscriber({ scripting: true }));
    scripted.script('hello');
    await scripted.flush();
    expect(scripted.of('transcript-final').map((p) => p.text)).toEqual(['[hello]']);
    await scripted.end();

    const recognizer = new TranscriberHarness(toyTranscriber());
    recognizer.script('hello');
    recognizer.audio(new Int16Array(10));
    expect(await recognizer.end()).toBe('closed');
    expect(recognizer.of('error')).toEqual([{ type: 'error', recoverable: true, error: expect.objectContaining({ code: 'INVALID_ARGUMENT' }) }]);
  });

  it('aborts the session when the reader cancels the stream', async () => {
    const toy = toyTranscriber();
    let controller!: ReadableStreamDefaultController<never>;
    const input = new ReadableStream<never>({ start: (c) => void (controller = c) });
    const { stream } = toy.stream({ input, sampleRate: 16_000 });
    const reader = stream.getReader();
    expect((await reader.read()).value).toMatchObject({ type: 'session-start' });
    await reader.cancel();
    expect(toy.sessions[0]!.aborted).toBe(1);
    expect(controller).toBeDefined();
  });
});
