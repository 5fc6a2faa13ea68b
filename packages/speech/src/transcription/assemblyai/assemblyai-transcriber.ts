import { Buffer } from 'node:buffer';
import type { InterviewKitError } from '@interviewkit/core';
import { AssemblyAI } from 'assemblyai';
import { TranscriberListeners, type StreamingTranscriber, type TranscriberListener, type TranscriptWord } from '../streaming-transcriber';
import { AudioQueue } from './audio-queue';
import { assemblyAIError, classifyAssemblyAIFailure, failureFromSdkError, type AssemblyAIFailure } from './errors';
import { AssemblyAITurnSchema, partialText, turnWords } from './messages';
import { resolveAssemblyAIOptions, type AssemblyAITranscriberOptions, type ResolvedAssemblyAIOptions } from './options';

type SdkTranscriber = ReturnType<AssemblyAI['streaming']['transcriber']>;

/** Lifecycle of an {@link AssemblyAITranscriber}. */
export type AssemblyAITranscriberState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'failed' | 'closing' | 'closed';

/** The service's smallest accepted audio message. */
const MIN_MESSAGE_MS = 50;
/** The service's largest accepted audio message. */
const MAX_MESSAGE_MS = 1000;

/**
 * Speech-to-text through AssemblyAI Universal-Streaming v3, with the official `assemblyai` SDK,
 * reported in InterviewKit's vocabulary ({@link StreamingTranscriber}; no SDK type is exposed).
 *
 * - **Buffering.** Audio sent before the session's `Begin` (or while reconnecting) is queued —
 *   at most `maxBufferedMs`, oldest dropped first with a non-fatal error — and sent once the
 *   session is open, in 50–1 000 ms messages as the service requires (`chunkMs`, default 100).
 * - **Transcripts.** `Turn` messages become partials (every word heard so far) and finals (at end
 *   of turn; with `formatTurns` the formatted copy), with word timings in ms from the stream's
 *   first sample — also across reconnections, whose sessions restart their clock at 0.
 * - **Reconnection.** A session that drops (1006, 1011, 3005, session expiry…) is replaced by a new
 *   one with exponential backoff and jitter; after `maxReconnects` consecutive failures a fatal
 *   error is reported. The unfinished turn of a dropped session is delivered as a final, so words
 *   already heard are not lost.
 * - **Errors.** Auth (1008/4001/401), insufficient balance (4002/402), rate limits, protocol
 *   failures (bad parameters, malformed frames) map to `PROVIDER_AUTH`, `PROVIDER_QUOTA`,
 *   `RATE_LIMITED` and `PROVIDER_ERROR` with `details.kind` (see {@link classifyAssemblyAIFailure});
 *   auth, quota and protocol failures are not retried. `start()` rejects with the fatal error and
 *   an `error` event with `fatal: true` is emitted, followed by `close`.
 * - **Closing.** `close()` sends the remaining audio and `Terminate`, waits (bounded by
 *   `terminationTimeoutMs`) for `Termination` and the last formatted turn, then closes — billing is
 *   per open second, so sessions are always terminated.
 */
export class AssemblyAITranscriber implements StreamingTranscriber {
  readonly provider = 'assemblyai';
  readonly mock = false;
  private readonly options: ResolvedAssemblyAIOptions;
  private readonly client: AssemblyAI;
  private readonly listeners = new TranscriberListeners();
  private readonly queue: AudioQueue;
  private readonly chunkSamples: number;
  private stateValue: AssemblyAITranscriberState = 'idle';
  /** The open session, once `Begin` arrived. */
  private session: SdkTranscriber | null = null;
  /** The session being connected. */
  private connecting: SdkTranscriber | null = null;
  /** Absolute sample index of the open session's time 0. */
  private sessionOffset = 0;
  /** The `Error` message or socket error that preceded the open session's close. */
  private sessionError: AssemblyAIFailure | null = null;
  private lastFinalOrder = -1;
  /** The current turn's latest words, not yet final. */
  private openTurn: { text: string; words: TranscriptWord[] } | null = null;
  private failures = 0;
  private overflowReported = false;
  private startPromise: Promise<void> | null = null;
  private settleStart: { resolve: () => void; reject: (error: unknown) => void } | null = null;
  private closePromise: Promise<void> | null = null;
  private backoff: { timer: ReturnType<typeof setTimeout>; wake: () => void } | null = null;
  private readonly flushWaiters = new Set<() => void>();

  /** Validates the options (`INVALID_ARGUMENT` on bad ones); connects on {@link start}. */
  constructor(options: AssemblyAITranscriberOptions) {
    this.options = resolveAssemblyAIOptions(options);
    this.client = new AssemblyAI({ apiKey: this.options.apiKey ?? '' });
    this.queue = new AudioQueue(Math.round((this.options.maxBufferedMs * this.options.sampleRate) / 1000));
    this.chunkSamples = Math.round((this.options.chunkMs * this.options.sampleRate) / 1000);
  }

  /** Where the transcriber is in its lifecycle. */
  get state(): AssemblyAITranscriberState {
    return this.stateValue;
  }

  /** Samples dropped because the buffer bound was exceeded while no session was open. */
  get droppedSamples(): number {
    return this.queue.dropped;
  }

  start(): Promise<void> {
    if (this.startPromise) return this.startPromise;
    this.stateValue = 'connecting';
    this.startPromise = new Promise<void>((resolve, reject) => {
      this.settleStart = { resolve, reject };
    });
    void this.connect();
    return this.startPromise;
  }

  sendAudio(samples: Int16Array): void {
    if (this.stateValue === 'failed' || this.stateValue === 'closing' || this.stateValue === 'closed') return;
    const dropped = this.queue.push(samples);
    if (dropped > 0 && !this.overflowReported) {
      this.overflowReported = true;
      this.emitError(
        assemblyAIError({ message: `no session open: audio beyond ${this.options.maxBufferedMs} ms is dropped, oldest first` }, { dropped: true }, 'AssemblyAI audio buffer full'),
        false,
      );
    }
    if (this.session) this.pump(false);
  }

  async flush(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.pump(true);
    try {
      session.forceEndpoint();
    } catch {
      return; // the socket is closing; its close handler delivers what was heard
    }
    if (!this.openTurn) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.flushWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.options.flushTimeoutMs);
      this.flushWaiters.add(done);
    });
  }

  close(): Promise<void> {
    this.closePromise ??= this.shutdown();
    return this.closePromise;
  }

  onEvent(listener: TranscriberListener): () => void {
    return this.listeners.add(listener);
  }

  // ------------------------------------------------------------------ connection

  private async connect(): Promise<void> {
    while (this.stateValue === 'connecting' || this.stateValue === 'reconnecting') {
      const sdk = this.createSession();
      this.connecting = sdk;
      try {
        const opened = sdk.connect();
        this.guardFrames(sdk);
        await opened;
        return; // `open` already ran (synchronously, before any later frame)
      } catch (error) {
        if (this.connecting === sdk) this.connecting = null;
        if (this.stateValue !== 'connecting' && this.stateValue !== 'reconnecting') return;
        if (!this.recordFailure(failureFromSdkError(error))) return;
        await this.sleepBackoff();
      }
    }
  }

  private createSession(): SdkTranscriber {
    const o = this.options;
    const sdk = this.client.streaming.transcriber({
      ...(o.token ? { token: o.token } : { apiKey: o.apiKey! }),
      ...(o.websocketBaseUrl ? { websocketBaseUrl: o.websocketBaseUrl } : {}),
      sampleRate: o.sampleRate,
      encoding: 'pcm_s16le',
      speechModel: o.speechModel,
      formatTurns: o.formatTurns,
      ...(o.endOfTurnConfidenceThreshold !== undefined ? { endOfTurnConfidenceThreshold: o.endOfTurnConfidenceThreshold } : {}),
      ...(o.minTurnSilenceMs !== undefined ? { minTurnSilence: o.minTurnSilenceMs } : {}),
      ...(o.maxTurnSilenceMs !== undefined ? { maxTurnSilence: o.maxTurnSilenceMs } : {}),
      ...(o.vadThreshold !== undefined ? { vadThreshold: o.vadThreshold } : {}),
      ...(o.keyterms && o.keyterms.length > 0 ? { keytermsPrompt: o.keyterms } : {}),
      connectTimeout: o.connectTimeoutMs,
      // Retries are ours: they also cover drops after Begin, and never retry auth or quota.
      maxConnectionRetries: 0,
    });
    sdk.on('open', (begin) => this.onBegin(sdk, begin.id));
    sdk.on('turn', (turn) => this.onTurn(sdk, turn));
    sdk.on('error', (error) => {
      if (sdk === this.session) this.sessionError = { ...this.sessionError, ...failureFromSdkError(error) };
    });
    sdk.on('close', (code, reason) => this.onSessionClose(sdk, code, reason));
    return sdk;
  }

  /**
   * The SDK parses every text frame with a bare `JSON.parse` inside the socket's message handler,
   * so one malformed frame would throw out of the `ws` event loop and crash the process. The
   * frame is checked first: a malformed one is reported as a protocol error and dropped.
   */
  private guardFrames(sdk: SdkTranscriber): void {
    const socket = (sdk as unknown as { socket?: { onmessage?: unknown } }).socket;
    if (!socket || typeof socket.onmessage !== 'function') return;
    const original = socket.onmessage as (event: { data: unknown }) => void;
    socket.onmessage = (event: { data: unknown }): void => {
      const text = typeof event.data === 'string' ? event.data : Buffer.from(event.data as ArrayBuffer).toString('utf8');
      try {
        JSON.parse(text);
      } catch {
        this.emitError(assemblyAIError({ message: `malformed JSON frame (${text.slice(0, 80)})`, protocol: true }, {}, 'AssemblyAI sent a malformed message'), false);
        return;
      }
      original.call(socket, event);
    };
  }

  private onBegin(sdk: SdkTranscriber, sessionId: string): void {
    if (this.connecting === sdk) this.connecting = null;
    if (this.stateValue !== 'connecting' && this.stateValue !== 'reconnecting') {
      void sdk.close(false).catch(() => undefined);
      return;
    }
    this.session = sdk;
    this.sessionError = null;
    this.sessionOffset = this.queue.position;
    this.lastFinalOrder = -1;
    this.overflowReported = false;
    this.stateValue = 'open';
    this.listeners.emit({ type: 'ready', sessionId });
    this.settleStart?.resolve();
    this.settleStart = null;
    this.pump(false);
  }

  private onTurn(sdk: SdkTranscriber, raw: unknown): void {
    if (sdk !== this.session) return;
    const parsed = AssemblyAITurnSchema.safeParse(raw);
    if (!parsed.success) {
      this.emitError(assemblyAIError({ message: `invalid Turn message: ${parsed.error.issues[0]?.message ?? 'invalid'}`, protocol: true }, {}, 'AssemblyAI sent an invalid message'), false);
      return;
    }
    const turn = parsed.data;
    this.failures = 0; // the session works: a later drop starts a fresh retry budget
    if (turn.turn_order <= this.lastFinalOrder) return; // a copy of a turn already final
    const words = turnWords(turn, (this.sessionOffset * 1000) / this.options.sampleRate);
    const awaitingFormat = turn.end_of_turn && this.options.formatTurns && !turn.turn_is_formatted;
    if (!turn.end_of_turn || awaitingFormat) {
      const text = awaitingFormat ? turn.transcript.trim() || partialText(turn) : partialText(turn);
      if (text === '') return;
      this.openTurn = { text, words };
      this.listeners.emit({ type: 'partial', text, words });
      return;
    }
    this.lastFinalOrder = turn.turn_order;
    this.openTurn = null;
    const text = turn.transcript.trim() || partialText(turn);
    if (text !== '') this.listeners.emit({ type: 'final', text, words, endOfTurn: true });
    this.releaseFlushWaiters();
  }

  private onSessionClose(sdk: SdkTranscriber, code: number, reason: string): void {
    if (sdk !== this.session) return;
    this.session = null;
    if (this.stateValue !== 'open') return;
    this.finishOpenTurn();
    const failure: AssemblyAIFailure = { ...this.sessionError, closeCode: code, ...(reason ? { message: reason } : {}) };
    this.sessionError = null;
    this.stateValue = 'reconnecting';
    if (this.recordFailure(failure)) void this.sleepBackoff().then(() => this.connect());
  }

  /**
   * Counts a failure; reports it as a non-fatal error and returns true when another attempt is
   * allowed, else fails for good and returns false.
   */
  private recordFailure(failure: AssemblyAIFailure): boolean {
    this.failures += 1;
    const classified = classifyAssemblyAIFailure(failure);
    if (classified.retryable && this.failures <= this.options.maxReconnects) {
      this.emitError(assemblyAIError(failure, { attempt: this.failures, maxReconnects: this.options.maxReconnects }, 'AssemblyAI session lost; reconnecting'), false);
      return true;
    }
    this.fail(assemblyAIError(failure, { attempts: this.failures }, classified.retryable ? `AssemblyAI streaming failed after ${this.failures} attempts` : 'AssemblyAI streaming failed'));
    return false;
  }

  private fail(error: InterviewKitError): void {
    this.stateValue = 'failed';
    this.finishOpenTurn();
    this.releaseFlushWaiters();
    this.emitError(error, true);
    this.listeners.emit({ type: 'close', reason: error.message });
    this.settleStart?.reject(error);
    this.settleStart = null;
  }

  private sleepBackoff(): Promise<void> {
    const o = this.options;
    const base = Math.min(o.reconnectMaxDelayMs, o.reconnectBaseDelayMs * 2 ** Math.max(0, this.failures - 1));
    const delay = Math.round(base * (0.5 + Math.random() * 0.5));
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.backoff = null;
        resolve();
      };
      const timer = setTimeout(wake, delay);
      this.backoff = { timer, wake };
    });
  }

  // ------------------------------------------------------------------ audio and closing

  /** Sends queued audio in `chunkMs` messages; `drain` also sends a tail of at least 50 ms. */
  private pump(drain: boolean): void {
    const session = this.session;
    if (!session) return;
    const minSamples = Math.ceil((MIN_MESSAGE_MS * this.options.sampleRate) / 1000);
    while (this.queue.length >= this.chunkSamples || (drain && this.queue.length >= minSamples)) {
      const chunk = this.queue.take(this.chunkSamples);
      try {
        session.sendAudio(chunk.buffer);
      } catch {
        return; // the socket is closing; the close handler reconnects
      }
    }
  }

  /** Sends everything left, the last message padded with silence to the service's minimum. */
  private drainAll(session: SdkTranscriber): void {
    const sampleRate = this.options.sampleRate;
    const maxSamples = Math.floor((MAX_MESSAGE_MS * sampleRate) / 1000);
    const minSamples = Math.ceil((MIN_MESSAGE_MS * sampleRate) / 1000);
    while (this.queue.length > 0) {
      const taken = this.queue.take(Math.min(maxSamples, this.chunkSamples));
      const chunk = taken.length >= minSamples ? taken : padded(taken, minSamples);
      try {
        session.sendAudio(chunk.buffer);
      } catch {
        return;
      }
    }
  }

  private async shutdown(): Promise<void> {
    const previous = this.stateValue;
    this.stateValue = 'closing';
    this.backoff?.wake();
    const session = this.session;
    const connecting = this.connecting;
    this.session = null;
    this.connecting = null;
    if (session) {
      this.drainAll(session);
      this.session = session; // still receives the last turns while waiting for Termination
      try {
        await session.close(true, this.options.terminationTimeoutMs);
      } catch {
        // the socket is gone either way
      }
      this.session = null;
    }
    if (connecting) await connecting.close(false).catch(() => undefined);
    this.finishOpenTurn();
    this.releaseFlushWaiters();
    this.stateValue = 'closed';
    this.settleStart?.resolve();
    this.settleStart = null;
    if (previous !== 'failed') this.listeners.emit({ type: 'close', code: 1000, reason: 'closed' });
  }

  /** Delivers the unfinished turn (its latest words) as a final: the words were heard. */
  private finishOpenTurn(): void {
    const turn = this.openTurn;
    this.openTurn = null;
    if (turn) this.listeners.emit({ type: 'final', text: turn.text, words: turn.words, endOfTurn: false });
  }

  private releaseFlushWaiters(): void {
    for (const done of [...this.flushWaiters]) done();
  }

  private emitError(error: InterviewKitError, fatal: boolean): void {
    this.listeners.emit({ type: 'error', error, fatal });
  }
}

function padded(samples: Int16Array, length: number): Int16Array {
  const out = new Int16Array(length);
  out.set(samples);
  return out;
}
