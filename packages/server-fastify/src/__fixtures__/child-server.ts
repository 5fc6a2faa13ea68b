// A server process for crash-recovery tests: the real createServer on DATABASE_URL with the
// test ports (IK_PORTS=default: the standalone server's own, SQL sandbox and resume parser
// included). Prints "LISTENING <url>" once it accepts connections.
import { loadConfig } from '../config';
import { defaultPorts } from '../defaults';
import { createServer } from '../server';
import { installGracefulShutdown } from '../shutdown';
import { testPorts } from './ports';

const pgSchema = process.env.PG_SCHEMA;
const server = await createServer(
  {
    env: 'test',
    jwtSecret: process.env.JWT_SECRET!,
    databaseUrl: process.env.DATABASE_URL!,
    port: 0,
    host: '127.0.0.1',
    logLevel: 'warn',
    eventFlushMs: 20,
    ...(process.env.REDIS_URL ? { redisUrl: process.env.REDIS_URL } : {}),
    ...(process.env.INSTANCE_ID ? { instanceId: process.env.INSTANCE_ID } : {}),
  },
  {
    ports: process.env.IK_PORTS === 'default' ? defaultPorts(loadConfig({ NODE_ENV: 'test' })) : testPorts(),
    passwordParams: { N: 1024, r: 8, p: 1 },
    ...(pgSchema ? { pgSchema } : {}),
    ...(process.env.REDIS_PREFIX ? { redisPrefix: process.env.REDIS_PREFIX } : {}),
    heartbeatTtlMs: 1500,
  },
);
const url = await server.listen();
process.stdout.write(`LISTENING ${url}\n`);
// The standalone server's own shutdown (bin.ts), with a window tests may shorten.
installGracefulShutdown(server, process.env.FORCE_EXIT_MS ? { forceExitMs: Number(process.env.FORCE_EXIT_MS) } : {});
