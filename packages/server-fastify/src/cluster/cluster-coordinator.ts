import { InterviewKitError, type Question } from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';
import { answerOwnerCall, type LiveCoordinator } from '../live/coordinator';
import type { LiveSessionRegistry } from '../live/registry';
import type { StopResult } from '../live/stop';
import type { SessionRecord } from '../storage/storage';
import { fromTransferableError } from '../transferable-error';
import { isIkMessage, type PrimaryMessage, type WorkerMessage } from './messages';

/** A message channel to the primary (a cluster worker's `process`, or a test double). */
export interface IpcChannel {
  send(message: WorkerMessage): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}

/** Options of {@link ClusterCoordinator}. */
export interface ClusterCoordinatorOptions {
  /** This worker's instance id (the `owner_instance` of its sessions). */
  instanceId: string;
  log: FastifyBaseLogger;
  /** The channel to the primary. Default: this process's IPC channel. */
  channel?: IpcChannel;
  /** How long a request waits for the primary's answer (ms). Default 10 000. */
  timeoutMs?: number;
}

/** This process's IPC channel to its cluster primary. */
function processChannel(): IpcChannel {
  return {
    send: (message) => {
      if (!process.send || !process.connected) throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'The primary process is gone');
      process.send(message);
    },
    on: (event, listener) => process.on(event, listener),
    off: (event, listener) => process.off(event, listener),
  };
}

type Request = WorkerMessage extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

/**
 * The coordinator of a worker of `interviewkit-server --workers N` without Redis: the primary
 * process is the coordinator, over the cluster's IPC channel (see `ClusterHub`). It holds the
 * key claims (one live session per user and type across the workers), knows which workers are
 * alive, routes a stop (or a question lookup) that reached this worker to the session's owner, and
 * finalises the sessions of a worker that died (once). The same interface as the Redis coordinator.
 */
export class ClusterCoordinator implements LiveCoordinator {
  private readonly channel: IpcChannel;
  private registry: LiveSessionRegistry | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void; timer: ReturnType<typeof setTimeout> }>();
  private readonly listener = (message: unknown): void => this.onMessage(message);

  constructor(private readonly options: ClusterCoordinatorOptions) {
    this.channel = options.channel ?? processChannel();
  }

  async start(registry: LiveSessionRegistry): Promise<void> {
    this.registry = registry;
    this.channel.on('message', this.listener);
  }

  async claim(key: string): Promise<boolean> {
    return (await this.request({ ik: 'claim', key })) === true;
  }

  release(key: string): void {
    try {
      this.channel.send({ ik: 'release', key });
    } catch (error) {
      // The primary is gone (this worker exits with it); its claims go with it.
      this.options.log.warn({ err: error, key }, 'releasing a live-session claim failed');
    }
  }

  async isHeldElsewhere(session: SessionRecord): Promise<boolean> {
    const owner = session.owner_instance;
    if (!owner || owner === this.options.instanceId) return false;
    if ((await this.request({ ik: 'alive', instance: owner })) === true) return true;
    await this.request({ ik: 'recover', sessionId: session.id });
    return false;
  }

  async stop(session: SessionRecord): Promise<StopResult | null> {
    if (session.owner_instance === this.options.instanceId) return null;
    return (await this.request({
      ik: 'call',
      owner: session.owner_instance ?? '',
      call: { kind: 'stop', sessionId: session.id, userId: session.user_id },
    })) as StopResult | null;
  }

  async askedQuestion(session: SessionRecord, index: number): Promise<Question | null> {
    if (!session.owner_instance || session.owner_instance === this.options.instanceId) return null;
    return (await this.request({
      ik: 'call',
      owner: session.owner_instance,
      call: { kind: 'question', sessionId: session.id, userId: session.user_id, index },
    })) as Question | null;
  }

  /** Nothing to do: the primary finalises orphans at start and when a worker dies. */
  async recoverOrphans(): Promise<number[]> {
    return [];
  }

  async close(): Promise<void> {
    this.channel.off('message', this.listener);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new InterviewKitError('PROVIDER_UNAVAILABLE', 'The server is shutting down'));
    }
    this.pending.clear();
  }

  private request(message: Request): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new InterviewKitError('PROVIDER_UNAVAILABLE', 'The server did not answer in time; retry'));
      }, this.options.timeoutMs ?? 10_000);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.channel.send({ ...message, id } as WorkerMessage);
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(error);
      }
    });
  }

  private onMessage(raw: unknown): void {
    if (!isIkMessage(raw)) return;
    const message = raw as PrimaryMessage;
    if (message.ik === 'reply') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      clearTimeout(p.timer);
      if (message.error) p.reject(fromTransferableError(message.error));
      else p.resolve(message.value);
      return;
    }
    if (message.ik === 'call') {
      void answerOwnerCall(this.registry, message.call).then((reply) => {
        try {
          this.channel.send({ ik: 'answered', id: message.id, ...reply });
        } catch (error) {
          this.options.log.warn({ err: error, sessionId: message.call.sessionId }, 'answering a routed call failed');
        }
      });
    }
  }
}
