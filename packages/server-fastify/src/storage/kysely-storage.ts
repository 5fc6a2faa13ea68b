import type { Kysely } from 'kysely';
import { createEventsRepository } from './events-repository';
import { createMasteryRepository } from './mastery-repository';
import type { DialectName } from './migrations';
import { createResumesRepository } from './resumes-repository';
import type { Database } from './schema';
import { createSessionsRepository } from './sessions-repository';
import type { CorruptRowWarning, Storage } from './storage-types';
import { createUsersRepository } from './users-repository';

/** The {@link Storage} of one Kysely instance (SQLite or PostgreSQL): one repository per table. */
export class KyselyStorage implements Storage {
  readonly users: Storage['users'];
  readonly resumes: Storage['resumes'];
  readonly sessions: Storage['sessions'];
  readonly events: Storage['events'];
  readonly mastery: Storage['mastery'];

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: DialectName,
    warn: (warning: CorruptRowWarning) => void,
  ) {
    this.users = createUsersRepository(db);
    this.resumes = createResumesRepository(db);
    this.sessions = createSessionsRepository(db, warn);
    this.events = createEventsRepository(db);
    this.mastery = createMasteryRepository(db, warn);
  }

  async ping(): Promise<boolean> {
    try {
      await this.db.selectFrom('users').select('id').limit(1).execute();
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
