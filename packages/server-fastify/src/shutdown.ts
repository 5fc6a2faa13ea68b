import type { InterviewKitServer } from './server';

/** Options of {@link installGracefulShutdown}. */
export interface GracefulShutdownOptions {
  /**
   * Longest graceful shutdown before the process exits anyway (ms). Default 12 000: the process
   * is gone within 15 s of SIGTERM even when a loaded machine delays the timer.
   */
  forceExitMs?: number;
  /** Signals that start it. Default SIGTERM and SIGINT. */
  signals?: NodeJS.Signals[];
}

/**
 * SIGTERM / SIGINT stop the server gracefully — live interviews are finalised and saved, storage
 * closed — then exit 0. Past `forceExitMs` the process exits 1 whatever is still running (a
 * second signal exits at once). The window holds because nothing the server runs can block it:
 * candidate SQL and document parsing run in sandbox processes, which are killed on exit, not in
 * threads the exit would have to wait for. Returns the shutdown itself, for other triggers (a
 * cluster primary's request: reason `primary`).
 */
export function installGracefulShutdown(server: InterviewKitServer, options: GracefulShutdownOptions = {}): (reason: string) => void {
  const forceExitMs = options.forceExitMs ?? 12_000;
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      // A cluster primary's request after a signal this worker got too (Ctrl-C reaches the whole
      // process group) is not a second signal.
      if (signal === 'primary') return;
      server.app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: finalising live interviews');
    const force = setTimeout(() => {
      server.app.log.error(`shutdown took longer than ${Math.round(forceExitMs / 1000)} s; exiting`);
      process.exit(1);
    }, forceExitMs);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.once(signal, () => shutdown(signal));
  return shutdown;
}
