#!/usr/bin/env node
/**
 * `interviewkit-server`: starts the reference server from the environment (see README:
 * PORT, HOST, DATABASE_URL, JWT_SECRET, …). Default storage is an embedded SQLite file.
 * SIGTERM / SIGINT shut it down gracefully: live interviews are finalised and saved first.
 */
import { InterviewKitError } from '@interviewkit/core';
import { loadConfig, type ServerConfig } from './config';
import { defaultPorts } from './defaults';
import { createServer } from './server';
import { installGracefulShutdown } from './shutdown';

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(`interviewkit-server: ${InterviewKitError.isInstance(error) ? error.message : String(error)}\n`);
    process.exit(78); // EX_CONFIG
  }
  const warnings: Array<[unknown, string | undefined]> = [];
  const ports = defaultPorts(config, { warn: (object, message) => warnings.push([object, message]) });
  const server = await createServer(config, { ports });
  for (const [object, message] of warnings) server.app.log.warn(object, message);
  installGracefulShutdown(server);
  await server.listen();
}

main().catch((error: unknown) => {
  process.stderr.write(`interviewkit-server failed to start: ${InterviewKitError.isInstance(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
