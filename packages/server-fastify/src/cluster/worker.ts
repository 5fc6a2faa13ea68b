import { availableParallelism } from 'node:os';
import cluster from 'node:cluster';
import { InterviewKitError } from '@interviewkit/core';
import type { ServerConfig } from '../config';
import type { CreateServerOptions } from '../server';
import { parseDatabaseUrl } from '../storage/storage';
import { ClusterCoordinator } from './cluster-coordinator';
import { isIkMessage } from './messages';

/**
 * How many processes `interviewkit-server` runs: `WORKERS` / `--workers`, by default one per
 * core. An in-memory database is private to its process, so it always runs one (and refuses an
 * explicit `WORKERS` above 1).
 */
export function resolveWorkerCount(config: ServerConfig): number {
  const memory = parseDatabaseUrl(config.databaseUrl).target === ':memory:';
  if (config.workers !== undefined) {
    if (memory && config.workers > 1) {
      throw new InterviewKitError(
        'VALIDATION_FAILED',
        'WORKERS (workers) above 1 needs a database the workers share: an SQLite file or PostgreSQL, not :memory:',
      );
    }
    return config.workers;
  }
  return memory ? 1 : availableParallelism();
}

/**
 * What a worker of `interviewkit-server --workers N` passes to `createServer`: the primary has
 * migrated the database and recovered the previous run's sessions already, and — without Redis —
 * it is the coordinator (over IPC). Nothing for a single process.
 */
/**
 * The configuration a worker runs with: without `DATABASE_POOL_SIZE`, PostgreSQL's 10 connections
 * of a single process are shared among the workers (at least 2 each).
 */
export function workerConfig(config: ServerConfig, workers: number): ServerConfig {
  if (!cluster.isWorker || config.databasePoolSize !== undefined) return config;
  return { ...config, databasePoolSize: Math.max(2, Math.ceil(10 / workers)) };
}

export function workerServerOptions(config: ServerConfig): Pick<CreateServerOptions, 'migrate' | 'coordinator'> {
  if (!cluster.isWorker) return {};
  if (config.redisUrl) return { migrate: false };
  return { migrate: false, coordinator: ({ instanceId, log }) => new ClusterCoordinator({ instanceId, log }) };
}

/** In a cluster worker: calls `stop` when the primary asks the worker to shut down. */
export function onPrimaryShutdown(stop: () => void): void {
  if (!cluster.isWorker) return;
  process.on('message', (message: unknown) => {
    if (isIkMessage(message) && message.ik === 'shutdown') stop();
  });
}
