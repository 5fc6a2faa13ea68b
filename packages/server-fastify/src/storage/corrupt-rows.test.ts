import { DatabaseSync } from 'node:sqlite';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE_DB, TEST_DBS, type TestDb } from '../__fixtures__/dbs';
import { corruptRowError, isCorruptRowError, mapReadableRows, readJsonColumn } from './corrupt-rows';
import type { CorruptRowWarning, Storage } from './storage';

const ref = { table: 't', row: '7', column: 'c' };

describe('readJsonColumn', () => {
  it('returns the fallback for SQL NULL and the value for well-formed JSON of the right shape', () => {
    expect(readJsonColumn(null, [], 'array', ref)).toEqual([]);
    expect(readJsonColumn('[1,2]', [], 'array', ref)).toEqual([1, 2]);
    expect(readJsonColumn('{"a":1}', null, 'object', ref)).toEqual({ a: 1 });
    expect(readJsonColumn('null', 'x', 'any', ref)).toBeNull();
  });

  it('raises INTERNAL naming the table, row and column for malformed JSON or the wrong shape', () => {
    for (const [text, shape] of [
      ['{"a":', 'any'],
      ['{}', 'array'],
      ['[]', 'object'],
      ['null', 'object'],
    ] as const) {
      let error: unknown;
      try {
        readJsonColumn(text, null, shape, ref);
      } catch (e) {
        error = e;
      }
      expect(error).toMatchObject({ code: 'INTERNAL', details: { reason: 'corrupt_row', table: 't', row: '7', column: 'c' } });
      expect(isCorruptRowError(error)).toBe(true);
    }
  });

  it('mapReadableRows leaves out a corrupt row with a warning and rethrows any other error', () => {
    const warnings: CorruptRowWarning[] = [];
    const rows = ['[1]', 'oops', '[3]'];
    const out = mapReadableRows(
      rows,
      (text) => readJsonColumn<number[]>(text, [], 'array', { ...ref, row: text }),
      (w) => warnings.push(w),
    );
    expect(out).toEqual([[1], [3]]);
    expect(warnings).toEqual([
      { message: expect.stringMatching(/t\.c of row oops is not valid JSON; the row is left out/), table: 't', row: 'oops', column: 'c' },
    ]);
    expect(() =>
      mapReadableRows(
        [1],
        () => {
          throw new Error('driver');
        },
        () => undefined,
      ),
    ).toThrow('driver');
    expect(isCorruptRowError(corruptRowError(ref, 'is odd'))).toBe(true);
    expect(isCorruptRowError(new Error('x'))).toBe(false);
  });
});

/** Runs one statement on the test database behind `storage`, bypassing the storage. */
async function rawExec(db: TestDb, created: { url: string; pgSchema?: string; storage: Storage }, statement: string): Promise<void> {
  if (db.name === 'postgres') {
    const client = new pg.Client({ connectionString: created.url });
    await client.connect();
    try {
      await client.query(`set search_path to ${created.pgSchema}`);
      await client.query(statement);
    } finally {
      await client.end();
    }
  } else if (db.name === 'sqlite file') {
    const file = new DatabaseSync(created.url.slice('sqlite:'.length));
    try {
      file.exec('PRAGMA busy_timeout = 5000');
      file.exec(statement);
    } finally {
      file.close();
    }
  } else {
    // :memory: is private to its connection: reach the storage's own Kysely instance.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await sql.raw(statement).execute((created.storage as unknown as { db: Kysely<any> }).db);
  }
}

for (const db of [...TEST_DBS, SQLITE_FILE_DB]) {
  describe.skipIf(!db.enabled)(`corrupt rows on ${db.name}`, () => {
    let created: { url: string; pgSchema?: string; storage: Storage; cleanup(): Promise<void> };
    let warnings: CorruptRowWarning[];
    beforeEach(async () => {
      warnings = [];
      created = await db.create({ onWarning: (w) => warnings.push(w) });
    });
    afterEach(async () => {
      await created.cleanup();
    });

    it('a session with unreadable JSON raises on get and findLive, and is left out of listLive with a warning', async () => {
      const { storage } = created;
      const good = await storage.sessions.create({ userId: 'u1', sessionType: 'hr' });
      const bad = await storage.sessions.create({ userId: 'u1', sessionType: 'technical' });
      await rawExec(db, created, `update interview_sessions set answers = '[{"broken' where id = ${bad.id}`);
      const expected = { code: 'INTERNAL', details: { reason: 'corrupt_row', table: 'interview_sessions', row: String(bad.id), column: 'answers' } };
      await expect(storage.sessions.get(bad.id)).rejects.toMatchObject(expected);
      await expect(storage.sessions.findLive('u1', 'technical')).rejects.toMatchObject(expected);
      expect((await storage.sessions.listLive()).map((s) => s.id)).toEqual([good.id]);
      expect(warnings).toEqual([
        {
          message: expect.stringContaining(`interview_sessions.answers of row ${bad.id} is not valid JSON`),
          table: 'interview_sessions',
          row: String(bad.id),
          column: 'answers',
        },
      ]);
      // The list of a user's sessions reads no JSON column: both rows still show.
      expect((await storage.sessions.list('u1', { limit: 10 })).map((s) => s.id)).toEqual([bad.id, good.id]);

      // Well-formed JSON of the wrong shape is corrupt too.
      await rawExec(db, created, `update interview_sessions set questions = '{}' where id = ${good.id}`);
      await expect(storage.sessions.get(good.id)).rejects.toMatchObject({ details: { column: 'questions' } });
    });

    it('an unreadable event raises on list instead of leaving a hole in the log', async () => {
      const { storage } = created;
      const s = await storage.sessions.create({ userId: 'u1', sessionType: 'hr' });
      await storage.events.append(s.id, [
        { seq: 1, event: { type: 'session_started', t: 0, session_type: 'hr' } },
        { seq: 2, event: { type: 'question_end', t: 5, index: 0 } },
      ]);
      await rawExec(db, created, `update session_events set data = 'not json' where session_id = ${s.id} and seq = 2`);
      await expect(storage.events.list(s.id)).rejects.toMatchObject({
        code: 'INTERNAL',
        details: { table: 'session_events', row: `${s.id}/2`, column: 'data' },
      });
      expect((await storage.events.list(s.id, 2)).length).toBe(0);
      expect(warnings).toEqual([]);
    });

    it('a corrupt mastery topic is left out of the list with a warning and raises on get; a corrupt résumé raises', async () => {
      const { storage } = created;
      const base = {
        user_id: 'u1',
        mastery_level: 0.5,
        attempts: 1,
        concepts: {},
        history: [50],
        difficulty: 'medium' as const,
        updated_at: '2026-01-01T00:00:00.000Z',
      };
      await storage.mastery.upsert({ ...base, topic: 'dbms' });
      await storage.mastery.upsert({ ...base, topic: 'os' });
      await rawExec(db, created, `update user_mastery set history = '[50,' where topic = 'os'`);
      expect((await storage.mastery.list('u1')).map((m) => m.topic)).toEqual(['dbms']);
      expect(warnings).toMatchObject([{ table: 'user_mastery', row: 'u1/os', column: 'history' }]);
      await expect(storage.mastery.get('u1', 'os')).rejects.toMatchObject({ code: 'INTERNAL', details: { row: 'u1/os', column: 'history' } });
      // Upserting the topic again repairs it.
      await storage.mastery.upsert({ ...base, topic: 'os', history: [50, 70] });
      expect((await storage.mastery.get('u1', 'os'))?.history).toEqual([50, 70]);

      const resume = await storage.resumes.save({ user_id: 'u1', filename: 'cv.txt', content_type: 'text/plain', size: 2, text: 'hi', parsed: { skills: [] } });
      await rawExec(db, created, `update resumes set parsed = '{' where id = ${resume.id}`);
      await expect(storage.resumes.latest('u1')).rejects.toMatchObject({
        code: 'INTERNAL',
        details: { table: 'resumes', row: String(resume.id), column: 'parsed' },
      });
    });
  });
}
