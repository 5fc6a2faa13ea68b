/**
 * The server's storage: {@link createStorage} and the {@link Storage} contract. The parts live in
 * modules of their own — the URL (`database-url.ts`), the connection (`connection.ts`), the
 * migrations, one repository per table (`*-repository.ts`), the SQLite storage thread
 * (`threaded-storage.ts`) — and are re-exported here, the one module the rest of the server imports.
 */
import { InterviewKitError } from '@interviewkit/core';
import { openDatabase } from './connection';
import { warnOnConsole } from './corrupt-rows';
import { parseDatabaseUrl } from './database-url';
import { KyselyStorage } from './kysely-storage';
import { migrateToLatest } from './migrations';
import type { CreateStorageOptions, Storage } from './storage-types';
import { ThreadedStorage } from './threaded-storage';

export { parseDatabaseUrl } from './database-url';
export type {
  CorruptRowWarning,
  CreateStorageOptions,
  EventsRepository,
  MasteryRecord,
  MasteryRepository,
  NewSession,
  ResumeRecord,
  ResumesRepository,
  SessionListItem,
  SessionPatch,
  SessionRecord,
  SessionsRepository,
  Storage,
  StoredEvent,
  User,
  UsersRepository,
} from './storage-types';

/**
 * Opens (and migrates) the database at `url`. An SQLite file runs in a worker thread of its own
 * ({@link ThreadedStorage}); PostgreSQL's driver is asynchronous already (the database works in
 * its own process, the event loop only encodes queries and decodes rows) and runs on the calling
 * thread.
 */
export async function createStorage(url: string, options: CreateStorageOptions = {}): Promise<Storage> {
  const { dialect, target } = parseDatabaseUrl(url);
  if (dialect === 'sqlite' && (options.thread ?? target !== ':memory:')) {
    const { thread: _thread, ...rest } = options;
    return ThreadedStorage.open(url, rest);
  }
  const db = await openDatabase(dialect, target, options);
  try {
    if (options.migrate !== false) await migrateToLatest(db, dialect, dialect === 'postgres' ? options.pgSchema : undefined);
  } catch (error) {
    await db.destroy();
    throw new InterviewKitError('STORAGE_UNAVAILABLE', `Could not prepare the ${dialect} database: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return new KyselyStorage(db, dialect, options.onWarning ?? warnOnConsole);
}
