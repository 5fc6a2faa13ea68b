import { randomUUID } from 'node:crypto';
import { InterviewKitError, type Question } from '@interviewkit/core';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { SessionRecord, Storage } from '../storage/storage';
import { answerOwnerCall, type LiveCoordinator, type OwnerCall, type OwnerReply, ownerResultOf } from './coordinator';
import { finalizeFromLog } from './recover';
import type { LiveSessionRegistry } from './registry';
import type { StopResult } from './stop';

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
  /** How long a routed call (a stop, a question) waits for the owner's answer (ms). Default 10 000. */
  routeTimeoutMs?: number;
}

/** A call for the owner of a session (a stop, or the question it asked), over pub/sub. */
interface CallRequest {
  type: 'call';
  requestId: string;
  replyTo: string;
  call: OwnerCall;
}

interface ReplyMessage extends OwnerReply {
  type: 'reply';
  requestId: string;
}

/** Deletes a key only while it still holds `ARGV[1]` (a claim is released by its holder, or taken from a dead one, never from a living one). */
const DELETE_IF_EQUAL = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Multi-instance coordination over Redis (DESIGN.md "Storage"): each instance keeps a heartbeat
 * key; live sessions stay owned by the instance holding their WebSocket (stored as
 * `owner_instance`); the key `{user_id}_{session_type}` of each live session is claimed with
 * `SET NX` (so two racing starts on different instances cannot both succeed; a dead instance's
 * claim is taken over); control messages for a session held elsewhere (an HTTP stop that reached
 * another instance) are routed over pub/sub to its owner, which stops it and replies. Sessions
 * whose owner's heartbeat has expired are finalised from their log by whichever instance notices
 * first (a Redis lock makes that happen once).
 */
export class RedisCoordinator implements LiveCoordinator {
  private readonly options: RedisCoordinatorOptions;
  private readonly redis: Redis;
  private readonly sub: Redis;
  private readonly prefix: string;
  private readonly ttl: number;
  private registry: LiveSessionRegistry | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  private readonly pending = new Map<string, (reply: ReplyMessage) => void>();

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
    this.heartbeat = setInterval(
      () => void this.beat().catch((error: unknown) => this.options.log.warn({ err: error }, 'heartbeat failed')),
      Math.max(200, this.ttl / 3),
    );
    this.heartbeat.unref();
    this.sweeper = setInterval(
      () => void this.recoverOrphans().catch((error: unknown) => this.options.log.warn({ err: error }, 'orphan sweep failed')),
      this.ttl,
    );
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

  /** Claims a live-session key for this instance (see {@link LiveKeyClaims}). */
  async claim(key: string): Promise<boolean> {
    const redisKey = this.key('live', key);
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        if ((await this.redis.set(redisKey, this.options.instanceId, 'NX')) === 'OK') return true;
        const holder = await this.redis.get(redisKey);
        if (holder === null) continue; // released in between: try again
        if (holder === this.options.instanceId) return true;
        if (await this.isAlive(holder)) return false;
        await this.redis.eval(DELETE_IF_EQUAL, 1, redisKey, holder);
      }
      return false;
    } catch (error) {
      throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'Redis did not answer while starting the interview; retry', { cause: error });
    }
  }

  /** Releases a key this instance claimed. */
  release(key: string): void {
    this.redis
      .eval(DELETE_IF_EQUAL, 1, this.key('live', key), this.options.instanceId)
      .catch((error: unknown) =>
        this.options.log.warn({ err: error, key }, 'releasing a live-session claim failed (it is taken over once this instance is gone)'),
      );
  }

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
    const reply = await this.callOwner(owner, { kind: 'stop', sessionId: session.id, userId: session.user_id });
    if (reply === null) {
      // The owner did not answer: if it is gone, finalise from the log; otherwise report it.
      if (!(await this.isAlive(owner))) return this.recover(session);
      throw new InterviewKitError('PROVIDER_UNAVAILABLE', 'The server holding this interview did not answer; retry');
    }
    return ownerResultOf<StopResult>(reply);
  }

  /** RemoteQuestions: the question asked at `index` of a live session held by another instance. */
  async askedQuestion(session: SessionRecord, index: number): Promise<Question | null> {
    const owner = session.owner_instance;
    if (!owner || owner === this.options.instanceId || !(await this.isAlive(owner))) return null;
    const reply = await this.callOwner(owner, { kind: 'question', sessionId: session.id, userId: session.user_id, index });
    return reply === null ? null : ownerResultOf<Question>(reply);
  }

  /** Publishes `call` to the owner's control channel; resolves with its reply, or null when nobody answered in time. */
  private callOwner(owner: string, call: OwnerCall): Promise<ReplyMessage | null> {
    const requestId = randomUUID();
    const request: CallRequest = { type: 'call', requestId, replyTo: this.options.instanceId, call };
    return new Promise<ReplyMessage | null>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve(null);
      }, this.options.routeTimeoutMs ?? 10_000);
      this.pending.set(requestId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      const unanswered = (): void => {
        clearTimeout(timer);
        this.pending.delete(requestId);
        resolve(null);
      };
      // Nobody subscribed, or Redis refused the publish: the call is unanswered (callers treat null as "owner gone").
      this.redis.publish(this.key('control', owner), JSON.stringify(request)).then((receivers) => {
        if (receivers === 0) unanswered();
      }, unanswered);
    });
  }

  private async onMessage(raw: string): Promise<void> {
    let message: CallRequest | ReplyMessage;
    try {
      message = JSON.parse(raw) as CallRequest | ReplyMessage;
    } catch {
      return;
    }
    if (message.type === 'reply') {
      this.pending.get(message.requestId)?.(message);
      this.pending.delete(message.requestId);
      return;
    }
    if (message.type !== 'call') return;
    const reply: ReplyMessage = { type: 'reply', requestId: message.requestId, ...(await answerOwnerCall(this.registry, message.call)) };
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
