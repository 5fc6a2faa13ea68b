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
  // Ctrl-C reaches the whole process group: the primary and every worker get the same SIGINT, and
  // the primary's request can reach a worker before its own copy of the signal. Either order is
  // one Ctrl-C, so one signal after the primary's request is not a second signal.
  let pardon = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      if (signal === 'primary') return;
      if (pardon) {
        pardon = false;
        return;
      }
      server.app.log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    pardon = signal === 'primary';
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
  // `on`, not `once`: a second signal is handled here (logged, exit 1), not by Node's default.
  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) process.on(signal, () => shutdown(signal));
  return shutdown;
}
