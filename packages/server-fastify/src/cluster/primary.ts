import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import type { ServerConfig } from '../config';
import { recoverOrphanedSessions } from '../live/recover';
import { createStorage, type Storage } from '../storage/storage';
import { ClusterHub, type HubWorker } from './cluster-hub';
import { isIkMessage, type PrimaryMessage, type WorkerMessage } from './messages';

/** How long a shutdown may take before the remaining processes are killed (ms). */
export const FORCED_EXIT_MS = 15_000;
/** A worker that dies sooner than this after it started is restarted with a growing delay (ms). */
const FAST_CRASH_MS = 10_000;
const MAX_RESTART_DELAY_MS = 30_000;

interface Slot {
  index: number;
  worker: Worker | null;
  instanceId: string;
  startedAt: number;
  listening: boolean;
  fastCrashes: number;
}

/** Options of {@link runPrimary}. */
export interface PrimaryOptions {
  /** Worker processes to run (≥ 2; one process runs without a primary). */
  workers: number;
  /** Called once, when the first worker accepts connections, with the server's URL. */
  onListening?: (url: string) => void;
}

/**
 * The primary process of `interviewkit-server --workers N`: it prepares the database once
 * (migrations, and — without Redis — finalising the sessions a previous run left live), forks N
 * workers that each run the whole server on the shared port (`node:cluster` hands each new
 * connection to the next worker in turn, so a WebSocket and its session stay on one worker),
 * restarts a worker that dies, and on SIGTERM/SIGINT has every worker finalise its live
 * interviews, exiting within {@link FORCED_EXIT_MS}.
 *
 * Without `REDIS_URL` the primary is also the workers' coordinator ({@link ClusterHub} over IPC);
 * with it, every worker is an instance of the Redis coordination, as separate servers are.
 */
export async function runPrimary(config: ServerConfig, options: PrimaryOptions): Promise<void> {
  const log = pino({ level: config.logLevel, base: { pid: process.pid, role: 'primary' } });
  // The primary only migrates and finalises orphans: a small pool.
  const storage: Storage = await createStorage(config.databaseUrl, { poolSize: 2, onWarning: ({ message, ...row }) => log.warn({ storage: row }, message) });
  let hub: ClusterHub | null = null;
  if (config.redisUrl) {
    // The workers coordinate through Redis (heartbeats, claims, pub/sub) and recover orphans themselves.
    await storage.close();
  } else {
    const recovered = await recoverOrphanedSessions(storage, () => true);
    if (recovered.length > 0) log.info({ sessions: recovered }, 'finalised live sessions left by a previous process from their event logs');
    hub = new ClusterHub({ storage, log });
  }

  // Every worker must accept every other worker's tokens: one secret for all of them.
  let jwtSecret = config.jwtSecret;
  if (jwtSecret === undefined) {
    jwtSecret = randomBytes(32).toString('hex');
    log.warn('JWT_SECRET is not set: using a random secret for this run (development only; tokens die with the server)');
  }
  const base = config.instanceId ?? randomBytes(6).toString('hex');
  let forks = 0;
  let stopping = false;
  let exitCode = 0;
  let exiting = false;
  let everListened = false;
  const slots: Slot[] = [];
  /** Recoveries of exited workers' sessions still running (the storage stays open for them). */
  const removals = new Set<Promise<unknown>>();

  const hubWorker = (slot: Slot, worker: Worker): HubWorker => ({
    instanceId: slot.instanceId,
    send: (message: PrimaryMessage) => {
      if (worker.isConnected())
        worker.send(message, (error: Error | null) => error && log.warn({ err: error, instance: slot.instanceId }, 'a message to a worker was lost'));
    },
  });

  const fork = (slot: Slot): void => {
    slot.instanceId = `${base}-${++forks}`;
    slot.startedAt = Date.now();
    slot.listening = false;
    const worker = cluster.fork({ INSTANCE_ID: slot.instanceId, JWT_SECRET: jwtSecret });
    slot.worker = worker;
    const peer = hubWorker(slot, worker);
    hub?.add(peer);
    log.info({ instance: slot.instanceId, workerPid: worker.process.pid, slot: slot.index }, 'worker started');
    worker.on('message', (message: unknown) => {
      if (hub && isIkMessage(message)) hub.handle(peer, message as WorkerMessage);
    });
    worker.once('listening', (address) => {
      slot.listening = true;
      if (!everListened) options.onListening?.(listeningUrl(address));
      everListened = true;
      if (stopping) sendShutdown(slot);
    });
    worker.once('exit', (code, signal) => onExit(slot, worker, code, signal));
  };

  const onExit = (slot: Slot, worker: Worker, code: number | null, signal: string | null): void => {
    if (slot.worker !== worker) return;
    slot.worker = null;
    const instanceId = slot.instanceId;
    if (hub) {
      const removal = hub
        .remove(instanceId)
        .then((sessions) => sessions.length > 0 && log.warn({ instance: instanceId, sessions }, 'finalised the live sessions of a worker that exited'))
        .catch((error: unknown) =>
          log.error({ err: error, instance: instanceId }, 'finalising the sessions of a worker that exited failed (the next start retries)'),
        )
        .finally(() => removals.delete(removal));
      removals.add(removal);
    }
    if (!everListened && !stopping) {
      // No worker has ever started (a bad port, an unreachable database): restarting would only repeat it.
      log.error({ instance: instanceId, code, signal }, 'a worker failed to start; exiting');
      stopping = true;
      exitCode = 1;
      setTimeout(() => process.exit(1), FORCED_EXIT_MS).unref();
      for (const other of slots) other.worker?.process.kill('SIGTERM');
      finishIfDone();
      return;
    }
    if (stopping) {
      if (code !== 0) exitCode = 1;
      finishIfDone();
      return;
    }
    const lived = Date.now() - slot.startedAt;
    slot.fastCrashes = lived < FAST_CRASH_MS ? slot.fastCrashes + 1 : 0;
    const delay = slot.fastCrashes === 0 ? 0 : Math.min(MAX_RESTART_DELAY_MS, 500 * 2 ** slot.fastCrashes);
    log.error({ instance: instanceId, code, signal, restartInMs: delay }, 'worker exited; starting a new one');
    setTimeout(() => {
      if (!stopping) fork(slot);
    }, delay);
  };

  const sendShutdown = (slot: Slot): void => {
    // A worker still starting is told once it listens (its handler is in place by then).
    if (slot.worker?.isConnected() && slot.listening) slot.worker.send({ ik: 'shutdown' } satisfies PrimaryMessage);
  };

  const finishIfDone = (): void => {
    if (exiting || slots.some((s) => s.worker !== null)) return;
    exiting = true;
    void Promise.allSettled([...removals])
      .then(() => (hub ? storage.close() : undefined))
      .catch(() => undefined)
      .then(() => process.exit(exitCode));
  };

  const shutdown = (signal: string): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: finalising live interviews');
    const force = setTimeout(() => {
      log.error(`shutdown took longer than ${FORCED_EXIT_MS / 1000} s; exiting`);
      for (const slot of slots) slot.worker?.process.kill('SIGKILL');
      process.exit(1);
    }, FORCED_EXIT_MS);
    force.unref();
    for (const slot of slots) sendShutdown(slot);
    finishIfDone();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  for (let index = 0; index < options.workers; index++) {
    const slot: Slot = { index, worker: null, instanceId: '', startedAt: 0, listening: false, fastCrashes: 0 };
    slots.push(slot);
    fork(slot);
  }
}

/** The URL a worker's listening address is reached at (a wildcard address as 127.0.0.1). */
function listeningUrl(address: { address: string | null; port: number }): string {
  const host = !address.address || address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}
