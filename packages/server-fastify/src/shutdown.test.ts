import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InterviewKitServer } from './server';
import { installGracefulShutdown } from './shutdown';

// A stand-in server whose close() never settles: the test looks only at how signals are counted.
function fakeServer(): { server: InterviewKitServer; warnings: unknown[] } {
  const warnings: unknown[] = [];
  const log = { info: () => undefined, warn: (object: unknown) => warnings.push(object), error: () => undefined };
  const server = { app: { log }, close: () => new Promise<void>(() => undefined) } as unknown as InterviewKitServer;
  return { server, warnings };
}

describe('installGracefulShutdown', () => {
  // A signal name nothing else in the test process listens to, so emitting it is harmless.
  const SIGNAL = 'SIGUSR2' as const;
  let exit: ReturnType<typeof vi.spyOn>;
  let before: Array<(...args: unknown[]) => void>;
  beforeEach(() => {
    exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    before = process.listeners(SIGNAL) as Array<(...args: unknown[]) => void>;
  });
  afterEach(() => {
    for (const listener of process.listeners(SIGNAL)) if (!before.includes(listener as never)) process.off(SIGNAL, listener);
    exit.mockRestore();
  });

  it('takes the signal that follows the primary request as the same Ctrl-C, and a further one as a second signal', () => {
    const { server, warnings } = fakeServer();
    const shutdown = installGracefulShutdown(server, { signals: [SIGNAL], forceExitMs: 60_000 });
    shutdown('primary'); // the primary's request arrived first
    process.emit(SIGNAL, SIGNAL); // this worker's own copy of the Ctrl-C
    expect(exit).not.toHaveBeenCalled();
    expect(warnings).toEqual([]);
    process.emit(SIGNAL, SIGNAL); // the user pressed Ctrl-C again
    expect(exit).toHaveBeenCalledWith(1);
    expect(warnings).toEqual([{ signal: SIGNAL }]);
  });

  it('takes a primary request after the signal as the same stop, and a second signal as a second signal', () => {
    const { server, warnings } = fakeServer();
    const shutdown = installGracefulShutdown(server, { signals: [SIGNAL], forceExitMs: 60_000 });
    process.emit(SIGNAL, SIGNAL);
    shutdown('primary');
    expect(exit).not.toHaveBeenCalled();
    process.emit(SIGNAL, SIGNAL);
    expect(exit).toHaveBeenCalledWith(1);
    expect(warnings).toEqual([{ signal: SIGNAL }]);
  });
});
