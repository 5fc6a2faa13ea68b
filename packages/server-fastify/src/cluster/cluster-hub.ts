import type { OwnerCall } from '../live/coordinator';
import { finalizeFromLog } from '../live/recover';
import type { StopResult } from '../live/stop';
import type { Storage } from '../storage/storage';
import { toTransferableError } from '../transferable-error';
import type { PrimaryMessage, WorkerMessage } from './messages';

/** A worker as the hub sees it. */
export interface HubWorker {
  /** Its instance id (the `owner_instance` of the sessions it holds). */
  readonly instanceId: string;
  /** Sends it a message (a worker that is gone drops it). */
  send(message: PrimaryMessage): void;
}

/** Something that logs (pino). */
export interface HubLogger {
  info(object: unknown, message?: string): void;
  warn(object: unknown, message?: string): void;
  error(object: unknown, message?: string): void;
}

interface RoutedCallEntry {
  from: HubWorker;
  requestId: number;
  call: OwnerCall;
  owner: string;
}

/**
 * The coordinator of `interviewkit-server --workers N` without Redis, run by the primary process
 * (the workers talk to it through `ClusterCoordinator`). One process, one event loop: every
 * request is answered in arrival order, so two racing claims of one key are decided without
 * locks. It holds the live-session key claims, knows the living workers, routes calls (stops,
 * question lookups) to the owner of a session, and finalises the live sessions of a worker that
 * died from their logs — once, however many workers ask.
 */
export class ClusterHub {
  private readonly workers = new Map<string, HubWorker>();
  private readonly claims = new Map<string, string>();
  private readonly routed = new Map<number, RoutedCallEntry>();
  private readonly recovering = new Map<number, Promise<StopResult | null>>();
  private nextRouteId = 1;

  constructor(private readonly options: { storage: Storage; log: HubLogger }) {}

  /** A worker started. */
  add(worker: HubWorker): void {
    this.workers.set(worker.instanceId, worker);
  }

  /** Whether a worker instance is alive. */
  isAlive(instanceId: string): boolean {
    return this.workers.has(instanceId);
  }

  /** Number of claimed keys (one per live session of the cluster). */
  get claimCount(): number {
    return this.claims.size;
  }

  /**
   * A worker exited: its claims go, the calls routed to it are answered as for a session nobody
   * holds, and every session it held is finalised from its log (as a restarted single server does
   * at start). Resolves with the ids of the finalised sessions.
   */
  async remove(instanceId: string): Promise<number[]> {
    if (!this.workers.delete(instanceId)) return [];
    for (const [key, holder] of this.claims) if (holder === instanceId) this.claims.delete(key);
    for (const [routeId, entry] of this.routed) {
      if (entry.owner !== instanceId) continue;
      this.routed.delete(routeId);
      this.answer(entry.from, entry.requestId, () => this.withoutOwner(entry.call));
    }
    const recovered: number[] = [];
    for (const session of await this.options.storage.sessions.listLive(instanceId)) {
      if (await this.recoverSession(session.id)) recovered.push(session.id);
    }
    return recovered;
  }

  /** Handles one message of `from`. */
  handle(from: HubWorker, message: WorkerMessage): void {
    switch (message.ik) {
      case 'claim': {
        const holder = this.claims.get(message.key);
        const free = holder === undefined || holder === from.instanceId || !this.workers.has(holder);
        if (free) this.claims.set(message.key, from.instanceId);
        from.send({ ik: 'reply', id: message.id, value: free });
        return;
      }
      case 'release':
        if (this.claims.get(message.key) === from.instanceId) this.claims.delete(message.key);
        return;
      case 'alive':
        from.send({ ik: 'reply', id: message.id, value: this.workers.has(message.instance) });
        return;
      case 'recover':
        this.answer(from, message.id, () => this.recoverSession(message.sessionId));
        return;
      case 'call': {
        const owner = this.workers.get(message.owner);
        if (!owner || owner === from) {
          this.answer(from, message.id, () => this.withoutOwner(message.call));
          return;
        }
        const routeId = this.nextRouteId++;
        this.routed.set(routeId, { from, requestId: message.id, call: message.call, owner: message.owner });
        owner.send({ ik: 'call', id: routeId, call: message.call });
        return;
      }
      case 'answered': {
        const entry = this.routed.get(message.id);
        if (!entry) return;
        this.routed.delete(message.id);
        entry.from.send({ ik: 'reply', id: entry.requestId, ...(message.error ? { error: message.error } : { value: message.result ?? null }) });
        return;
      }
    }
  }

  /** A call for a session nobody holds any more: a stop finalises it from its log; a question has no answer. */
  private async withoutOwner(call: OwnerCall): Promise<unknown> {
    return call.kind === 'stop' ? this.recoverSession(call.sessionId) : null;
  }

  private answer(to: HubWorker, id: number, work: () => Promise<unknown>): void {
    work().then(
      (value) => to.send({ ik: 'reply', id, value }),
      (error: unknown) => {
        this.options.log.error({ err: error }, 'cluster coordination request failed');
        to.send({ ik: 'reply', id, error: toTransferableError(error) });
      },
    );
  }

  /** Finalises a live session whose owner is gone (once at a time); null when it is not live or its owner lives. */
  private recoverSession(sessionId: number): Promise<StopResult | null> {
    let running = this.recovering.get(sessionId);
    if (!running) {
      running = (async () => {
        const session = await this.options.storage.sessions.get(sessionId);
        if (!session || session.status !== 'live') return null;
        if (session.owner_instance && this.workers.has(session.owner_instance)) return null;
        this.options.log.info({ sessionId, owner: session.owner_instance }, 'finalising a session whose worker is gone');
        return finalizeFromLog(this.options.storage, session, 'recovered');
      })().finally(() => this.recovering.delete(sessionId));
      this.recovering.set(sessionId, running);
    }
    return running;
  }
}
