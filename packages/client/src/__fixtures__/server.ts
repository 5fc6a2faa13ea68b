import { createServer as createTcpServer, type Server, Socket } from 'node:net';
import { createServer, defaultPorts, loadConfig, type InterviewKitServer, type ServerPorts } from '@interviewkit/server-fastify';

/** The reference server on an in-memory SQLite database with its default (offline) ports. */
export async function startServer(extraPorts: Partial<ServerPorts> = {}): Promise<{ server: InterviewKitServer; baseUrl: string }> {
  // Self-practice scoring: these tests bring their own questions and reference answers (trusted scoring is tested in the server package).
  const config = {
    env: 'test' as const,
    databaseUrl: ':memory:',
    logLevel: 'silent' as const,
    jwtSecret: 'client-tests-secret-0123456789abcdef',
    authRateLimitPerMinute: 10_000,
    trustedScoring: false,
  };
  const ports = { ...defaultPorts(loadConfig({ NODE_ENV: 'test' })), ...extraPorts };
  const server = await createServer(config, { ports, passwordParams: { N: 1024, r: 8, p: 1 }, reconnectGraceMs: 10_000 });
  const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return { server, baseUrl: address };
}

/**
 * A TCP proxy in front of a server whose connections a test can cut (a network drop). `hold()`
 * stops forwarding server → client bytes (they pile up, as on a stalled link) until `drop()`
 * discards them with the connections.
 */
export async function startProxy(
  target: string,
): Promise<{ url: string; hold: () => void; drop: () => void; close: () => Promise<void>; connections: () => number }> {
  const { hostname, port } = new URL(target);
  const pairs = new Set<{ client: Socket; upstream: Socket }>();
  let total = 0;
  let holding = false;
  const proxy: Server = createTcpServer((client) => {
    total++;
    const upstream = new Socket();
    upstream.connect(Number(port), hostname);
    const pair = { client, upstream };
    pairs.add(pair);
    for (const s of [client, upstream]) s.on('error', () => undefined);
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (!holding) client.write(d);
    });
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address() as { port: number };
  const drop = (): void => {
    for (const { client, upstream } of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    holding = false;
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    hold: () => {
      holding = true;
    },
    drop,
    connections: () => total,
    close: () =>
      new Promise((resolve) => {
        drop();
        proxy.close(() => resolve());
      }),
  };
}
