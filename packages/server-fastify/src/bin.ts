#!/usr/bin/env node
/**
 * `interviewkit-server [--workers N]`: starts the reference server from the environment (see
 * README: PORT, HOST, DATABASE_URL, JWT_SECRET, WORKERS, WEB_ROOT, …). Default storage is an
 * embedded SQLite file. With more than one worker (default: one per core) a primary process forks
 * the workers and coordinates them (src/cluster/primary.ts); each worker runs the code below.
 * Logs are JSON on stdout; once listening, one human line with the URLs goes to stderr (from the
 * primary when there are workers).
 * SIGTERM / SIGINT shut it down gracefully: live interviews are finalised and saved first.
 */
import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { InterviewKitError } from '@interviewkit/core';
import { runPrimary } from './cluster/primary';
import { onPrimaryShutdown, resolveWorkerCount, workerConfig, workerServerOptions } from './cluster/worker';
import { loadConfig, type ServerConfig } from './config';
import { resolveWebRoot } from './http/web-app';
import { readyLine } from './ready-line';
import { installGracefulShutdown } from './shutdown';

async function main(): Promise<void> {
  let config: ServerConfig;
  let workers: number;
  try {
    const { values } = parseArgs({ options: { workers: { type: 'string' } }, allowPositionals: false });
    config = loadConfig(process.env, values.workers !== undefined ? { workers: values.workers } : {});
    if (config.webRoot) resolveWebRoot(config.webRoot);
    workers = resolveWorkerCount(config);
  } catch (error) {
    process.stderr.write(`interviewkit-server: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(78); // EX_CONFIG
  }
  const announce = (url: string): void => {
    process.stderr.write(`${readyLine(url, { webApp: config.webRoot !== undefined, docs: config.docs })}\n`);
  };
  if (cluster.isPrimary && workers > 1) return runPrimary(config, { workers, onListening: announce });
  config = workerConfig(config, workers);
  // Loaded here, not at the top: a cluster's primary never serves, so it forks the workers without
  // first loading Fastify, the providers and the evaluator (about a second of a start).
  const [{ defaultPorts }, { createServer }] = await Promise.all([import('./defaults'), import('./server')]);
  const warnings: Array<[unknown, string | undefined]> = [];
  const ports = defaultPorts(config, { warn: (object, message) => warnings.push([object, message]) });
  const server = await createServer(config, { ports, ...workerServerOptions(config) });
  for (const [object, message] of warnings) server.app.log.warn(object, message);
  const shutdown = installGracefulShutdown(server);
  onPrimaryShutdown(() => shutdown('primary'));
  const url = await server.listen();
  if (!cluster.isWorker) announce(url);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `interviewkit-server failed to start: ${InterviewKitError.isInstance(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
