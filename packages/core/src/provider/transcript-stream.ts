import { InterviewKitError } from '../errors/interviewkit-error';
import type { TranscriberInput, TranscriptPart } from './transcriber';

/** The parts an adapter emits; `flush-complete` and `finish` are emitted by {@link createTranscriptStream}. */
export type SessionTranscriptPart = Exclude<TranscriptPart, { type: 'flush-complete' | 'finish' }>;

/**
 * One provider session as an adapter implements it, driven by {@link createTranscriptStream}:
 * plain methods in, parts out through `emit`.
 */
export interface TranscriptSession {
  /** The next samples of the stream (PCM16 mono). Called synchronously, in order. */
  audio(samples: Int16Array): void;
  /** Ends the current segment; resolves once its final was emitted (or could not be). */
  flush(): Promise<void>;
  /** The words the speaker is about to say (scripting transcribers only). */
  script?(text: string): void;
  /** The input ended: finish cleanly (deliver the last finals, terminate the provider session). */
  close(): Promise<void>;
  /** Release everything now (an abort, a cancelled stream, a failure); emit nothing more. Idempotent. */
  abort(): void;
}

/** Options of {@link createTranscriptStream}. */
export interface CreateTranscriptStreamOptions {
  input: ReadableStream<TranscriberInput>;
  abortSignal?: AbortSignal;
  /** Provider id, for the message of a misused `script` input. */
  provider: string;
  /** Opens the session; `emit` delivers its parts. A `recoverable: false` error ends the stream (`finish: failed`). */
  open(emit: (part: SessionTranscriptPart) => void): TranscriptSession;
}

/**
 * The one implementation of a live transcriber's stream contract over a session object: reads the
 * input stream (audio, flushes, scripts) into the session, turns its parts into the output
 * stream, answers each `flush` with `flush-complete`, and ends the output with exactly one
 * `finish` — `closed` when the input ended and the session closed, `aborted` on the abort signal,
 * a cancelled output or a failed input, `failed` after a non-recoverable error part. Adapters
 * (AssemblyAI, the mock) only write the session; the stream bookkeeping is written once, here.
 */
export function createTranscriptStream(options: CreateTranscriptStreamOptions): ReadableStream<TranscriptPart> {
  let controller!: ReadableStreamDefaultController<TranscriptPart>;
  let session: TranscriptSession | null = null;
  let finished = false;
  const reader = options.input.getReader();

  const finish = (reason: 'closed' | 'aborted' | 'failed'): void => {
    if (finished) return;
    finished = true;
    if (reason !== 'closed') session?.abort();
    controller.enqueue({ type: 'finish', reason });
    controller.close();
    options.abortSignal?.removeEventListener('abort', onAbort);
    reader.cancel().catch(() => undefined);
  };
  const emit = (part: TranscriptPart): void => {
    if (finished) return;
    controller.enqueue(part);
    if (part.type === 'error' && !part.recoverable) finish('failed');
  };
  const onAbort = (): void => finish('aborted');

  const pump = async (): Promise<void> => {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch {
        finish('aborted');
        return;
      }
      if (finished) return;
      if (next.done) break;
      const input = next.value;
      if (input.type === 'audio') session!.audio(input.samples);
      else if (input.type === 'flush') {
        const id = input.id;
        session!.flush().then(
          () => emit({ type: 'flush-complete', id }),
          (error: unknown) => {
            emit({ type: 'error', error: asError(error, 'flush failed'), recoverable: true });
            emit({ type: 'flush-complete', id });
          },
        );
      } else if (session!.script) session!.script(input.text);
      else
        emit({
          type: 'error',
          error: new InterviewKitError(
            'INVALID_ARGUMENT',
            `The ${options.provider} transcriber recognizes speech: it does not take scripted words (capabilities.scripting is false)`,
          ),
          recoverable: true,
        });
    }
    try {
      await session!.close();
    } catch (error) {
      emit({ type: 'error', error: asError(error, 'closing the transcriber failed'), recoverable: true });
    }
    finish('closed');
  };

  return new ReadableStream<TranscriptPart>({
    start(c) {
      controller = c;
      if (options.abortSignal?.aborted) {
        finish('aborted');
        return;
      }
      options.abortSignal?.addEventListener('abort', onAbort, { once: true });
      session = options.open(emit);
      void pump();
    },
    cancel() {
      if (finished) return;
      finished = true;
      session?.abort();
      options.abortSignal?.removeEventListener('abort', onAbort);
      reader.cancel().catch(() => undefined);
    },
  });
}

function asError(error: unknown, what: string): InterviewKitError {
  return InterviewKitError.isInstance(error)
    ? error
    : new InterviewKitError('PROVIDER_ERROR', `${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}
