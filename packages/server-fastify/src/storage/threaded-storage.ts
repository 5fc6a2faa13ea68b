import { Worker } from 'node:worker_threads';
import { InterviewKitError } from '@interviewkit/core';
import { fromTransferableError, type TransferableError } from '../transferable-error';
import { warnOnConsole } from './corrupt-rows';
import type { CorruptRowWarning, CreateStorageOptions, Storage } from './storage-types';

/** The storage calls the main thread forwards to the storage thread, by group. */
const OPERATIONS = {
  users: ['create', 'findByEmail', 'findById'],
  resumes: ['save', 'latest'],
  sessions: ['create', 'get', 'list', 'update', 'listLive', 'findLive'],
  events: ['append', 'appendMany', 'list'],
  mastery: ['list', 'get', 'upsert'],
} as const satisfies { [G in StorageGroup]: ReadonlyArray<keyof Storage[G]> };

type StorageGroup = 'users' | 'resumes' | 'sessions' | 'events' | 'mastery';
// Every method of every group is forwarded: a method missing from OPERATIONS is a compile error here.
type AssertNever<T extends never> = T;
export type _ForwardsEveryMethod = AssertNever<{ [G in StorageGroup]: Exclude<keyof Storage[G], (typeof OPERATIONS)[G][number]> }[StorageGroup]>;
/** `group.method`, or `ping.ping`. */
export type StorageOperation = { [G in StorageGroup]: `${G}.${(typeof OPERATIONS)[G][number]}` }[StorageGroup] | 'ping.ping';

const KNOWN = new Set<string>(['ping.ping', ...Object.entries(OPERATIONS).flatMap(([group, methods]) => methods.map((m) => `${group}.${m}`))]);

/** Whether `op` names a forwarded storage call. */
export function isStorageOperation(op: unknown): op is StorageOperation {
  return typeof op === 'string' && KNOWN.has(op);
}

/** What the storage thread is started with. */
export interface StorageThreadData {
  url: string;
  /** Without the callbacks, which cannot cross to a thread (warnings come back as messages). */
  options: ThreadOptions;
}

type ThreadOptions = Omit<CreateStorageOptions, 'thread' | 'onWarning'>;

/**
 * Calls whose arguments cross as JSON text instead of a structured clone: event logs are JSON
 * data that the repository stringifies anyway, and cloning their many small objects cost about 4×
 * what JSON.stringify does — on the event loop, for every batch the log writer sends.
 */
const JSON_ARGUMENTS = new Set<StorageOperation>(['events.append', 'events.appendMany']);

/** Main thread → storage thread (`argsJson`: the arguments as JSON text, see {@link JSON_ARGUMENTS}). */
export type StorageThreadRequest =
  | { type: 'call'; id: number; op: StorageOperation; args: unknown[]; argsJson?: undefined }
  | { type: 'call'; id: number; op: StorageOperation; args?: undefined; argsJson: string }
  | { type: 'close' };

/** Storage thread → main thread. */
export type StorageThreadReply =
  | { type: 'ready' }
  | { type: 'failed'; error: TransferableError }
  | { type: 'result'; id: number; value?: unknown; error?: TransferableError }
  | { type: 'warning'; warning: CorruptRowWarning }
  | { type: 'closed'; error?: TransferableError };

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Where the thread's entry is: beside this module when running from the TypeScript sources
 * (tests), `dist/storage/storage-thread.js` in the built package (this module is bundled into a
 * file in `dist/`). From sources, Node strips the types itself and resolves the workspace packages
 * to their sources, as the test child processes do.
 */
function threadEntry(): { url: URL; execArgv?: string[] } {
  if (!import.meta.url.endsWith('.ts')) return { url: new URL('./storage/storage-thread.js', import.meta.url) };
  return {
    url: new URL('./storage-thread.ts', import.meta.url),
    execArgv: [
      '--experimental-transform-types',
      '--no-warnings',
      '--conditions=@interviewkit/source',
      '--import',
      new URL('../__fixtures__/ts-loader.mjs', import.meta.url).href,
    ],
  };
}

/**
 * A {@link Storage} whose every call runs in a worker thread holding the database connection
 * (the embedded SQLite default). Calls are asynchronous messages; the thread is referenced only
 * while calls are pending, so an idle storage does not keep a process alive. If the thread dies,
 * pending calls fail with `STORAGE_UNAVAILABLE` and the next call starts a new one.
 */
export class ThreadedStorage implements Storage {
  readonly dialect = 'sqlite' as const;
  private worker: Worker | null = null;
  private starting: Promise<Worker> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly options: ThreadOptions;
  private readonly warn: (warning: CorruptRowWarning) => void;

  private constructor(
    private readonly url: string,
    { onWarning, ...options }: Omit<CreateStorageOptions, 'thread'>,
  ) {
    this.options = options;
    this.warn = onWarning ?? warnOnConsole;
  }

  /** Starts the thread, which opens (and migrates) the database; resolves once it is ready. */
  static async open(url: string, options: Omit<CreateStorageOptions, 'thread'> = {}): Promise<ThreadedStorage> {
    const storage = new ThreadedStorage(url, options);
    await storage.start(storage.options);
    return storage;
  }

  users = this.group('users');
  resumes = this.group('resumes');
  sessions = this.group('sessions');
  events = this.group('events');
  mastery = this.group('mastery');

  ping(): Promise<boolean> {
    return this.call('ping.ping', []).then(Boolean, () => false);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker ?? (await this.starting?.catch(() => null));
    if (!worker) return;
    worker.ref();
    const closed = new Promise<TransferableError | undefined>((resolve) => {
      worker.on('message', (m: StorageThreadReply) => m.type === 'closed' && resolve(m.error));
      worker.once('exit', () => resolve(undefined));
    });
    worker.postMessage({ type: 'close' } satisfies StorageThreadRequest);
    const error = await closed;
    await worker.terminate();
    if (error) throw fromTransferableError(error);
  }

  private group<G extends StorageGroup>(group: G): Storage[G] {
    const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
    for (const method of OPERATIONS[group]) out[method] = (...args) => this.call(`${group}.${method}` as StorageOperation, args);
    return out as unknown as Storage[G];
  }

  private start(options: ThreadOptions): Promise<Worker> {
    const entry = threadEntry();
    const worker = new Worker(entry.url, {
      workerData: { url: this.url, options } satisfies StorageThreadData,
      ...(entry.execArgv ? { execArgv: entry.execArgv } : {}),
    });
    this.starting = new Promise<Worker>((resolve, reject) => {
      const onFirst = (message: StorageThreadReply): void => {
        if (message.type === 'ready') {
          worker.off('message', onFirst);
          worker.on('message', (m: StorageThreadReply) => this.onReply(m));
          worker.unref();
          this.worker = worker;
          resolve(worker);
        } else if (message.type === 'failed') {
          worker.off('message', onFirst);
          reject(fromTransferableError(message.error));
        }
      };
      worker.on('message', onFirst);
      // An uncaught error in the thread ends it ('exit' follows); before 'ready' it fails the start.
      worker.on('error', reject);
      worker.once('exit', (code) => {
        if (this.worker === worker) this.worker = null;
        this.starting = null;
        reject(new InterviewKitError('STORAGE_UNAVAILABLE', `The storage thread exited (code ${code}) before it was ready`));
        this.failPending(code);
      });
    });
    // Without a listener, a failure before anyone awaits would be an unhandled rejection.
    this.starting.catch(() => undefined);
    return this.starting;
  }

  private failPending(code: number): void {
    if (this.pending.size === 0) return;
    const error = new InterviewKitError('STORAGE_UNAVAILABLE', `The storage thread stopped (exit code ${code}); retry`);
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private onReply(message: StorageThreadReply): void {
    if (message.type === 'warning') this.warn(message.warning);
    if (message.type !== 'result') return;
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (message.error) p.reject(fromTransferableError(message.error));
    else p.resolve(message.value);
  }

  private async call(op: StorageOperation, args: unknown[]): Promise<unknown> {
    if (this.closed) throw new InterviewKitError('STORAGE_UNAVAILABLE', 'The storage is closed');
    const argsJson = JSON_ARGUMENTS.has(op) ? JSON.stringify(args) : undefined;
    // A thread that died is replaced on the next call (the database is migrated already).
    const worker = this.worker ?? (await (this.starting ?? this.start({ ...this.options, migrate: false })));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage((argsJson === undefined ? { type: 'call', id, op, args } : { type: 'call', id, op, argsJson }) satisfies StorageThreadRequest);
    });
  }
}
