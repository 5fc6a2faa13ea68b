#!/usr/bin/env node
/**
 * `interviewkit-server [--workers N]`: starts the reference server from the environment (see
 * README: PORT, HOST, DATABASE_URL, JWT_SECRET, WORKERS, …). Default storage is an embedded SQLite
 * file. With more than one worker (default: one per core) a primary process forks the workers and
 * coordinates them (src/cluster/primary.ts); each worker runs the code below.
 * SIGTERM / SIGINT shut it down gracefully: live interviews are finalised and saved first.
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { InterviewKitError } from '@interviewkit/core';
import { runPrimary } from './cluster/primary';
import { onPrimaryShutdown, resolveWorkerCount, workerConfig, workerServerOptions } from './cluster/worker';
import { loadConfig, type ServerConfig } from './config';
import { defaultPorts } from './defaults';
import { createServer } from './server';

async function main(): Promise<void> {
  let config: ServerConfig;
  let workers: number;
  try {
    const { values } = parseArgs({ options: { workers: { type: 'string' } }, allowPositionals: false });
    config = loadConfig(process.env, values.workers !== undefined ? { workers: values.workers } : {});
    workers = resolveWorkerCount(config);
  } catch (error) {
    process.stderr.write(`interviewkit-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(78); // EX_CONFIG
  }
  if (cluster.isPrimary && workers > 1) return runPrimary(config, { workers });
  config = workerConfig(config, workers);
  const warnings: Array<[unknown, string | undefined]> = [];
  const ports = defaultPorts(config, { warn: (object, message) => warnings.push([object, message]) });
  const server = await createServer(config, { ports, ...workerServerOptions(config) });
  for (const [object, message] of warnings) server.app.log.warn(object, message);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      // The primary's request after a signal this worker got too (Ctrl-C reaches the whole group) is not a second signal.
      if (signal === 'primary') return;
      server.app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: finalising live interviews');
    const force = setTimeout(() => {
      server.app.log.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  onPrimaryShutdown(() => shutdown('primary'));
  await server.listen();
}

main().catch((error: unknown) => {
  process.stderr.write(`interviewkit-server failed to start: ${InterviewKitError.isInstance(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
