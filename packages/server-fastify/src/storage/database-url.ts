import { InterviewKitError } from '@interviewkit/core';
import type { DialectName } from './migrations';

/** Parses a DATABASE_URL into a dialect and target (a file, `:memory:`, or the PostgreSQL URL). */
export function parseDatabaseUrl(url: string): { dialect: DialectName; target: string } {
  if (/^postgres(ql)?:\/\//i.test(url)) return { dialect: 'postgres', target: url };
  if (url === ':memory:' || url === 'sqlite::memory:' || url === 'sqlite://:memory:') return { dialect: 'sqlite', target: ':memory:' };
  if (url.startsWith('sqlite://')) return { dialect: 'sqlite', target: url.slice('sqlite://'.length) };
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', target: url.slice('sqlite:'.length) };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new InterviewKitError('VALIDATION_FAILED', `DATABASE_URL must be a SQLite file (sqlite:<file>) or postgres://…; got scheme ${url.split(':')[0]}`);
  }
  return { dialect: 'sqlite', target: url };
}
