#!/usr/bin/env node
/**
 * `interviewkit-server`: starts the reference server from the environment (see README:
 * PORT, HOST, DATABASE_URL, JWT_SECRET, WEB_ROOT, …). Default storage is an embedded SQLite file.
 * Logs are JSON on stdout; once listening, one human line with the URLs goes to stderr.
 * SIGTERM / SIGINT shut it down gracefully: live interviews are finalised and saved first.
 */
import { InterviewKitError } from '@interviewkit/core';
import { loadConfig, type ServerConfig } from './config';
import { defaultPorts } from './defaults';
import { resolveWebRoot } from './http/web-app';
import { readyLine } from './ready-line';
import { createServer } from './server';
import { installGracefulShutdown } from './shutdown';

async function main(): Promise<void> {
  let config: ServerConfig;
  try {
    config = loadConfig(process.env);
    if (config.webRoot) resolveWebRoot(config.webRoot);
  } catch (error) {
    process.stderr.write(`interviewkit-server: ${InterviewKitError.isInstance(error) ? error.message : String(error)}\n`);
    process.exit(78); // EX_CONFIG
  }
  const warnings: Array<[unknown, string | undefined]> = [];
  const ports = defaultPorts(config, { warn: (object, message) => warnings.push([object, message]) });
  const server = await createServer(config, { ports });
  for (const [object, message] of warnings) server.app.log.warn(object, message);
  installGracefulShutdown(server);
  const url = await server.listen();
  process.stderr.write(`${readyLine(url, { webApp: config.webRoot !== undefined, docs: config.docs })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`interviewkit-server failed to start: ${InterviewKitError.isInstance(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
