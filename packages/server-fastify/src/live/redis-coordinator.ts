import { randomUUID } from 'node:crypto';
import { InterviewKitError } from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { SessionRecord, Storage } from '../storage/storage';
import type { LiveSession } from './live-session';
import { finalizeFromLog } from './recover';
import type { LiveSessionRegistry } from './registry';
import type { RemoteStopper, StopResult } from './stop';

/** Options of {@link RedisCoordinator}. */
export interface RedisCoordinatorOptions {
  url: string;
  instanceId: string;
  storage: Storage;
  log: FastifyBaseLogger;
  /** Key prefix (tests isolate runs with it). Default `ik:`. */
  prefix?: string;
  /** How long an instance counts as alive after its last heartbeat (ms). Default 15 000. */
  heartbeatTtlMs?: number;
  /** How long a routed stop waits for the owner's answer (ms). Default 10 000. */
  routeTimeoutMs?: number;
}

interface StopRequest {
  type: 'stop';
  requestId: string;
  sessionId: number;
  userId: string;
  replyTo: string;
}

interface StopReply {
  type: 'reply';
  requestId: string;
  result?: StopResult;
  error?: { code: string; message: string };
}

/**
 * Multi-instance coordination over Redis (DESIGN.md "Storage"): each instance keeps a heartbeat
 * key; live sessions stay owned by the instance holding their WebSocket (stored as
 * `owner_instance`); control messages for a session held elsewhere (an HTTP stop that reached
 * another instance) are routed over pub/sub to its owner, which stops it and replies. Sessions
 * whose owner's heartbeat has expired are finalised from their log by whichever instance notices
 * first (a Redis lock makes that happen once).
 */
export class RedisCoordinator implements RemoteStopper {
  private readonly options: RedisCoordinatorOptions;
  private readonly redis: Redis;
  private readonly sub: Redis;
  private readonly prefix: string;
  private readonly ttl: number;
  private registry: LiveSessionRegistry | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private readonly pending = new Map<string, (reply: StopReply) => void>();

  constructor(options: RedisCoordinatorOptions) {
    this.options = options;
    this.prefix = options.prefix ?? 'ik:';
    this.ttl = options.heartbeatTtlMs ?? 15_000;
    const common = { lazyConnect: true, maxRetriesPerRequest: 2, enableOfflineQueue: true };
    this.redis = new Redis(options.url, common);
    this.sub = new Redis(options.url, common);
    for (const client of [this.redis, this.sub]) client.on('error', (error: Error) => options.log.warn({ err: error }, 'redis error'));
  }

  private key(...parts: Array<string | number>): string {
    return this.prefix + parts.join(':');
  }

  /** Connects, subscribes to this instance's control channel and starts the heartbeat. */
  async start(registry: LiveSessionRegistry): Promise<void> {
    this.registry = registry;
    await Promise.all([this.redis.connect(), this.sub.connect()]);
    await this.beat();
    this.sub.on('message', (_channel: string, message: string) => void this.onMessage(message));
    await this.sub.subscribe(this.key('control', this.options.instanceId));
    this.heartbeat = setInterval(() => void this.beat().catch((error: unknown) => this.options.log.warn({ err: error }, 'heartbeat failed')), Math.max(200, this.ttl / 3));
    this.heartbeat.unref();
    this.sweeper = setInterval(() => void this.recoverOrphans().catch((error: unknown) => this.options.log.warn({ err: error }, 'orphan sweep failed')), this.ttl);
    this.sweeper.unref();
  }

  private async beat(): Promise<void> {
    await this.redis.set(this.key('instance', this.options.instanceId), String(Date.now()), 'PX', this.ttl);
  }

  /** Whether an instance's heartbeat is current. */
  async isAlive(instanceId: string): Promise<boolean> {
    if (instanceId === this.options.instanceId) return true;
    return (await this.redis.exists(this.key('instance', instanceId))) === 1;
  }

  /** Whether a live session row is held by another, living instance. */
  async isHeldElsewhere(session: SessionRecord): Promise<boolean> {
    if (!session.owner_instance || session.owner_instance === this.options.instanceId) return false;
    if (await this.isAlive(session.owner_instance)) return true;
    await this.recover(session);
    return false;
  }

  /** Registry hook: nothing to do per session (ownership is the row's `owner_instance`). */
  onOwnershipChange(_session: LiveSession, _held: boolean): void {}

  /** Finalises (once, cluster-wide) a session whose owner is gone. */
  private async recover(session: SessionRecord): Promise<StopResult | null> {
    const lock = await this.redis.set(this.key('recover', session.id), this.options.instanceId, 'PX', 60_000, 'NX');
    if (lock !== 'OK') return null;
    const fresh = await this.options.storage.sessions.get(session.id);
    if (!fresh || fresh.status !== 'live') return null;
    this.options.log.info({ sessionId: session.id, owner: session.owner_instance }, 'finalising a session whose instance is gone');
    return finalizeFromLog(this.options.storage, fresh, 'recovered');
  }

  /** Finalises every live session whose owner is gone (or unknown). */
  async recoverOrphans(): Promise<number[]> {
    const done: number[] = [];
    for (const session of await this.options.storage.sessions.listLive()) {
      if (session.owner_instance === this.options.instanceId) continue;
      if (session.owner_instance && (await this.isAlive(session.owner_instance))) continue;
      if (await this.recover(session)) done.push(session.id);
    }
    return done;
  }

  /** RemoteStopper: asks the owner of a live session to stop it; null when nobody holds it. */
  async stop(session: SessionRecord): Promise<StopResult | null> {
    const owner = session.owner_instance;
    if (!owner || owner === this.options.instanceId || !(await this.isAlive(owner))) {
      return owner === this.options.instanceId ? null : this.recover(session);
    }
    const requestId = randomUUID();
    const request: StopRequest = { type: 'stop', requestId, sessionId: session.id, userId: session.user_id, replyTo: this.options.instanceId };
    const reply = await new Promise<StopReply | null>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve(null);
      }, this.options.routeTimeoutMs ?? 10_000);
      this.pending.set(requestId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      void this.redis.publish(this.key('control', owner), JSON.stringify(request)).then((receivers) => {
        if (receivers === 0) {
          clearTimeout(timer);
          this.pending.delete(requestId);
          resolve(null);
        }
      });
    });
    if (reply === null) {
      // The owner did not answer: if it is gone, finalise from the log; otherwise report it.
      if (!(await this.isAlive(owner))) return this.recover(session);
      throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'The server holding this interview did not answer; retry');
    }
    if (reply.error) throw new InterviewKitError(reply.error.code === 'SESSION_NOT_FOUND' ? 'SESSION_NOT_FOUND' : 'INTERNAL', reply.error.message);
    return reply.result ?? null;
  }

  private async onMessage(raw: string): Promise<void> {
    let message: StopRequest | StopReply;
    try {
      message = JSON.parse(raw) as StopRequest | StopReply;
    } catch {
      return;
    }
    if (message.type === 'reply') {
      this.pending.get(message.requestId)?.(message);
      this.pending.delete(message.requestId);
      return;
    }
    if (message.type !== 'stop') return;
    let reply: StopReply;
    try {
      const session = this.registry?.get(message.sessionId, message.userId);
      if (!session) {
        reply = { type: 'reply', requestId: message.requestId, error: { code: 'SESSION_NOT_FOUND', message: `Session ${message.sessionId} is not live here` } };
      } else {
        const { turns: _turns, ...result } = session.finished ? ((await session.whenSaved()) ?? (await session.stop('stopped'))) : await session.stop('stopped');
        reply = { type: 'reply', requestId: message.requestId, result };
      }
    } catch (error) {
      reply = { type: 'reply', requestId: message.requestId, error: { code: InterviewKitError.isInstance(error) ? error.code : 'INTERNAL', message: InterviewKitError.isInstance(error) ? error.message : 'Internal error' } };
    }
    await this.redis.publish(this.key('control', message.replyTo), JSON.stringify(reply));
  }

  /** Stops the heartbeat and disconnects (the heartbeat key is removed: sessions become orphans at once). */
  async close(): Promise<void> {
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.sweeper) clearInterval(this.sweeper);
    try {
      await this.redis.del(this.key('instance', this.options.instanceId));
    } catch {
      // best effort
    }
    this.sub.disconnect();
    this.redis.disconnect();
  }
}
