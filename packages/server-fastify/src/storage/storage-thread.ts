/**
 * The storage thread (entry of a `node:worker_threads` Worker started by `ThreadedStorage`): it
 * owns the process's connection to the SQLite file and runs every storage call the main thread
 * sends it, so node:sqlite's synchronous statements, COMMITs, WAL writes and checkpoints never
 * block the event loop that carries the conversations.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toTransferableError } from '../transferable-error';
import { createStorage } from './storage';
import type { CorruptRowWarning, Storage } from './storage-types';
import { isStorageOperation, type StorageThreadData, type StorageThreadReply, type StorageThreadRequest } from './threaded-storage';

const port = parentPort;
if (!port) throw new Error('storage-thread.ts runs as a worker thread (see ThreadedStorage)');
const data = workerData as StorageThreadData;

let storage: Storage;
try {
  // Warnings (a corrupt row left out of a list) go to the main thread's onWarning.
  const onWarning = (warning: CorruptRowWarning): void => port.postMessage({ type: 'warning', warning } satisfies StorageThreadReply);
  storage = await createStorage(data.url, { ...data.options, thread: false, onWarning });
} catch (error) {
  port.postMessage({ type: 'failed', error: toTransferableError(error) } satisfies StorageThreadReply);
  process.exit(1);
}

const inFlight = new Set<Promise<void>>();

async function run(request: Extract<StorageThreadRequest, { type: 'call' }>): Promise<void> {
  let reply: StorageThreadReply;
  try {
    if (!isStorageOperation(request.op)) throw new Error(`Unknown storage operation ${String(request.op)}`);
    const [group, method] = request.op.split('.') as [string, string];
    const target = (group === 'ping' ? storage : (storage as unknown as Record<string, unknown>)[group]) as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const args = request.argsJson === undefined ? request.args : (JSON.parse(request.argsJson) as unknown[]);
    reply = { type: 'result', id: request.id, value: await target[method]!.apply(target, args) };
  } catch (error) {
    reply = { type: 'result', id: request.id, error: toTransferableError(error) };
  }
  port!.postMessage(reply);
}

port.on('message', (request: StorageThreadRequest) => {
  if (request.type === 'call') {
    const done = run(request).finally(() => inFlight.delete(done));
    inFlight.add(done);
    return;
  }
  // close: let the calls already received finish, then close the connection.
  void Promise.allSettled([...inFlight])
    .then(() => storage.close())
    .then(
      () => port.postMessage({ type: 'closed' } satisfies StorageThreadReply),
      (error: unknown) => port.postMessage({ type: 'closed', error: toTransferableError(error) } satisfies StorageThreadReply),
    );
});
port.postMessage({ type: 'ready' } satisfies StorageThreadReply);
