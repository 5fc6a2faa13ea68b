import {
  ClientEnvelopeSchema,
  type ClientEventHandlers,
  type ClientEventName,
  errorBody,
  InterviewKitError,
  isClientEventName,
  MAX_WS_AUDIO_FRAME_BYTES,
  MAX_WS_TEXT_FRAME_BYTES,
  type ServerEnvelope,
  parseClientEventData,
  type StartInterviewAck,
  validationError,
} from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { LiveSession, SessionListener } from '../live/live-session';
import type { LiveSessionRegistry } from '../live/registry';
import type { UserRateLimiter } from '../http/user-rate-limit';
import type { StopController } from '../live/stop';

/** Limits of one WebSocket connection. */
export interface ConnectionLimits {
  /** Text messages per second (burst: twice that). */
  messagesPerSecond: number;
  /** Audio bytes per second (burst: twice that). Default 4 × real time (128 000 B/s). */
  audioBytesPerSecond?: number;
  /** How long a session without client waits for a resume (ms). */
  reconnectGraceMs: number;
  /**
   * Bytes the client may leave unread (the socket's buffered amount) before the server stops
   * replying and closes the connection with 1008. Default 4 MiB.
   */
  maxBufferedBytes?: number;
  /**
   * The account's answer-evaluation budget, shared with the HTTP evaluation routes: every answer
   * submitted (`answer_text`, `user_done_speaking`) takes one before it is evaluated. Without it one
   * account could keep several live interviews answering as fast as messages allow.
   */
  evaluations?: UserRateLimiter;
  /** The account's question-generation budget, shared with the HTTP question routes: each `start_interview` takes one. */
  generations?: UserRateLimiter;
}

const WS_OPEN = 1;
/** Frames per second allowed beside the text-message rate (audio: 10–50 frames a second). */
const AUDIO_FRAMES_PER_SECOND = 100;
/** Error replies per second (burst: twice that); past it bad frames are dropped without a reply. */
const ERROR_REPLIES_PER_SECOND = 5;
/** Requests of one connection waiting to run; more are refused. */
const MAX_PENDING_COMMANDS = 16;
/** How long a connection closed for not reading gets to read up to its close frame before it is cut. */
const CLOSE_GRACE_MS = 5000;
const ACK_SENT = Symbol('ack-sent');

/**
 * What a command handler returns: the data of its ack (`{status: 'ok'}` when undefined), or
 * {@link ACK_SENT} when it sent its ack itself.
 */
type CommandResult = Promise<unknown> | unknown;

/** A token bucket: `rate` per second, holding at most `burst`. */
class TokenBucket {
  private tokens: number;
  private last = performance.now();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }
  take(n = 1): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}

/**
 * One authenticated WebSocket connection (DESIGN.md wire format). Text frames are JSON envelopes
 * `{event, data, ack?}`, validated with core's protocol schemas; binary frames are audio for the
 * connection's session. A bad frame gets an `error` event (or an error ack) and the connection
 * stays open — within budgets checked before any reply: frames per second, audio bytes per
 * second, error replies per second and requests in flight. A client that stops reading its
 * messages is closed with 1008 once its unread bytes pass `maxBufferedBytes`, so per-connection
 * memory stays bounded.
 */
export class LiveConnection {
  private session: LiveSession | null = null;
  private readonly listener: SessionListener;
  private readonly messages: TokenBucket;
  private readonly audio: TokenBucket;
  /** Frames of any kind (burst: twice the rate), checked before anything else. */
  private readonly frames: TokenBucket;
  private readonly errorReplies = new TokenBucket(ERROR_REPLIES_PER_SECOND, ERROR_REPLIES_PER_SECOND * 2);
  private lastRateError = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();
  private pendingCommands = 0;
  /** Set once the client stopped reading: nothing more is sent or handled. */
  private overflowed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly userId: string,
    private readonly registry: LiveSessionRegistry,
    private readonly stopper: StopController,
    private readonly limits: ConnectionLimits,
    private readonly log: FastifyBaseLogger,
  ) {
    this.listener = { send: (message) => this.send(message) };
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messagesPerSecond * 2);
    const framesPerSecond = limits.messagesPerSecond + AUDIO_FRAMES_PER_SECOND;
    this.frames = new TokenBucket(framesPerSecond, framesPerSecond * 2);
    const audioRate = limits.audioBytesPerSecond ?? 128_000;
    this.audio = new TokenBucket(audioRate, audioRate * 2);
    socket.on('message', (data, isBinary) => this.onFrame(data as Buffer | ArrayBuffer | Buffer[], isBinary));
    socket.on('close', () => this.onClose());
    socket.on('error', (error) => this.log.debug({ err: error }, 'websocket error'));
  }

  private send(message: ServerEnvelope | { event: 'ack'; ack: number; data?: unknown; error?: unknown }): void {
    if (this.overflowed || this.socket.readyState !== WS_OPEN) return;
    const text = JSON.stringify(message);
    // A client that does not read would make the server hold every reply: past the bound, stop.
    if (this.socket.bufferedAmount + text.length > (this.limits.maxBufferedBytes ?? 4 * 1024 * 1024)) return this.overflow();
    this.socket.send(text);
  }

  /** The client stopped reading: close with 1008 (policy violation) and cut the socket shortly after. */
  private overflow(): void {
    this.overflowed = true;
    this.log.warn({ buffered: this.socket.bufferedAmount }, 'websocket client does not read its messages: closing');
    this.socket.pause();
    this.socket.close(1008, 'Too much unread data: read your messages');
    setTimeout(() => this.socket.terminate(), CLOSE_GRACE_MS).unref();
  }

  private sendError(error: unknown, event?: string, ack?: number): void {
    const body = errorBody(error);
    // Acks are owed; unsolicited error events are budgeted, so bad frames cannot buy replies.
    if (ack === undefined && body.code !== 'RATE_LIMITED' && !this.errorReplies.take()) return;
    if (body.code === 'INTERNAL') this.log.error({ err: error, event }, 'websocket handler failed');
    if (ack !== undefined) this.send({ event: 'ack', ack, error: body });
    else this.send({ event: 'error', data: { ...body, ...(event ? { event } : {}) } } as ServerEnvelope);
  }

  private rateLimited(kind: string): void {
    const now = performance.now();
    // One notice per second at most, so a flood does not turn into an error flood.
    if (now - this.lastRateError < 1000) return;
    this.lastRateError = now;
    this.sendError(new InterviewKitError('RATE_LIMITED', `Too many ${kind}; slow down (excess frames are dropped)`));
  }

  private onFrame(raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.overflowed) return;
    // Every frame pays first; only then may it cause a reply.
    if (!this.frames.take()) return this.rateLimited('frames');
    const data = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    if (isBinary) {
      this.onAudio(data);
      return;
    }
    if (!this.messages.take()) return this.rateLimited('messages');
    if (data.length > MAX_WS_TEXT_FRAME_BYTES) {
      return this.sendError(new InterviewKitError('PAYLOAD_TOO_LARGE', `Text frames are limited to ${MAX_WS_TEXT_FRAME_BYTES} bytes`));
    }
    let json: unknown;
    try {
      json = JSON.parse(data.toString('utf8'));
    } catch {
      return this.sendError(new InterviewKitError('MALFORMED_JSON', 'The frame is not valid JSON'));
    }
    const envelope = ClientEnvelopeSchema.safeParse(json);
    if (!envelope.success) return this.sendError(validationError('message envelope', envelope.error.issues));
    const { event, data: payload, ack } = envelope.data;
    if (!isClientEventName(event)) {
      return this.sendError(new InterviewKitError('UNKNOWN_EVENT', `Unknown event "${event.slice(0, 64)}"`), event.slice(0, 64), ack);
    }
    this.accept(event, payload, ack);
  }

  /** Validates a command's data with its event's schema and queues its typed handler. */
  private accept<K extends ClientEventName>(name: K, payload: unknown, ack: number | undefined): void {
    const parsed = parseClientEventData(name, payload ?? undefined);
    if (!parsed.success) return this.sendError(validationError(`${name} data`, parsed.error.issues), name, ack);
    const data = parsed.data;
    const claimedUser = typeof data === 'object' && data !== null && 'user_id' in data ? data.user_id : undefined;
    if (claimedUser !== undefined && String(claimedUser) !== this.userId) {
      return this.sendError(new InterviewKitError('FORBIDDEN', 'user_id does not match the authenticated user'), name, ack);
    }
    if (this.pendingCommands >= MAX_PENDING_COMMANDS) {
      return this.sendError(
        new InterviewKitError('RATE_LIMITED', `More than ${MAX_PENDING_COMMANDS} requests are waiting on this connection; wait for their acks`),
        name,
        ack,
      );
    }
    const handler = this.handlers[name];
    // Commands of one connection run in order.
    this.pendingCommands++;
    this.queue = this.queue
      .then(async () => {
        const result = await handler(data, ack);
        if (ack !== undefined && result !== ACK_SENT) this.send({ event: 'ack', ack, data: result ?? { status: 'ok' } });
      })
      .catch((error: unknown) => this.sendError(error, name, ack))
      .finally(() => this.pendingCommands--);
  }

  private onAudio(frame: Buffer): void {
    // The audio byte budget is paid before any check can answer.
    if (!this.audio.take(Math.min(frame.length, MAX_WS_AUDIO_FRAME_BYTES))) return this.rateLimited('audio bytes');
    if (frame.length > MAX_WS_AUDIO_FRAME_BYTES) {
      return this.sendError(new InterviewKitError('PAYLOAD_TOO_LARGE', `Audio frames are limited to ${MAX_WS_AUDIO_FRAME_BYTES} bytes`), 'audio');
    }
    if (frame.length === 0 || frame.length % 2 !== 0) {
      return this.sendError(new InterviewKitError('INVALID_AUDIO', 'Audio frames must be PCM16 (an even, non-zero number of bytes)'), 'audio');
    }
    const session = this.session;
    if (!session || session.finished) {
      return this.sendError(new InterviewKitError('INVALID_STATE', 'Audio before start_interview: start an interview first'), 'audio');
    }
    try {
      session.pushAudio(new Uint8Array(frame.buffer, frame.byteOffset, frame.byteLength));
    } catch (error) {
      this.sendError(error, 'audio');
    }
  }

  private requireSession(): LiveSession {
    if (!this.session || this.session.finished)
      throw new InterviewKitError('INVALID_STATE', 'No live interview on this connection: send start_interview (or resume_interview) first');
    return this.session;
  }

  /** One handler per client event, typed by core's schemas; the second argument is the ack id. */
  private readonly handlers: ClientEventHandlers<number | undefined, CommandResult> = {
    start_interview: async (data, ackId) => {
      if (this.session && !this.session.finished) {
        throw new InterviewKitError('SESSION_ALREADY_ACTIVE', 'This connection already holds a live interview; stop it first');
      }
      this.limits.generations?.take(this.userId);
      const session = await this.registry.create(this.userId, data);
      this.session = session;
      const ack: StartInterviewAck = {
        status: 'started',
        message: 'Interview started successfully',
        use_mock: session.useMock,
        session_id: session.sessionId,
        ...(session.audioTimestamps ? { audio_timestamps: true } : {}),
      };
      // The ack goes out before the first question.
      if (ackId !== undefined) this.send({ event: 'ack', ack: ackId, data: ack });
      session.attach(this.listener);
      void session.start().catch((error: unknown) => this.sendError(error, 'start_interview'));
      return ACK_SENT;
    },
    interviewer_done: (data) => this.requireSession().interviewerDone(data.index, data.t),
    user_done_speaking: async () => {
      const session = this.requireSession();
      this.limits.evaluations?.take(this.userId);
      await session.engine.submit();
    },
    answer_text: async (data) => {
      const session = this.requireSession();
      this.limits.evaluations?.take(this.userId);
      await session.engine.answerText(data.text, data.index);
    },
    mock_script: (data) => this.requireSession().scriptAnswer(data.text),
    stop_interview: (data) => {
      const sessionId = data.session_id ?? (this.session && !this.session.finished ? this.session.sessionId : undefined);
      return this.stopper.stop(this.userId, sessionId === undefined ? {} : { sessionId });
    },
    resume_interview: (data) => {
      const session = this.registry.get(data.session_id, this.userId);
      if (!session || session.finished) throw new InterviewKitError('SESSION_NOT_FOUND', `No live session ${data.session_id} to resume`);
      if (this.session && this.session !== session && !this.session.finished) {
        throw new InterviewKitError('SESSION_ALREADY_ACTIVE', 'This connection already holds another live interview');
      }
      this.session = session;
      session.attach(this.listener, data.last_seq);
      return { status: 'resumed', session_id: session.sessionId };
    },
  };

  private onClose(): void {
    const session = this.session;
    if (session && !session.finished) session.detach(this.listener, this.limits.reconnectGraceMs);
  }
}
