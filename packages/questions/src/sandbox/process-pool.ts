import { type ChildProcess, spawn } from 'node:child_process';
import { InterviewKitError } from '@interviewkit/core';
import { childSource, MEMORY_MARKER } from './child-runtime';

/**
 * A handler factory run inside each sandbox process: called once at start, it returns the
 * function that handles one job. It is shipped to the child as source text
 * (`Function.prototype.toString`), so it must be self-contained: no closure over module
 * variables, Node built-ins through `require` inside its body.
 */
export type SandboxHandlerFactory = () => (payload: never) => unknown;

/** Options of {@link SandboxPool}. */
export interface SandboxPoolOptions {
  /** What the pool runs, for messages and logs (e.g. `SQL`, `document`). */
  name: string;
  /** Builds the job handler inside each child process (see {@link SandboxHandlerFactory}). */
  handler: SandboxHandlerFactory;
  /** Processes running jobs at once. Default 2. */
  size?: number;
  /** Jobs waiting for a process; one more is refused with `RATE_LIMITED` (429). Default 32. */
  maxQueue?: number;
  /** Resident memory (RSS, MiB) past which a child kills itself mid-job. Default 256. */
  memoryLimitMb?: number;
  /** V8 old-space limit of each child (MiB). Default 128. */
  heapLimitMb?: number;
  /** An idle child exits after this long (ms). Default 30 000. */
  idleMs?: number;
  /** How long a new child may take to start (ms). Default 10 000. */
  startTimeoutMs?: number;
}

/** How one sandbox job ended. */
export type SandboxOutcome<T> =
  | { kind: 'ok'; value: T; durationMs: number }
  /** The job threw inside the child; `message` is its error message. */
  | { kind: 'error'; message: string; durationMs: number }
  /** The wall-clock limit passed: the child was killed (SIGKILL). */
  | { kind: 'timeout'; durationMs: number }
  /** The child passed its memory limit and killed itself. */
  | { kind: 'memory'; durationMs: number }
  /** The child died for another reason (crash, killed from outside, pool closed). */
  | { kind: 'crashed'; message: string; durationMs: number };

/** Counters of a pool (tests, benchmarks, health). */
export interface SandboxPoolStats {
  processes: number;
  busy: number;
  queued: number;
  spawned: number;
  killedOnTimeout: number;
  killedOnMemory: number;
  refused: number;
}

interface Job {
  payload: unknown;
  timeoutMs: number;
  resolve: (outcome: SandboxOutcome<unknown>) => void;
  reject: (error: unknown) => void;
  /** Refuses the job when it has waited too long for a process. */
  waitTimer: ReturnType<typeof setTimeout> | null;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

interface Slot {
  child: ChildProcess;
  ready: boolean;
  job: { job: Job; id: number; started: number; timer: ReturnType<typeof setTimeout> } | null;
  idleTimer: ReturnType<typeof setTimeout> | null;
  startTimer: ReturnType<typeof setTimeout> | null;
  stderrTail: string;
  /** Set when the parent killed the child on purpose (timeout, close). */
  killedFor: 'timeout' | 'close' | null;
}

const livePools = new Set<SandboxPool>();
let exitHookInstalled = false;

/** Kills every sandbox child when the parent exits, whatever the reason (SIGKILL aside: see the orphan watchdog). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pool of livePools) pool.killAll();
  });
}

/**
 * A bounded pool of sandbox **child processes**. Unlike a worker thread, a process can be
 * stopped for real whatever it is doing — native SQLite or zlib code included — with SIGKILL.
 *
 * - every job has a wall-clock limit; past it the child is killed and the job ends `timeout`;
 * - each child watches its own resident memory from a separate thread and kills itself past
 *   `memoryLimitMb` (the job ends `memory`), and kills itself when its parent has gone (so a
 *   crashed server leaves no runaway query behind);
 * - at most `size` jobs run at once and `maxQueue` wait; beyond that `run` refuses with
 *   `RATE_LIMITED` (429, `details.retry_after_seconds`): back-pressure instead of a growing queue;
 *   a job that waits longer than its own time limit behind busy processes is refused the same
 *   way, so work stops about two time limits after its sender stops sending;
 * - children start on demand with an empty environment (no secrets), are reused, and exit after
 *   `idleMs` idle; they never keep the parent's event loop alive, and die with the parent.
 */
export class SandboxPool {
  private readonly options: Required<Omit<SandboxPoolOptions, 'handler'>>;
  private readonly source: string;
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private counters = { spawned: 0, killedOnTimeout: 0, killedOnMemory: 0, refused: 0 };

  constructor(options: SandboxPoolOptions) {
    this.options = {
      name: options.name,
      size: options.size ?? 2,
      maxQueue: options.maxQueue ?? 32,
      memoryLimitMb: options.memoryLimitMb ?? 256,
      heapLimitMb: options.heapLimitMb ?? 128,
      idleMs: options.idleMs ?? 30_000,
      startTimeoutMs: options.startTimeoutMs ?? 10_000,
    };
    if (!Number.isInteger(this.options.size) || this.options.size < 1)
      throw new InterviewKitError('INVALID_ARGUMENT', 'SandboxPool size must be a positive integer');
    this.source = childSource({ memoryLimitBytes: this.options.memoryLimitMb * 1024 * 1024 }, options.handler);
  }

  /** Counters and current occupancy. */
  stats(): SandboxPoolStats {
    let busy = 0;
    for (const slot of this.slots) if (slot.job) busy++;
    return { processes: this.slots.size, busy, queued: this.queue.length, ...this.counters };
  }

  /** Process ids of the current children (tests check that a killed one is really gone). */
  pids(): number[] {
    return [...this.slots].flatMap((s) => (s.child.pid === undefined ? [] : [s.child.pid]));
  }

  /**
   * Runs one job in a child. Resolves with how it ended (never rejects for the job's own
   * failures); rejects with `RATE_LIMITED` when every process is busy and the queue is full, and
   * with `ABORTED` when `signal` fires before the job starts.
   */
  run<T>(payload: unknown, options: { timeoutMs: number; signal?: AbortSignal; maxWaitMs?: number }): Promise<SandboxOutcome<T>> {
    if (options.signal?.aborted) return Promise.reject(new InterviewKitError('ABORTED', 'The sandbox job was cancelled'));
    // Waiting jobs allowed: the queue, plus one per process not busy (running or about to start).
    const free = this.options.size - this.stats().busy;
    if (this.queue.length >= this.options.maxQueue + free) return Promise.reject(this.busy(options.timeoutMs));
    return new Promise<SandboxOutcome<T>>((resolve, reject) => {
      const job: Job = {
        payload,
        timeoutMs: options.timeoutMs,
        resolve: resolve as Job['resolve'],
        reject,
        waitTimer: null,
        signal: options.signal,
        onAbort: undefined,
      };
      const waitMs = options.maxWaitMs ?? options.timeoutMs;
      const expire = (): void => {
        const at = this.queue.indexOf(job);
        if (at < 0) return;
        // Only time spent behind other jobs counts, not a process starting up.
        if (this.stats().busy < this.options.size) {
          job.waitTimer = setTimeout(expire, waitMs);
          return;
        }
        this.queue.splice(at, 1);
        if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
        reject(this.busy(options.timeoutMs));
      };
      job.waitTimer = setTimeout(expire, waitMs);
      if (options.signal) {
        job.onAbort = () => {
          const at = this.queue.indexOf(job);
          if (at >= 0) {
            this.queue.splice(at, 1);
            if (job.waitTimer) clearTimeout(job.waitTimer);
            reject(new InterviewKitError('ABORTED', 'The sandbox job was cancelled'));
          }
        };
        options.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.dispatch();
    });
  }

  private busy(timeoutMs: number): InterviewKitError {
    this.counters.refused++;
    const retryAfter = Math.max(1, Math.ceil(timeoutMs / 1000));
    return new InterviewKitError('RATE_LIMITED', `The ${this.options.name} sandbox is busy (${this.queue.length} jobs waiting); retry in ${retryAfter} s`, {
      details: { retry_after_seconds: retryAfter },
    });
  }

  /** Kills every child (SIGKILL) and ends queued jobs as `crashed`. The pool stays usable: later jobs start new children. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) this.settle(job, { kind: 'crashed', message: `The ${this.options.name} sandbox was closed`, durationMs: 0 });
    const exits = [...this.slots].map(
      (slot) =>
        new Promise<void>((resolve) => (slot.child.exitCode !== null || slot.child.signalCode !== null ? resolve() : slot.child.once('exit', () => resolve()))),
    );
    this.killAll();
    await Promise.all(exits);
  }

  /** Synchronous kill of every child (the parent's `exit` hook). */
  killAll(): void {
    for (const slot of this.slots) {
      slot.killedFor ??= 'close';
      slot.child.kill('SIGKILL');
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = [...this.slots].find((s) => s.ready && s.job === null);
      if (!slot) {
        const starting = [...this.slots].filter((s) => !s.ready).length;
        // Start a child only when none is already starting for the waiting jobs.
        if (this.slots.size < this.options.size && starting < this.queue.length) this.spawn();
        return;
      }
      const job = this.queue.shift()!;
      this.start(slot, job);
      slot = undefined;
    }
  }

  private start(slot: Slot, job: Job): void {
    if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
    if (job.waitTimer) clearTimeout(job.waitTimer);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    const id = this.nextId++;
    const started = performance.now();
    const timer = setTimeout(() => {
      // SIGKILL: nothing the child runs (native code included) can delay it.
      this.counters.killedOnTimeout++;
      slot.killedFor = 'timeout';
      slot.child.kill('SIGKILL');
    }, job.timeoutMs);
    slot.job = { job, id, started, timer };
    slot.child.send({ id, payload: job.payload }, (error) => {
      if (error && slot.job?.id === id) slot.child.kill('SIGKILL');
    });
  }

  private spawn(): void {
    installExitHook();
    livePools.add(this);
    const child = spawn(process.execPath, [`--max-old-space-size=${this.options.heapLimitMb}`, '--input-type=commonjs', '-e', this.source], {
      // An empty environment: candidate code must not see the server's secrets.
      env: {},
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
      windowsHide: true,
    });
    this.counters.spawned++;
    const slot: Slot = { child, ready: false, job: null, idleTimer: null, startTimer: null, stderrTail: '', killedFor: null };
    this.slots.add(slot);
    // Never keep the parent alive for an idle child; a running job's timer does that.
    child.unref();
    child.channel?.unref();
    (child.stderr as { unref?: () => void } | null)?.unref?.();
    child.stderr?.on('data', (chunk: Buffer) => {
      slot.stderrTail = (slot.stderrTail + chunk.toString('utf8')).slice(-2048);
    });
    slot.startTimer = setTimeout(() => {
      if (!slot.ready) child.kill('SIGKILL');
    }, this.options.startTimeoutMs);
    slot.startTimer.unref();
    child.on('message', (message: { ready?: boolean; id?: number; ok?: boolean; value?: unknown; message?: string }) => {
      if (message.ready) {
        slot.ready = true;
        if (slot.startTimer) clearTimeout(slot.startTimer);
        this.dispatch();
        return;
      }
      const running = slot.job;
      if (!running || running.id !== message.id) return;
      clearTimeout(running.timer);
      slot.job = null;
      const durationMs = Math.round(performance.now() - running.started);
      this.settle(
        running.job,
        message.ok ? { kind: 'ok', value: message.value, durationMs } : { kind: 'error', message: String(message.message ?? 'unknown error'), durationMs },
      );
      this.idle(slot);
      this.dispatch();
    });
    child.on('error', () => {
      // A failed spawn also emits `exit` (or never starts: the start timer kills it).
    });
    child.once('exit', () => {
      this.slots.delete(slot);
      if (slot.startTimer) clearTimeout(slot.startTimer);
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      if (this.slots.size === 0) livePools.delete(this);
      const running = slot.job;
      slot.job = null;
      if (running) {
        clearTimeout(running.timer);
        const durationMs = Math.round(performance.now() - running.started);
        if (slot.killedFor === 'timeout') this.settle(running.job, { kind: 'timeout', durationMs });
        else if (slot.stderrTail.includes(MEMORY_MARKER)) {
          this.counters.killedOnMemory++;
          this.settle(running.job, { kind: 'memory', durationMs });
        } else
          this.settle(running.job, {
            kind: 'crashed',
            message: slot.killedFor === 'close' ? `The ${this.options.name} sandbox was closed` : `The ${this.options.name} sandbox process died`,
            durationMs,
          });
      } else if (!slot.ready && this.queue.length > 0 && slot.killedFor === null) {
        // A child that could not start: fail the waiting jobs rather than retry forever.
        for (const job of this.queue.splice(0))
          this.settle(job, { kind: 'crashed', message: `The ${this.options.name} sandbox could not start`, durationMs: 0 });
      }
      this.dispatch();
    });
  }

  private idle(slot: Slot): void {
    slot.idleTimer = setTimeout(() => {
      if (slot.job === null) {
        slot.killedFor = 'close';
        slot.child.kill('SIGKILL');
      }
    }, this.options.idleMs);
    slot.idleTimer.unref();
  }

  private settle(job: Job, outcome: SandboxOutcome<unknown>): void {
    if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
    if (job.waitTimer) clearTimeout(job.waitTimer);
    job.resolve(outcome);
  }
}
