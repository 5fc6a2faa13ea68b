import type { InterviewKitError, TranscriptWord } from '@interviewkit/core';

// A recognized word, start and end in ms of stream audio: core's type (one declaration).
export type { TranscriptWord } from '@interviewkit/core';

/** What a streaming transcriber reports, in InterviewKit's vocabulary (no provider SDK types). */
export type TranscriberEvent =
  /** The provider session is open; audio flows. */
  | { type: 'ready'; sessionId?: string }
  /** An unstable transcript of the current segment; replaced by later partials. */
  | { type: 'partial'; text: string; words: TranscriptWord[] }
  /** A finalized segment. `endOfTurn` is the provider's end-of-turn (a segment boundary, never an answer's end). */
  | { type: 'final'; text: string; words: TranscriptWord[]; endOfTurn: boolean }
  /** A failure, with a catalogue code (`PROVIDER_AUTH`, `PROVIDER_QUOTA`, `PROVIDER_UNAVAILABLE`, ...). `fatal` means no more transcripts will come. */
  | { type: 'error'; error: InterviewKitError; fatal: boolean }
  /** The session has ended. */
  | { type: 'close'; code?: number; reason?: string };

/** Listener of {@link StreamingTranscriber} events. */
export type TranscriberListener = (event: TranscriberEvent) => void;

/**
 * The live audio pipeline's internal port to speech-to-text: one audio stream, driven by calls
 * and reporting through listeners. Providers do not implement it: they implement core's
 * `Transcriber` contract (a stream of parts, or one call per speech segment), which
 * {@link toStreamingTranscriber} adapts to this port — the one place that reads the transcriber's
 * declared capabilities. {@link MockTranscriber} implements it directly (it is the pipeline's
 * built-in default).
 */
export interface StreamingTranscriber {
  /** Provider id, e.g. `mock` or `assemblyai`. */
  readonly provider: string;
  /** True when transcripts are not real recognition (the mock). */
  readonly mock: boolean;
  /** Opens the provider session. Audio sent before it resolves is buffered, not lost. */
  start(): Promise<void>;
  /** Sends audio samples. */
  sendAudio(samples: Int16Array): void;
  /** Asks for the final transcript of everything heard so far; resolves when it was delivered (or could not be). */
  flush(): Promise<void>;
  /** Ends the session (sends the provider's terminate message) and releases resources. */
  close(): Promise<void>;
  /** Subscribes to events; returns the unsubscribe function. */
  onEvent(listener: TranscriberListener): () => void;
  /**
   * The words the candidate is about to say. Present only when the transcriber declares
   * `capabilities.scripting` (the mock): {@link toStreamingTranscriber} sets it from the capability.
   */
  say?(text: string): void;
}

/** A minimal listener set shared by the transcribers. */
export class TranscriberListeners {
  private readonly listeners = new Set<TranscriberListener>();

  add(listener: TranscriberListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: TranscriberEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
