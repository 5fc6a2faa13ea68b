/** What a sandbox child writes to stderr just before it kills itself for using too much memory. */
export const MEMORY_MARKER = 'IK_SANDBOX_MEMORY_LIMIT';

/** Settings passed to {@link childRuntime}. */
export interface ChildRuntimeConfig {
  /** Resident memory past which the child kills itself (bytes). */
  memoryLimitBytes: number;
}

/**
 * The main program of a sandbox child process, shipped as source text (see `SandboxPool`): it must
 * not reference anything outside its own body, and reaches Node's modules through
 * `process.getBuiltinModule` (a bundler rewrites `require` calls into helpers the child lacks).
 *
 * A watchdog thread polls the process's resident memory every 10 ms and kills the process
 * (SIGKILL, after writing {@link MEMORY_MARKER} to stderr) past the limit — it runs beside the
 * main thread, so it works while SQLite or an inflater holds that thread. The same thread kills
 * the process when the parent is gone (re-parented), so a crashed server leaves no runaway child.
 * The main thread answers `{id, payload}` messages with `{id, ok, value | message}`.
 * (The marker is spelt out in the watchdog's source: this body cannot see module constants.)
 */
export function childRuntime(config: ChildRuntimeConfig, createHandler: () => (payload: unknown) => unknown): void {
  // getBuiltinModule, not require: bundlers rewrite require calls into helpers the child lacks.
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const watchdog = new Worker(
    `const { workerData } = require('node:worker_threads');
     const fs = require('node:fs');
     const parent = workerData.parent;
     setInterval(() => {
       if (process.memoryUsage.rss() > workerData.limit) {
         try { fs.writeSync(2, '\\nIK_SANDBOX_MEMORY_LIMIT\\n'); } catch {}
         process.kill(process.pid, 'SIGKILL');
       }
       if (process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
     }, 10);`,
    { eval: true, workerData: { limit: config.memoryLimitBytes, parent: process.ppid } },
  );
  watchdog.unref();
  const handle = createHandler();
  const send = (message: unknown): void => {
    process.send?.(message);
  };
  process.on('message', (message: { id: number; payload: unknown }) => {
    void (async () => {
      try {
        const value = await handle(message.payload);
        send({ id: message.id, ok: true, value });
      } catch (error) {
        send({ id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  // The parent closing the channel means it is done with us.
  process.on('disconnect', () => process.exit(0));
  // Ready only once the watchdog runs: a job must never start unwatched.
  watchdog.once('online', () => send({ ready: true }));
}

/**
 * The program text of a sandbox child: {@link childRuntime} called with `config` and the handler
 * factory. esbuild may wrap nested functions in `__name(...)` (keepNames), so the child gets a
 * no-op one.
 */
export function childSource(config: ChildRuntimeConfig, createHandler: () => (payload: never) => unknown): string {
  return `var __name = (f) => f;\n(${childRuntime.toString()})(${JSON.stringify(config)}, ${createHandler.toString()});\n`;
}
