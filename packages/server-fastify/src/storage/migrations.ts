import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';

/** The SQL dialect family of a database. */
export type DialectName = 'sqlite' | 'postgres';

/**
 * The one migration set, run at start on SQLite and PostgreSQL alike. Only the auto-increment
 * primary key differs between the two.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type Db = Kysely<any>;
  const id = (db: Db, table: string) =>
    dialect === 'postgres'
      ? db.schema.createTable(table).addColumn('id', 'serial', (c) => c.primaryKey())
      : db.schema.createTable(table).addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  return {
    '0001_initial': {
      async up(db: Db) {
        await id(db, 'users')
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('name', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await id(db, 'resumes')
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('filename', 'text', (c) => c.notNull())
          .addColumn('content_type', 'text', (c) => c.notNull())
          .addColumn('size', 'integer', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('parsed', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('resumes_user_idx').on('resumes').columns(['user_id', 'id']).execute();
        await id(db, 'interview_sessions')
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('session_type', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('topic', 'text')
          .addColumn('difficulty', 'text')
          .addColumn('questions', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('answers', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('questions_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('score', 'double precision')
          .addColumn('feedback', 'text')
          .addColumn('duration', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('completed_at', 'text')
          .addColumn('speech_metrics', 'text')
          .addColumn('analysis_valid', 'integer')
          .addColumn('use_mock', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('owner_instance', 'text')
          .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('mastery_updates', 'text', (c) => c.notNull().defaultTo('[]'))
          .execute();
        await db.schema.createIndex('sessions_user_type_idx').on('interview_sessions').columns(['user_id', 'session_type', 'id']).execute();
        await db.schema.createIndex('sessions_status_idx').on('interview_sessions').columns(['status']).execute();
        await db.schema
          .createTable('session_events')
          .addColumn('session_id', 'integer', (c) => c.notNull().references('interview_sessions.id').onDelete('cascade'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('t', 'double precision', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('session_events_pk', ['session_id', 'seq'])
          .execute();
        await db.schema
          .createTable('user_mastery')
          .addColumn('user_id', 'text', (c) => c.notNull())
          .addColumn('topic', 'text', (c) => c.notNull())
          .addColumn('mastery_level', 'double precision', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('concepts', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('history', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('difficulty', 'text', (c) => c.notNull().defaultTo('medium'))
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('user_mastery_pk', ['user_id', 'topic'])
          .execute();
      },
      async down(db: Db) {
        for (const table of ['user_mastery', 'session_events', 'interview_sessions', 'resumes', 'users']) {
          await sql`drop table if exists ${sql.table(table)}`.execute(db);
        }
      },
    },
    // The history list (newest first, any type) could not use (user_id, session_type, id): SQLite
    // scanned every session of the user — 2 requests/s at 100,000 sessions in the benchmark.
    '0002_sessions_user_idx': {
      async up(db: Db) {
        await db.schema.createIndex('sessions_user_idx').on('interview_sessions').columns(['user_id', 'id']).execute();
      },
      async down(db: Db) {
        await db.schema.dropIndex('sessions_user_idx').execute();
      },
    },
  };
}

/** Runs every pending migration; raises with the failing migration's name. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateToLatest(db: Kysely<any>, dialect: DialectName, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) };
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
