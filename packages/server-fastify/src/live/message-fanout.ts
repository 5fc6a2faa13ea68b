import { InterviewKitError, type ServerEnvelope } from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';

/** A server message with its per-session sequence number. */
export type SequencedMessage = ServerEnvelope & { seq: number };

/** A client attached to a live session (a WebSocket connection). */
export interface SessionListener {
  send(message: SequencedMessage): void;
}

/**
 * The messages of one live session to its clients: numbers each one (`seq`, from 1), keeps the
 * last `replayLimit` for clients that reconnect and resume, and sends each to every attached
 * listener — a listener that throws is logged and does not stop the others.
 */
export class MessageFanout {
  private readonly listeners = new Set<SessionListener>();
  private readonly replay: SequencedMessage[] = [];
  private seq = 0;

  constructor(
    private readonly replayLimit: number,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Listeners attached now. */
  get size(): number {
    return this.listeners.size;
  }

  /** Numbers `message` and keeps it for replay; {@link deliver} sends it. */
  sequence(message: ServerEnvelope): SequencedMessage {
    const sequenced = { ...message, seq: ++this.seq } as SequencedMessage;
    this.replay.push(sequenced);
    if (this.replay.length > this.replayLimit) this.replay.splice(0, this.replay.length - this.replayLimit);
    return sequenced;
  }

  /** Sends a sequenced message to every attached listener. */
  deliver(message: SequencedMessage): void {
    for (const listener of this.listeners) {
      try {
        listener.send(message);
      } catch (error) {
        this.log.warn({ err: error }, 'sending to a client failed');
      }
    }
  }

  /** Numbers, keeps and sends `message` now. */
  publish(message: ServerEnvelope): void {
    this.deliver(this.sequence(message));
  }

  /**
   * Attaches a listener; with `afterSeq`, the kept messages after it are sent to it first (resume).
   * Raises `INVALID_STATE` when some of those are no longer kept.
   */
  attach(listener: SessionListener, afterSeq?: number): void {
    if (afterSeq !== undefined) {
      const oldest = this.replay[0]?.seq ?? this.seq + 1;
      if (afterSeq + 1 < oldest) {
        throw new InterviewKitError('INVALID_STATE', `Messages after ${afterSeq} are no longer available; fetch the session instead`);
      }
      for (const message of this.replay) if (message.seq > afterSeq) listener.send(message);
    }
    this.listeners.add(listener);
  }

  /** Detaches a listener. */
  detach(listener: SessionListener): void {
    this.listeners.delete(listener);
  }
}
