import { Buffer } from 'node:buffer';
import {
  backoffDelay,
  createTranscriptStream,
  InterviewKitError,
  issueSummary,
  type LiveTranscriber,
  type SessionTranscriptPart,
  type TranscriptSession,
  type TranscriptWord,
} from '@interviewkit/core';
import { AssemblyAI } from 'assemblyai';
import { assemblyAIError, classifyAssemblyAIFailure, failureFromSdkError, type AssemblyAIFailure } from './assemblyai-error';
import { AssemblyAITurnSchema, partialText, turnWords } from './assemblyai-messages';
import { resolveAssemblyAIOptions, type AssemblyAITranscriberOptions, type ResolvedAssemblyAIOptions } from './assemblyai-options';
import { AudioQueue } from './audio-queue';

type SdkTranscriber = ReturnType<AssemblyAI['streaming']['transcriber']>;

/** Lifecycle of one {@link AssemblyAISession}. */
type SessionState = 'connecting' | 'open' | 'reconnecting' | 'failed' | 'closing' | 'closed';

/** The service's smallest accepted audio message. */
const MIN_MESSAGE_MS = 50;

/**
 * Speech-to-text through AssemblyAI Universal-Streaming v3 with the official `assemblyai` SDK, as
 * a core `LiveTranscriber` (no SDK type is exposed). One `stream()` call is one audio stream; it
 * may span several provider sessions (reconnections).
 *
 * - **Buffering and pacing.** Audio is queued while no session is open (before `Begin`, while
 *   reconnecting) — at most `maxBufferedMs`, oldest dropped first with a recoverable error — and
 *   sent in `chunkMs` messages (the service accepts 50–1 000 ms) at real-time pace, never more than
 *   `maxBurstMs` ahead: the service closes a session fed faster than real time (3007), so a backlog
 *   after a reconnection is caught up at real time rather than at once.
 * - **Transcripts.** `Turn` messages become partials (every word heard so far) and finals (at end
 *   of turn; with `formatTurns` the formatted copy, whether it comes as a second message or as
 *   the end-of-turn message itself), with word timings in ms from the stream's first sample — also
 *   across reconnections, whose sessions restart their clock at 0.
 * - **Reconnection.** A session that drops (1006, 1011, 3005, session expiry, too many sessions,
 *   audio too fast…) is replaced by a new one after core's backoff with jitter; after
 *   `maxReconnects` consecutive failures a non-recoverable error ends the stream. A temporary token
 *   is single-use: with a token function, each connection gets a fresh token. The unfinished turn
 *   of a dropped session is delivered as a final, so words already heard are not lost.
 * - **Errors** are classified code first ({@link classifyAssemblyAIFailure}); auth, quota and
 *   protocol failures are not retried.
 * - **Settings the SDK drops.** The SDK leaves falsy parameters out of the URL, so an end-of-turn
 *   confidence threshold of 0 (or a max turn silence of 0) is sent with `UpdateConfiguration`
 *   right after `Begin`, before any audio.
 * - **Closing** (the input ended): the remaining audio is sent (paced), then `Terminate`; the last
 *   formatted turn is awaited (bounded by `terminationTimeoutMs`) — billing is per open second,
 *   so sessions are always terminated.
 */
export function createAssemblyAITranscriber(options: AssemblyAITranscriberOptions): LiveTranscriber {
  const resolved = resolveAssemblyAIOptions(options);
  return {
    specificationVersion: 'v1',
    provider: 'assemblyai',
    modelId: resolved.speechModel,
    capabilities: { streaming: true, interimResults: true, wordTimestamps: true, scripting: false },
    stream({ input, sampleRate, abortSignal }) {
      if (sampleRate !== resolved.sampleRate) {
        throw new InterviewKitError(
          'INVALID_ARGUMENT',
          `The AssemblyAI transcriber was configured for ${resolved.sampleRate} Hz audio; the stream is ${sampleRate} Hz`,
        );
      }
      const stream = createTranscriptStream({
        input,
        provider: 'assemblyai',
        ...(abortSignal ? { abortSignal } : {}),
        open: (emit) => new AssemblyAISession(resolved, emit),
      });
      return { stream };
    },
  };
}

/** One audio stream's provider sessions: connection, reconnection, pacing, turns. */
class AssemblyAISession implements TranscriptSession {
  private readonly client: AssemblyAI;
  private readonly queue: AudioQueue;
  private readonly chunkSamples: number;
  private readonly minSamples: number;
  private state: SessionState = 'connecting';
  /** The open session, once `Begin` arrived. */
  private session: SdkTranscriber | null = null;
  /** The session being connected. */
  private connecting: SdkTranscriber | null = null;
  /** Absolute sample index of the open session's time 0. */
  private sessionOffset = 0;
  /** When the open session began (ms, monotonic) and how many samples it was sent: the pacing budget. */
  private sessionBegan = 0;
  private sessionSent = 0;
  /** The `Error` message or socket error that preceded the open session's close. */
  private sessionError: AssemblyAIFailure | null = null;
  private lastFinalOrder = -1;
  /** The current turn's latest words, not yet final (`awaitingFormat`: its end arrived unformatted). */
  private openTurn: { order: number; text: string; words: TranscriptWord[]; awaitingFormat: boolean } | null = null;
  private failures = 0;
  private overflowReported = false;
  /** Whether the configured string token was already spent on a connection. */
  private tokenUsed = false;
  /** Audio up to this absolute sample must be sent now, padded if short (a flush or the close). */
  private drainTo = 0;
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;
  private backoff: { timer: ReturnType<typeof setTimeout>; wake: () => void } | null = null;
  private readonly drainWaiters: Array<{ until: number; done: () => void }> = [];
  private readonly flushWaiters = new Set<() => void>();

  constructor(
    private readonly options: ResolvedAssemblyAIOptions,
    private readonly emit: (part: SessionTranscriptPart) => void,
  ) {
    this.client = new AssemblyAI({ apiKey: options.apiKey ?? '' });
    this.queue = new AudioQueue(this.samples(options.maxBufferedMs));
    this.chunkSamples = this.samples(options.chunkMs);
    this.minSamples = Math.ceil(this.samples(MIN_MESSAGE_MS));
    void this.connect();
  }

  audio(samples: Int16Array): void {
    if (this.state === 'failed' || this.state === 'closing' || this.state === 'closed') return;
    const dropped = this.queue.push(samples);
    if (dropped > 0 && !this.overflowReported) {
      this.overflowReported = true;
      this.report(
        assemblyAIError(
          { message: `no session open: audio beyond ${this.options.maxBufferedMs} ms is dropped, oldest first` },
          { droppedSamples: dropped },
          'AssemblyAI audio buffer full',
        ),
        true,
      );
    }
    this.pump();
  }

  async flush(): Promise<void> {
    if (!this.session) return;
    await this.drain();
    const session = this.session;
    if (!session) return; // the session dropped while draining: its close delivered what was heard
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

  async close(): Promise<void> {
    if (this.state === 'failed' || this.state === 'closed') return;
    if (this.session) await this.drain();
    this.state = 'closing';
    this.backoff?.wake();
    this.clearPumpTimer();
    const session = this.session;
    const connecting = this.connecting;
    this.connecting = null;
    if (session) {
      try {
        // The session still receives its last turns while waiting for Termination.
        await session.close(true, this.options.terminationTimeoutMs);
      } catch {
        // the socket is gone either way
      }
    }
    this.session = null;
    if (connecting) await connecting.close(false).catch(() => undefined);
    this.finishOpenTurn(false);
    this.release();
    this.state = 'closed';
  }

  abort(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.backoff?.wake();
    this.clearPumpTimer();
    const sockets = [this.session, this.connecting];
    this.session = null;
    this.connecting = null;
    for (const socket of sockets) void socket?.close(false).catch(() => undefined);
    this.release();
  }

  // ------------------------------------------------------------------ connection

  private async connect(): Promise<void> {
    while (this.state === 'connecting' || this.state === 'reconnecting') {
      let sdk: SdkTranscriber;
      try {
        sdk = this.createSession(await this.credentials());
      } catch (error) {
        if (!this.recordFailure(InterviewKitError.isInstance(error) ? error : failureFromSdkError(error))) return;
        await this.sleepBackoff();
        continue;
      }
      this.connecting = sdk;
      try {
        const opened = sdk.connect();
        this.guardFrames(sdk);
        await opened;
        return; // `open` already ran (synchronously, before any later frame)
      } catch (error) {
        if (this.connecting === sdk) this.connecting = null;
        if (this.state !== 'connecting' && this.state !== 'reconnecting') return;
        if (!this.recordFailure(failureFromSdkError(error))) return;
        await this.sleepBackoff();
      }
    }
  }

  /** The credentials of the next connection: the API key, or a temporary token — fresh for each connection. */
  private async credentials(): Promise<{ apiKey: string } | { token: string }> {
    const { apiKey, token } = this.options;
    if (apiKey) return { apiKey };
    if (typeof token === 'function') {
      let fresh: unknown;
      try {
        fresh = await token();
      } catch (error) {
        if (InterviewKitError.isInstance(error)) throw error;
        throw new InterviewKitError('PROVIDER_UNAVAILABLE', `The AssemblyAI token function failed: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
          details: { provider: 'assemblyai', kind: 'unavailable' },
        });
      }
      if (typeof fresh !== 'string' || fresh === '')
        throw new InterviewKitError('PROVIDER_ERROR', 'The AssemblyAI token function returned no token', {
          retryable: false,
          details: { provider: 'assemblyai', kind: 'protocol' },
        });
      return { token: fresh };
    }
    if (this.tokenUsed) {
      throw new InterviewKitError(
        'PROVIDER_AUTH',
        'AssemblyAI temporary tokens are single-use and this one opened the previous session: pass a token function to reconnect',
        {
          retryable: false,
          details: { provider: 'assemblyai', kind: 'auth' },
        },
      );
    }
    this.tokenUsed = true;
    return { token: token! };
  }

  private createSession(credentials: { apiKey: string } | { token: string }): SdkTranscriber {
    const o = this.options;
    const sdk = this.client.streaming.transcriber({
      ...credentials,
      ...(o.websocketBaseUrl ? { websocketBaseUrl: o.websocketBaseUrl } : {}),
      sampleRate: o.sampleRate,
      encoding: 'pcm_s16le',
      speechModel: o.speechModel,
      formatTurns: o.formatTurns,
      ...(o.endOfTurnConfidenceThreshold ? { endOfTurnConfidenceThreshold: o.endOfTurnConfidenceThreshold } : {}),
      ...(o.minTurnSilenceMs !== undefined ? { minTurnSilence: o.minTurnSilenceMs } : {}),
      ...(o.maxTurnSilenceMs ? { maxTurnSilence: o.maxTurnSilenceMs } : {}),
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
        this.report(
          assemblyAIError({ message: `malformed JSON frame (${text.slice(0, 80)})`, protocol: true }, {}, 'AssemblyAI sent a malformed message'),
          true,
        );
        return;
      }
      original.call(socket, event);
    };
  }

  private onBegin(sdk: SdkTranscriber, sessionId: string): void {
    if (this.connecting === sdk) this.connecting = null;
    if (this.state !== 'connecting' && this.state !== 'reconnecting') {
      void sdk.close(false).catch(() => undefined);
      return;
    }
    this.session = sdk;
    this.sessionError = null;
    this.sessionOffset = this.queue.position;
    this.sessionBegan = performance.now();
    this.sessionSent = 0;
    this.lastFinalOrder = -1;
    this.overflowReported = false;
    this.state = 'open';
    this.sendDroppedSettings(sdk);
    this.emit({ type: 'session-start', sessionId });
    this.pump();
  }

  /** Settings the SDK leaves out of the URL when they are falsy (0), sent before any audio. */
  private sendDroppedSettings(sdk: SdkTranscriber): void {
    const o = this.options;
    const update = {
      ...(o.endOfTurnConfidenceThreshold === 0 ? { end_of_turn_confidence_threshold: 0 } : {}),
      ...(o.maxTurnSilenceMs === 0 ? { max_turn_silence: 0 } : {}),
    };
    if (Object.keys(update).length === 0) return;
    try {
      sdk.updateConfiguration(update);
    } catch {
      // the socket is closing; the close handler reconnects (and sends it again)
    }
  }

  private onTurn(sdk: SdkTranscriber, raw: unknown): void {
    if (sdk !== this.session) return;
    const parsed = AssemblyAITurnSchema.safeParse(raw);
    if (!parsed.success) {
      this.report(
        assemblyAIError({ message: `invalid Turn message: ${issueSummary(parsed.error.issues)}`, protocol: true }, {}, 'AssemblyAI sent an invalid message'),
        true,
      );
      return;
    }
    const turn = parsed.data;
    this.failures = 0; // the session works: a later drop starts a fresh retry budget
    if (turn.turn_order <= this.lastFinalOrder) return; // a copy of a turn already final
    // A later turn began while the previous one still awaited its formatted copy: that copy is not coming.
    if (this.openTurn && this.openTurn.awaitingFormat && turn.turn_order > this.openTurn.order) this.finishOpenTurn(true);
    const words = turnWords(turn, this.ms(this.sessionOffset));
    const awaitingFormat = turn.end_of_turn && this.options.formatTurns && !turn.turn_is_formatted;
    if (!turn.end_of_turn || awaitingFormat) {
      const text = awaitingFormat ? turn.transcript.trim() || partialText(turn) : partialText(turn);
      if (text === '') return;
      this.openTurn = { order: turn.turn_order, text, words, awaitingFormat };
      this.emit({ type: 'transcript-partial', text, words });
      return;
    }
    this.lastFinalOrder = turn.turn_order;
    this.openTurn = null;
    const text = turn.transcript.trim() || partialText(turn);
    if (text !== '') this.emit({ type: 'transcript-final', text, words, endOfTurn: true });
    this.releaseFlushWaiters();
  }

  private onSessionClose(sdk: SdkTranscriber, code: number, reason: string): void {
    if (sdk !== this.session) return;
    this.session = null;
    this.clearPumpTimer();
    if (this.state !== 'open') return;
    this.finishOpenTurn(false);
    const failure: AssemblyAIFailure = { ...this.sessionError, closeCode: code, ...(reason ? { message: reason } : {}) };
    this.sessionError = null;
    this.state = 'reconnecting';
    this.release(); // waiters of this session: what it heard was delivered above
    if (this.recordFailure(failure)) void this.sleepBackoff().then(() => this.connect());
  }

  /**
   * Counts a failure; reports it as a recoverable error and returns true when another attempt is
   * allowed, else fails for good (a non-recoverable error ends the stream) and returns false.
   */
  private recordFailure(failure: AssemblyAIFailure | InterviewKitError): boolean {
    this.failures += 1;
    const retryable = InterviewKitError.isInstance(failure) ? failure.retryable : classifyAssemblyAIFailure(failure).retryable;
    const error = (prefix: string, extra: Record<string, unknown>): InterviewKitError =>
      InterviewKitError.isInstance(failure) ? failure : assemblyAIError(failure, extra, prefix);
    if (retryable && this.failures <= this.options.maxReconnects) {
      this.report(error('AssemblyAI session lost; reconnecting', { attempt: this.failures, maxReconnects: this.options.maxReconnects }), true);
      return true;
    }
    this.state = 'failed';
    this.finishOpenTurn(false);
    this.release();
    this.report(
      error(retryable ? `AssemblyAI streaming failed after ${this.failures} attempts` : 'AssemblyAI streaming failed', { attempts: this.failures }),
      false,
    );
    return false;
  }

  private sleepBackoff(): Promise<void> {
    const delay = backoffDelay(this.failures, { baseDelayMs: this.options.reconnectBaseDelayMs, maxDelayMs: this.options.reconnectMaxDelayMs });
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

  // ------------------------------------------------------------------ audio pacing

  /**
   * Sends queued audio in `chunkMs` messages at real-time pace (at most `maxBurstMs` ahead of the
   * session's clock) and, up to `drainTo`, a shorter last message padded to the service's 50 ms
   * minimum. When the budget is spent, it comes back when the next message is due.
   */
  private pump(): void {
    const session = this.session;
    if (!session) return;
    this.clearPumpTimer();
    for (;;) {
      const toDrain = this.drainTo - this.queue.position;
      const take = this.queue.length >= this.chunkSamples ? this.chunkSamples : Math.min(this.queue.length, toDrain);
      if (take <= 0) break;
      const size = Math.max(take, this.minSamples);
      const wait = this.waitFor(size);
      if (wait > 0) {
        this.pumpTimer = setTimeout(() => {
          this.pumpTimer = null;
          this.pump();
        }, wait);
        break;
      }
      const taken = this.queue.take(take);
      const chunk = taken.length >= this.minSamples ? taken : padded(taken, this.minSamples);
      try {
        session.sendAudio(chunk.buffer);
      } catch {
        return; // the socket is closing; the close handler reconnects
      }
      this.sessionSent += chunk.length;
    }
    this.releaseDrainWaiters();
  }

  /** Milliseconds until `samples` more may be sent to the open session without running ahead of real time. */
  private waitFor(samples: number): number {
    const aheadMs = this.ms(this.sessionSent + samples) - (performance.now() - this.sessionBegan);
    return Math.max(0, Math.ceil(aheadMs - this.options.maxBurstMs));
  }

  /** Resolves once everything queued now was sent (or no session is open to send it to). */
  private drain(): Promise<void> {
    const until = this.queue.position + this.queue.length;
    this.drainTo = Math.max(this.drainTo, until);
    return new Promise<void>((resolve) => {
      this.drainWaiters.push({ until, done: resolve });
      this.pump();
    });
  }

  private releaseDrainWaiters(all = false): void {
    for (let i = this.drainWaiters.length - 1; i >= 0; i--) {
      const waiter = this.drainWaiters[i]!;
      if (all || this.queue.position >= waiter.until) {
        this.drainWaiters.splice(i, 1);
        waiter.done();
      }
    }
  }

  private clearPumpTimer(): void {
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    this.pumpTimer = null;
  }

  // ------------------------------------------------------------------ helpers

  /** Delivers the unfinished turn (its latest words) as a final: the words were heard. */
  private finishOpenTurn(endOfTurn: boolean): void {
    const turn = this.openTurn;
    this.openTurn = null;
    if (!turn) return;
    if (endOfTurn) this.lastFinalOrder = turn.order;
    this.emit({ type: 'transcript-final', text: turn.text, words: turn.words, endOfTurn });
  }

  /** Releases everyone waiting on the current session (flushes, drains). */
  private release(): void {
    this.releaseFlushWaiters();
    this.releaseDrainWaiters(true);
  }

  private releaseFlushWaiters(): void {
    for (const done of [...this.flushWaiters]) done();
  }

  private report(error: InterviewKitError, recoverable: boolean): void {
    this.emit({ type: 'error', error, recoverable });
  }

  private samples(ms: number): number {
    return Math.round((ms * this.options.sampleRate) / 1000);
  }

  private ms(samples: number): number {
    return (samples * 1000) / this.options.sampleRate;
  }
}

function padded(samples: Int16Array, length: number): Int16Array {
  const out = new Int16Array(length);
  out.set(samples);
  return out;
}
