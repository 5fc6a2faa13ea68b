import type { InterviewKitError } from '../errors/interviewkit-error';
import type { ProviderIdentity } from './specification';

/**
 * What a transcriber can do. Declared by each implementation, so callers never guess from its
 * class or its provider id: the speech pipeline reads them to pick how it drives the transcriber.
 */
export interface TranscriberCapabilities {
  /**
   * `true`: recognizes while the audio arrives ({@link LiveTranscriber.stream}).
   * `false`: transcribes one finished speech segment per call ({@link SegmentTranscriber.transcribe});
   * the caller cuts the segments with a voice activity detector.
   */
  readonly streaming: boolean;
  /** Emits `transcript-partial` parts (unstable text that later parts replace) while a segment is spoken. */
  readonly interimResults: boolean;
  /** Word timings are measured by the recognizer. `false`: the caller estimates them inside the speech segment. */
  readonly wordTimestamps: boolean;
  /**
   * The transcriber does not recognize speech: it is told the words (`script` input parts) and
   * releases them paced by the voice activity in the audio — the mock used without an API key,
   * in demos and in tests. Everything it produces is flagged mock.
   */
  readonly scripting: boolean;
}

/** A recognized word; `start` and `end` are milliseconds of stream audio (0 = the first sample sent). */
export interface TranscriptWord {
  text: string;
  start: number;
  end: number;
  /** Recognizer confidence, 0–1, when the provider gives one. */
  confidence?: number;
}

/** The audio a transcriber receives: PCM16 mono, little-endian, at {@link TranscriberStreamOptions.sampleRate}. */
export type TranscriberAudio = Int16Array;

/**
 * What the caller writes into a live transcriber's input stream, in order.
 * - `audio`: the next samples of the stream.
 * - `flush`: "the speaker finished this stretch": the transcriber ends the current segment,
 *   delivers what it heard as `transcript-final`, then answers with a `flush-complete` part
 *   carrying the same `id`.
 * - `script`: the words the speaker is about to say; accepted only by transcribers that declare
 *   {@link TranscriberCapabilities.scripting} (the caller checks the capability; others ignore it
 *   and report a non-recoverable misuse as an `error` part).
 */
export type TranscriberInput = { type: 'audio'; samples: TranscriberAudio } | { type: 'flush'; id: number } | { type: 'script'; text: string };

/**
 * What a live transcriber reports, in InterviewKit's vocabulary (never a provider SDK type).
 * Part names are noun-then-verb. Errors after the stream started arrive as `error` parts, never
 * as a throw: `recoverable: true` means the transcriber carries on (a dropped connection it
 * reopens, a malformed provider message it skipped); `recoverable: false` is followed by `finish`
 * with reason `failed`. The stream always ends with exactly one `finish` part.
 */
export type TranscriptPart =
  /** A provider session is open and audio flows (again, after a reconnection: a new `sessionId`). */
  | { type: 'session-start'; sessionId?: string; warnings?: string[] }
  /** The provider heard speech begin, at `atMs` of stream audio. */
  | { type: 'speech-start'; atMs: number }
  /** Unstable text of the current segment (every word heard so far); replaced by later parts. */
  | { type: 'transcript-partial'; text: string; words: TranscriptWord[] }
  /**
   * A finalized segment. `endOfTurn` is the provider's end of turn — a segment boundary, never
   * the end of an answer (candidates pause to think; only the caller decides an answer ended).
   */
  | { type: 'transcript-final'; text: string; words: TranscriptWord[]; endOfTurn: boolean }
  /** Everything heard before the `flush` input with this `id` has been delivered (or could not be). */
  | { type: 'flush-complete'; id: number }
  /** A failure with a catalogue code (`PROVIDER_AUTH`, `PROVIDER_QUOTA`, `RATE_LIMITED`, `PROVIDER_UNAVAILABLE`, …). */
  | { type: 'error'; error: InterviewKitError; recoverable: boolean }
  /** The stream ended: the input ended (`closed`), the call was aborted (`aborted`), or a non-recoverable error (`failed`). */
  | { type: 'finish'; reason: 'closed' | 'aborted' | 'failed' };

/** Options of {@link LiveTranscriber.stream}. */
export interface TranscriberStreamOptions {
  /** The input: audio, flushes and (for scripting transcribers) scripts. Ending it closes the provider session cleanly. */
  input: ReadableStream<TranscriberInput>;
  /** Sample rate of the PCM16 mono audio, in Hz (the live pipeline uses 16 000). */
  sampleRate: number;
  /** Aborts the stream: the provider session is closed at once and the stream finishes with reason `aborted`. */
  abortSignal?: AbortSignal;
}

/** What {@link LiveTranscriber.stream} returns. */
export interface TranscriberStreamResult {
  /** The parts, in order; ends after the `finish` part. */
  stream: ReadableStream<TranscriptPart>;
}

/** Options of {@link SegmentTranscriber.transcribe}. */
export interface TranscribeSegmentOptions {
  /** One speech segment, PCM16 mono. */
  audio: TranscriberAudio;
  sampleRate: number;
  abortSignal?: AbortSignal;
}

/** The transcript of one segment. */
export interface SegmentTranscript {
  text: string;
  /** Words with timings in ms from the segment's first sample, when the provider gives them ({@link TranscriberCapabilities.wordTimestamps}). */
  words?: TranscriptWord[];
  /** Settings the provider ignored or replaced, for logs. */
  warnings?: string[];
}

/** Version and identity shared by both kinds of transcriber. */
export interface TranscriberBase extends ProviderIdentity {
  readonly capabilities: TranscriberCapabilities;
}

/**
 * Speech-to-text that recognizes while the audio arrives (AssemblyAI Universal-Streaming, the
 * mock). One call per audio stream: write {@link TranscriberInput}s, read {@link TranscriptPart}s.
 * Failures to connect are `error` parts too, so `stream` itself never throws for a provider
 * failure (it throws `INVALID_ARGUMENT` for bad options only).
 */
export interface LiveTranscriber extends TranscriberBase {
  readonly capabilities: TranscriberCapabilities & { readonly streaming: true };
  stream(options: TranscriberStreamOptions): TranscriberStreamResult;
}

/**
 * Speech-to-text of finished speech segments (OpenAI's transcription endpoint, Whisper servers):
 * the caller cuts the stream into segments with a voice activity detector and calls
 * {@link transcribe} once per segment. Failures reject with typed errors (`retryable` tells
 * whether another segment may succeed).
 */
export interface SegmentTranscriber extends TranscriberBase {
  readonly capabilities: TranscriberCapabilities & { readonly streaming: false };
  transcribe(options: TranscribeSegmentOptions): Promise<SegmentTranscript>;
}

/**
 * The transcriber contract (`specificationVersion: 'v1'`): a {@link LiveTranscriber} or a
 * {@link SegmentTranscriber}, told apart by `capabilities.streaming`. Implementations:
 * `@interviewkit/assemblyai` (live), `@interviewkit/openai` (segments), the mock of
 * `@interviewkit/speech` (live, scripting).
 */
export type Transcriber = LiveTranscriber | SegmentTranscriber;

/** Whether `transcriber` recognizes while audio arrives. */
export function isLiveTranscriber(transcriber: Transcriber): transcriber is LiveTranscriber {
  return transcriber.capabilities.streaming;
}
