import type { InterviewKitError } from '@interviewkit/core';

/** A recognized word with start and end in milliseconds of audio time (from the stream's first sample). */
export interface TranscriptWord {
  text: string;
  start: number;
  end: number;
  confidence?: number;
}

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
 * Streaming speech-to-text for one live answer stream. Audio is PCM16 mono at the transcriber's
 * sample rate (16 kHz). Implementations: {@link MockTranscriber} (no key needed) and
 * `AssemblyAITranscriber` (Universal-Streaming v3).
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
   * Scripted transcription (mock transcribers only): the words the candidate is about to say.
   * Real recognizers leave it out.
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
