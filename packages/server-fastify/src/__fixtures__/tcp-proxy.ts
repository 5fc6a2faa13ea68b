import { createServer, type Server, Socket } from 'node:net';

/** A TCP proxy to `host:port` that a test can cut (connections refused and dropped) and restore on the same port. */
export interface TcpProxy {
  readonly port: number;
  /** Drops every connection and refuses new ones (the database is down). */
  cut(): Promise<void>;
  /** Accepts connections again on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  const make = (): Server =>
    createServer((client) => {
      const upstream = new Socket();
      upstream.connect(port, host);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  let server: Server | null = make();
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const proxyPort = (server.address() as { port: number }).port;
  const stop = async (): Promise<void> => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  return {
    port: proxyPort,
    cut: stop,
    async restore() {
      if (server) return;
      server = make();
      await new Promise<void>((resolve) => server!.listen(proxyPort, '127.0.0.1', resolve));
    },
    close: stop,
  };
}
