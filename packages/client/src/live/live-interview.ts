import {
  backoffDelay,
  encodeTimedAudioFrame,
  type ClientEventData,
  type ClientEventName,
  InterviewKitError,
  isErrorCode,
  MAX_WS_AUDIO_FRAME_BYTES,
  formatIssues,
  ServerEnvelopeSchema,
  type ServerEventData,
  type ServerEventName,
  ServerEventSchemas,
  type StartInterviewAck,
  StartInterviewAckSchema,
  StartInterviewSchema,
  validationError,
  WS_AUDIO_HEADER_BYTES,
} from '@interviewkit/core';
import * as z from 'zod';
import { type EventMeta, TypedEmitter } from './emitter';

/** The parts of the WHATWG WebSocket the client uses (browsers, Node 22+'s global, `ws`). */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string | ArrayBuffer | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown; code?: number; reason?: string }) => void): void;
}

/** A WebSocket constructor. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The `interview_complete` data (also what `stop()` answers). */
export type InterviewComplete = ServerEventData<'interview_complete'>;

/** Events of the connection itself (not sent by the server). */
export interface LifecycleEvents {
  /** The socket is open (first connection or a reconnection). */
  open: { reconnect: boolean };
  /** The socket dropped and a reconnection is scheduled. */
  reconnecting: { attempt: number; delay_ms: number };
  /** The live session was resumed after a reconnection; missed events follow. */
  reconnected: { session_id: number; last_seq: number };
  /** The connection is gone for good (closed by you, or reconnection gave up). */
  close: { code: number; reason: string };
}

/** Every event a {@link LiveInterview} emits: the server's events plus lifecycle events. */
export type LiveInterviewEvents = { [K in ServerEventName]: ServerEventData<K> } & LifecycleEvents;

/** Options of {@link LiveInterview}. */
export interface LiveInterviewOptions {
  /** The WebSocket endpoint, e.g. `ws://localhost:3000/ws`. */
  url: string;
  /** The bearer token (sent as `?token=`, which browsers can set on a WebSocket). */
  token: string;
  /** A WebSocket implementation (default: the global one; Node 22+ and browsers have it). */
  WebSocket?: WebSocketConstructor;
  /** Reconnection with exponential backoff; `false` switches it off. */
  reconnect?: false | { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** How long a request waits for its ack, in ms (default 15 000). */
  requestTimeoutMs?: number;
  /**
   * Audio kept while the socket is down, in ms of 16 kHz PCM16 (default 4 000). It is sent after
   * the session resumes; older audio beyond the bound is dropped and counted.
   */
  audioBufferMs?: number;
  /** The HTTP stop used when the socket is down (set by `InterviewKitClient.live()`). */
  httpStop?: (sessionId: number, signal?: AbortSignal) => Promise<InterviewComplete>;
  /**
   * Stamp audio frames with their capture time and `interviewer_done` with its time (protocol
   * version 2), when the server agrees: response latencies and pauses are then measured on this
   * client's clock, whatever the network does. Default true.
   */
  captureTimestamps?: boolean;
  /** The capture clock in ms (default `performance.now()`); tests pass their own. */
  clock?: () => number;
}

/** Options of {@link LiveInterview.sendAudio}. */
export interface SendAudioOptions {
  /**
   * When the frame's first sample was captured, in ms of the client's clock (`options.clock`).
   * Default: right after the previous frame when this one follows within
   * {@link CONTIGUOUS_AUDIO_TOLERANCE_MS} of real time (or faster), else the moment of the call
   * minus the frame's length (the capture paused).
   */
  capturedAt?: number;
}

/**
 * Frames handed to `sendAudio` within this much (ms) of real time are contiguous audio: timer
 * and scheduling jitter of the capture path is not a pause (a silence this short would not end a
 * speech segment either: it is the VAD's hangover). A later frame starts a new stretch. Apps that
 * know when a frame was recorded (an AudioWorklet's `currentTime`) pass `capturedAt` instead.
 */
export const CONTIGUOUS_AUDIO_TOLERANCE_MS = 200;

/** Counters of a live interview's audio and events. */
export interface LiveInterviewStats {
  framesSent: number;
  bytesSent: number;
  /** Frames held while the socket was down and sent after the resume. */
  framesReplayed: number;
  /** Frames dropped because the reconnection buffer was full. */
  framesDropped: number;
  /** Server events seen twice (after a resume) and delivered once. */
  duplicatesSkipped: number;
  reconnects: number;
}

/** The connection state. */
export type LiveInterviewState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

const OptionsSchema = z.object({
  url: z.string().regex(/^wss?:\/\//, 'The live URL must start with ws:// or wss://'),
  token: z.string().min(1),
  requestTimeoutMs: z.number().int().min(100).max(600_000).optional(),
  audioBufferMs: z.number().int().min(0).max(60_000).optional(),
  captureTimestamps: z.boolean().optional(),
  reconnect: z
    .union([
      z.literal(false),
      z.object({
        maxAttempts: z.number().int().min(0).max(100).optional(),
        baseDelayMs: z.number().int().min(1).max(60_000).optional(),
        maxDelayMs: z.number().int().min(1).max(300_000).optional(),
      }),
    ])
    .optional(),
});

const OPEN = 1;
const BYTES_PER_MS = 32; // 16 kHz × 2 bytes

interface Pending {
  resolve: (data: unknown) => void;
  reject: (error: InterviewKitError) => void;
  timer: ReturnType<typeof setTimeout>;
}

type Outgoing = { kind: 'text'; data: string } | { kind: 'audio'; data: Uint8Array };

function wireError(body: unknown): InterviewKitError {
  const e = (body ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  return new InterviewKitError(isErrorCode(e.code) ? e.code : 'INTERNAL', typeof e.message === 'string' ? e.message : 'The server reported an error', {
    ...(typeof e.details === 'object' && e.details !== null ? { details: e.details as Record<string, unknown> } : {}),
  });
}

/**
 * One live interview over the server's WebSocket (DESIGN.md wire protocol).
 *
 * - `start()` sends `start_interview` and answers the seed's ack `{status, message, use_mock, session_id}`.
 * - `on('question' | 'transcription' | 'final_transcription' | 'answer_evaluated' | 'metrics' |
 *   'interview_complete' | 'error' | …)` delivers the server's events, validated with core's schemas.
 * - `sendAudio()` streams PCM16 mono 16 kHz; `done()` submits the answer; `answerText()` types one.
 * - `stop()` ends the interview over the socket, or over HTTP when the socket is down.
 * - When the socket drops mid-interview it reconnects with exponential backoff and sends
 *   `resume_interview {session_id, last_seq}`: the server replays what was missed and events are
 *   de-duplicated by their sequence number, so nothing is lost or delivered twice. Audio and
 *   messages sent meanwhile are held (bounded) and sent after the resume.
 */
export class LiveInterview extends TypedEmitter<LiveInterviewEvents> {
  private socket: WebSocketLike | null = null;
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly options: LiveInterviewOptions;
  private readonly requestTimeoutMs: number;
  private readonly audioBufferBytes: number;
  private readonly reconnectPolicy: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number } | null;
  private nextAck = 1;
  private readonly pending = new Map<number, Pending>();
  private outbox: Outgoing[] = [];
  private outboxAudioBytes = 0;
  private sessionIdValue: number | null = null;
  private lastSeqValue = 0;
  private active = false;
  private closedByUser = false;
  private stateValue: LiveInterviewState = 'idle';
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnectAttempt = 0;
  private openWaiters: Array<{ resolve: () => void; reject: (e: InterviewKitError) => void }> = [];
  private completion: InterviewComplete | null = null;
  private historyValue: Array<{ event: ServerEventName; seq?: number; data: unknown }> = [];
  private readonly clock: () => number;
  /** Whether this session's frames carry capture times (the server agreed). */
  private stamping = false;
  /** Capture time (client ms) where the last frame ended, or null. */
  private captureEnd: number | null = null;
  /** Counters (audio sent, replayed, dropped; duplicates skipped; reconnects). */
  readonly stats: LiveInterviewStats = { framesSent: 0, bytesSent: 0, framesReplayed: 0, framesDropped: 0, duplicatesSkipped: 0, reconnects: 0 };

  constructor(options: LiveInterviewOptions) {
    super();
    const parsed = OptionsSchema.safeParse(options);
    if (!parsed.success) throw validationError('live interview options', parsed.error.issues);
    this.options = options;
    const impl = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!impl) throw new InterviewKitError('CONFIG_MISSING', 'No WebSocket implementation: pass options.WebSocket (Node 22+ and browsers have one)');
    this.WebSocketImpl = impl;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 15_000;
    this.audioBufferBytes = (options.audioBufferMs ?? 4000) * BYTES_PER_MS;
    this.clock = options.clock ?? (() => performance.now());
    const r = options.reconnect;
    this.reconnectPolicy = r === false ? null : { maxAttempts: r?.maxAttempts ?? 8, baseDelayMs: r?.baseDelayMs ?? 250, maxDelayMs: r?.maxDelayMs ?? 5000 };
  }

  /** The connection state. */
  get state(): LiveInterviewState {
    return this.stateValue;
  }
  /** The live session's id (after `start()`), else null. */
  get sessionId(): number | null {
    return this.sessionIdValue;
  }
  /** The sequence number of the last server event delivered. */
  get lastSeq(): number {
    return this.lastSeqValue;
  }
  /** The server events of the current session received so far (at least the latest 1 000), in order. */
  get history(): ReadonlyArray<{ event: ServerEventName; seq?: number; data: unknown }> {
    return this.historyValue;
  }
  /** The `interview_complete` data once the interview has ended. */
  get result(): InterviewComplete | null {
    return this.completion;
  }

  /** Opens the socket (done by `start()` when needed). */
  connect(): Promise<void> {
    if (this.stateValue === 'open') return Promise.resolve();
    if (this.stateValue === 'closed') return Promise.reject(new InterviewKitError('INVALID_STATE', 'This live interview was closed; create a new one'));
    const waiter = this.waitOpen();
    if (this.stateValue === 'idle') this.open(false);
    return waiter;
  }

  /** Starts an interview (`start_interview`) and answers the server's ack. */
  async start(params: z.input<typeof StartInterviewSchema>): Promise<StartInterviewAck> {
    const parsed = StartInterviewSchema.safeParse(params);
    if (!parsed.success) throw validationError('start_interview', parsed.error.issues);
    await this.connect();
    // A new session numbers its events from 1.
    this.lastSeqValue = 0;
    this.completion = null;
    this.historyValue = [];
    const wantStamps = this.options.captureTimestamps !== false && parsed.data.text_only !== true;
    const ack = StartInterviewAckSchema.parse(await this.request('start_interview', { ...parsed.data, ...(wantStamps ? { audio_timestamps: true } : {}) }));
    this.sessionIdValue = ack.session_id;
    // Only a server that said so reads the header; older servers get plain frames.
    this.stamping = wantStamps && ack.audio_timestamps === true;
    this.captureEnd = null;
    this.active = true;
    return ack;
  }

  /**
   * Sends one frame of PCM16 little-endian mono 16 kHz audio (an even number of bytes, at most
   * {@link MAX_WS_AUDIO_FRAME_BYTES}, less the 8-byte capture-time header when the session stamps
   * frames). While reconnecting, frames are held — with their capture times — and sent after the resume.
   */
  sendAudio(pcm: Int16Array | Uint8Array | ArrayBuffer, options: SendAudioOptions = {}): void {
    const raw = pcm instanceof ArrayBuffer ? new Uint8Array(pcm) : new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    if (raw.byteLength === 0 || raw.byteLength % 2 !== 0)
      throw new InterviewKitError('INVALID_AUDIO', `An audio frame is PCM16: a positive, even number of bytes (got ${raw.byteLength})`);
    const max = MAX_WS_AUDIO_FRAME_BYTES - (this.stamping ? WS_AUDIO_HEADER_BYTES : 0);
    if (raw.byteLength > max) throw new InterviewKitError('PAYLOAD_TOO_LARGE', `Audio frames are limited to ${max} bytes`);
    if (options.capturedAt !== undefined && !Number.isFinite(options.capturedAt))
      throw new InterviewKitError('INVALID_ARGUMENT', 'capturedAt must be a finite number of ms');
    // The header is a copy anyway; plain frames are sent as given.
    const bytes = this.stamping ? encodeTimedAudioFrame(this.captureTime(raw.byteLength / BYTES_PER_MS, options.capturedAt), raw) : raw;
    if (this.stateValue === 'open' && this.outbox.length === 0) {
      this.socket!.send(bytes);
      this.stats.framesSent++;
      this.stats.bytesSent += bytes.byteLength;
      return;
    }
    if (this.stateValue === 'closed' || this.stateValue === 'idle') throw new InterviewKitError('INVALID_STATE', 'Not connected: start() the interview first');
    // Copy: the caller may reuse its buffer.
    this.enqueue({ kind: 'audio', data: bytes.slice() });
  }

  /**
   * The interviewer finished asking question `index` (e.g. its audio ended): the candidate's turn
   * begins. `at`: when, on the capture clock (default now); sent when the session stamps frames.
   */
  interviewerDone(index?: number, options: { at?: number } = {}): void {
    const t = this.stamping ? (options.at ?? this.clock()) : undefined;
    this.emitToServer('interviewer_done', { ...(index === undefined ? {} : { index }), ...(t !== undefined && Number.isFinite(t) ? { t } : {}) });
  }

  /** Whether this session's audio frames carry capture times (protocol version 2, agreed at start). */
  get capturesTimestamps(): boolean {
    return this.stamping;
  }

  /** The capture time of a frame of `frameMs` sent now: contiguous with the last one, or after a pause. */
  private captureTime(frameMs: number, given: number | undefined): number {
    let start: number;
    if (given !== undefined) start = given;
    else {
      const candidate = this.clock() - frameMs;
      const end = this.captureEnd;
      start = end !== null && candidate < end + CONTIGUOUS_AUDIO_TOLERANCE_MS ? end : candidate;
    }
    this.captureEnd = start + frameMs;
    return start;
  }

  /** Manual submit: the candidate finished the current answer. */
  done(): void {
    this.emitToServer('user_done_speaking', {});
  }

  /** Answers the current question (or `index`) with typed text; resolves when the server accepted it. */
  async answerText(text: string, index?: number): Promise<void> {
    await this.request('answer_text', { text, ...(index === undefined ? {} : { index }) });
  }

  /** Mock transcription only: the words the candidate is about to say (demos, tests, load tests). */
  mockScript(text: string): void {
    this.emitToServer('mock_script', { text });
  }

  /**
   * Ends the interview: `stop_interview` over the socket, or `POST /api/stop_interview` when the
   * socket is down. Answers the final `interview_complete` data.
   */
  async stop(options: { signal?: AbortSignal } = {}): Promise<InterviewComplete> {
    if (this.completion) return this.completion;
    const sessionId = this.sessionIdValue;
    if (sessionId === null) throw new InterviewKitError('INVALID_STATE', 'No interview was started');
    let result: InterviewComplete;
    if (this.stateValue === 'open') {
      try {
        result = ServerEventSchemas.interview_complete.parse(await this.request('stop_interview', { session_id: sessionId }));
      } catch (error) {
        // The server sends interview_complete before the ack: if the socket was closed in between
        // (e.g. by an interview_complete listener), the result is already here.
        if (this.completion) return this.completion;
        throw error;
      }
    } else if (this.options.httpStop) {
      result = await this.options.httpStop(sessionId, options.signal);
    } else {
      throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'The socket is down and no HTTP fallback is configured (use InterviewKitClient.live())');
    }
    this.finish(result);
    return result;
  }

  /**
   * Resolves with the data of the next `event` matching `predicate` (rejects with `TIMEOUT` or
   * `ABORTED`). With `past: true` an event of this session already received also counts — use it
   * after `await start()`, since the first question may arrive together with the ack.
   */
  waitFor<K extends keyof LiveInterviewEvents>(
    event: K,
    options: { predicate?: (data: LiveInterviewEvents[K]) => boolean; timeoutMs?: number; signal?: AbortSignal; past?: boolean } = {},
  ): Promise<LiveInterviewEvents[K]> {
    if (options.past) {
      const seen = this.historyValue.find((e) => e.event === event && (!options.predicate || options.predicate(e.data as LiveInterviewEvents[K])));
      if (seen) return Promise.resolve(seen.data as LiveInterviewEvents[K]);
    }
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? 60_000;
      const cleanup = (): void => {
        off();
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
      };
      const off = this.on(event, (data) => {
        if (options.predicate && !options.predicate(data)) return;
        cleanup();
        resolve(data);
      });
      const timer = setTimeout(() => {
        cleanup();
        reject(new InterviewKitError('TIMEOUT', `No "${String(event)}" event within ${timeoutMs} ms`));
      }, timeoutMs);
      const onAbort = (): void => {
        cleanup();
        reject(new InterviewKitError('ABORTED', `Stopped waiting for "${String(event)}"`));
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Closes the socket for good (a running interview stays resumable on the server for its grace period). */
  close(): void {
    if (this.stateValue === 'closed') return;
    this.closedByUser = true;
    this.shutdown(1000, 'closed by the client');
  }

  // ------------------------------------------------------------------ internals

  private waitOpen(): Promise<void> {
    return new Promise((resolve, reject) => this.openWaiters.push({ resolve, reject }));
  }

  private open(reconnect: boolean): void {
    this.stateValue = reconnect ? 'reconnecting' : 'connecting';
    const url = `${this.options.url}${this.options.url.includes('?') ? '&' : '?'}token=${encodeURIComponent(this.options.token)}`;
    let socket: WebSocketLike;
    try {
      socket = new this.WebSocketImpl(url);
    } catch (cause) {
      this.onSocketGone(null, 1006, cause instanceof Error ? cause.message : 'cannot open the socket');
      return;
    }
    this.socket = socket;
    socket.binaryType = 'arraybuffer';
    let opened = false;
    socket.addEventListener('open', () => {
      opened = true;
      this.stateValue = 'open';
      this.emit('open', { reconnect });
      if (reconnect) void this.resume();
      else this.settleOpenWaiters(null);
    });
    socket.addEventListener('message', (event) => this.onMessage(event.data));
    socket.addEventListener('close', (event) => this.onSocketGone(socket, event.code ?? 1006, event.reason ?? '', opened));
    // 'error' is always followed by 'close'.
    socket.addEventListener('error', () => undefined);
  }

  private async resume(): Promise<void> {
    const sessionId = this.sessionIdValue;
    if (sessionId === null || !this.active) {
      this.settleOpenWaiters(null);
      this.flushOutbox();
      return;
    }
    try {
      await this.requestNow('resume_interview', { session_id: sessionId, last_seq: this.lastSeqValue });
      this.stats.reconnects++;
      this.reconnectAttempt = 0;
      this.emit('reconnected', { session_id: sessionId, last_seq: this.lastSeqValue });
      this.flushOutbox();
      this.settleOpenWaiters(null);
    } catch (error) {
      const e = InterviewKitError.isInstance(error) ? error : new InterviewKitError('INTERNAL', 'resume failed', { cause: error });
      if (this.stateValue !== 'open') return; // the socket dropped again: the close handler retries
      // The session is over or gone (e.g. the grace period passed): nothing to resume.
      this.active = false;
      this.emit('error', { code: e.code, message: `The live session could not be resumed: ${e.message}`, event: 'resume_interview' });
      this.shutdown(1000, 'session not resumable');
    }
  }

  private onSocketGone(socket: WebSocketLike | null, code: number, reason: string, opened = false): void {
    if (socket && socket !== this.socket) return;
    this.socket = null;
    this.rejectPending(new InterviewKitError('PROVIDER_UNAVAILABLE', `The connection closed (${code}${reason ? `: ${reason}` : ''})`));
    if (this.stateValue === 'closed') return;
    const policy = this.reconnectPolicy;
    // The backoff resets only after a successful resume, so a server that accepts and drops at once
    // still exhausts the attempts.
    const attempt = this.reconnectAttempt + 1;
    const resumable = this.active && !this.closedByUser && policy !== null && attempt <= policy.maxAttempts;
    if (!resumable) {
      // A first connection that never opened is a connect() failure, not a session loss.
      const message = opened || this.active ? `The connection closed (${code})` : 'Could not connect to the live endpoint (server down, or token rejected)';
      this.shutdown(code, reason || message, new InterviewKitError(opened ? 'PROVIDER_UNAVAILABLE' : 'UNAUTHENTICATED', message));
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const policy = this.reconnectPolicy!;
    this.reconnectAttempt++;
    const delay = backoffDelay(this.reconnectAttempt, { baseDelayMs: policy.baseDelayMs, maxDelayMs: policy.maxDelayMs });
    this.stateValue = 'reconnecting';
    this.emit('reconnecting', { attempt: this.reconnectAttempt, delay_ms: delay });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stateValue === 'reconnecting') this.open(true);
    }, delay);
  }

  private shutdown(code: number, reason: string, error?: InterviewKitError): void {
    const wasOpen = this.stateValue !== 'closed';
    this.stateValue = 'closed';
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= OPEN) socket.close(1000, 'client closed');
    const failure = error ?? new InterviewKitError('INVALID_STATE', 'The live interview was closed');
    this.rejectPending(failure);
    this.settleOpenWaiters(failure);
    this.outbox = [];
    this.outboxAudioBytes = 0;
    if (wasOpen) this.emit('close', { code, reason });
  }

  private settleOpenWaiters(error: InterviewKitError | null): void {
    const waiters = this.openWaiters;
    this.openWaiters = [];
    for (const w of waiters)
      if (error) w.reject(error);
      else w.resolve();
  }

  private rejectPending(error: InterviewKitError): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(error);
    }
  }

  private onMessage(raw: unknown): void {
    if (typeof raw !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.emit('error', { code: 'MALFORMED_JSON', message: 'The server sent a frame that is not JSON' });
      return;
    }
    const envelope = ServerEnvelopeSchema.safeParse(json);
    if (!envelope.success) {
      this.emit('error', { code: 'VALIDATION_FAILED', message: 'The server sent a frame without an event name' });
      return;
    }
    const { event, data, ack, seq, error } = envelope.data;
    if (event === 'ack') {
      const p = ack === undefined ? undefined : this.pending.get(ack);
      if (!p) return;
      clearTimeout(p.timer);
      this.pending.delete(ack!);
      if (error) p.reject(wireError(error));
      else p.resolve(data);
      return;
    }
    if (!Object.prototype.hasOwnProperty.call(ServerEventSchemas, event)) return; // a newer server's event
    if (seq !== undefined) {
      if (seq <= this.lastSeqValue) {
        this.stats.duplicatesSkipped++;
        return;
      }
      this.lastSeqValue = seq;
    }
    const name = event as ServerEventName;
    const parsed = ServerEventSchemas[name].safeParse(data);
    if (!parsed.success) {
      this.emit('error', {
        code: 'VALIDATION_FAILED',
        message: `The server's "${name}" event has an unexpected shape`,
        event: name,
        details: { issues: formatIssues(parsed.error.issues) },
      });
      return;
    }
    const meta: EventMeta = seq === undefined ? {} : { seq };
    this.historyValue.push({ event: name, ...meta, data: parsed.data });
    // Trimmed in steps, so a long session does not shift the array on every event.
    if (this.historyValue.length > 1200) this.historyValue.splice(0, this.historyValue.length - 1000);
    if (name === 'interview_complete') this.finish(parsed.data as InterviewComplete);
    this.emit(name, parsed.data as never, meta);
  }

  private finish(result: InterviewComplete): void {
    this.completion = result;
    this.active = false;
  }

  private emitToServer<K extends ClientEventName>(event: K, data: ClientEventData<K>): void {
    const text = JSON.stringify({ event, data });
    if (this.stateValue === 'open' && this.outbox.length === 0) this.socket!.send(text);
    else if (this.stateValue === 'closed' || this.stateValue === 'idle')
      throw new InterviewKitError('INVALID_STATE', 'Not connected: start() the interview first');
    else this.enqueue({ kind: 'text', data: text });
  }

  private enqueue(item: Outgoing): void {
    this.outbox.push(item);
    if (item.kind !== 'audio') return;
    this.outboxAudioBytes += item.data.byteLength;
    // Keep the newest audio within the bound; drop the oldest frames.
    while (this.outboxAudioBytes > this.audioBufferBytes) {
      const index = this.outbox.findIndex((o) => o.kind === 'audio');
      if (index < 0) break;
      const [dropped] = this.outbox.splice(index, 1) as [Extract<Outgoing, { kind: 'audio' }>];
      this.outboxAudioBytes -= dropped.data.byteLength;
      this.stats.framesDropped++;
    }
  }

  private flushOutbox(): void {
    const items = this.outbox;
    this.outbox = [];
    this.outboxAudioBytes = 0;
    for (const item of items) {
      if (this.stateValue !== 'open' || !this.socket) {
        this.enqueue(item);
        continue;
      }
      this.socket.send(item.data);
      if (item.kind === 'audio') {
        this.stats.framesSent++;
        this.stats.framesReplayed++;
        this.stats.bytesSent += item.data.byteLength;
      }
    }
  }

  /** Sends a request once the socket is open (waiting through a reconnection) and awaits its ack. */
  private async request(event: ClientEventName, data: unknown): Promise<unknown> {
    if (this.stateValue === 'reconnecting' || this.stateValue === 'connecting') {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          this.waitOpen(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new InterviewKitError('TIMEOUT', `Not reconnected within ${this.requestTimeoutMs} ms`)), this.requestTimeoutMs);
          }),
        ]);
      } finally {
        clearTimeout(timer);
      }
    }
    if (this.stateValue !== 'open') throw new InterviewKitError('INVALID_STATE', 'Not connected: start() the interview first');
    return this.requestNow(event, data);
  }

  private requestNow(event: ClientEventName, data: unknown): Promise<unknown> {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return Promise.reject(new InterviewKitError('PROVIDER_UNAVAILABLE', 'The socket is not open'));
    const ack = this.nextAck++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ack);
        reject(new InterviewKitError('TIMEOUT', `No answer to "${event}" within ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(ack, { resolve, reject, timer });
      socket.send(JSON.stringify({ event, data, ack }));
    });
  }
}
