import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionEvent } from '@interviewkit/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SQLITE_FILE_DB, TEST_DBS } from '../__fixtures__/dbs';
import { createStorage, parseDatabaseUrl, type Storage } from './storage';
import { ThreadedStorage } from './threaded-storage';

describe('parseDatabaseUrl', () => {
  it('recognises sqlite files, memory and postgres', () => {
    expect(parseDatabaseUrl('sqlite:./x.db')).toEqual({ dialect: 'sqlite', target: './x.db' });
    expect(parseDatabaseUrl('./x.db')).toEqual({ dialect: 'sqlite', target: './x.db' });
    expect(parseDatabaseUrl(':memory:')).toEqual({ dialect: 'sqlite', target: ':memory:' });
    expect(parseDatabaseUrl('postgres://u@h/db').dialect).toBe('postgres');
    expect(parseDatabaseUrl('postgresql://u@h/db').dialect).toBe('postgres');
    expect(() => parseDatabaseUrl('mysql://u@h/db')).toThrow(/DATABASE_URL/);
  });
});

// The server's default, an SQLite file in its storage thread, runs the same suite.
for (const db of [...TEST_DBS, SQLITE_FILE_DB]) {
  describe.skipIf(!db.enabled)(`storage on ${db.name}`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      const created = await db.create();
      storage = created.storage;
      cleanup = created.cleanup;
    });
    afterEach(async () => {
      await cleanup();
    });

    it('creates users with unique e-mails', async () => {
      const user = await storage.users.create({ email: 'a@example.com', passwordHash: 'h', name: 'A' });
      expect(user.id).toBeGreaterThan(0);
      await expect(storage.users.create({ email: 'a@example.com', passwordHash: 'h', name: null })).rejects.toMatchObject({ code: 'CONFLICT' });
      expect((await storage.users.findByEmail('a@example.com'))?.passwordHash).toBe('h');
      expect(await storage.users.findById(user.id)).toEqual(user);
      expect(await storage.users.findById(9999)).toBeNull();
    });

    it('stores sessions, lists them newest first with a cursor, and enforces ownership', async () => {
      const a = await storage.users.create({ email: 'a@example.com', passwordHash: 'h', name: null });
      const b = await storage.users.create({ email: 'b@example.com', passwordHash: 'h', name: null });
      const ids: number[] = [];
      for (const type of ['technical', 'hr', 'technical'] as const) {
        ids.push((await storage.sessions.create({ userId: String(a.id), sessionType: type, topic: 'python', useMock: true })).id);
      }
      await storage.sessions.create({ userId: String(b.id), sessionType: 'technical' });
      const page1 = await storage.sessions.list(String(a.id), { limit: 2 });
      expect(page1.map((s) => s.id)).toEqual([ids[2], ids[1]]);
      const page2 = await storage.sessions.list(String(a.id), { limit: 2, beforeId: page1[1]!.id });
      expect(page2.map((s) => s.id)).toEqual([ids[0]]);
      expect((await storage.sessions.list(String(a.id), { limit: 10, type: 'technical' })).map((s) => s.id)).toEqual([ids[2], ids[0]]);
      expect(await storage.sessions.get(ids[0]!, String(b.id))).toBeNull();
      const s = await storage.sessions.get(ids[0]!, String(a.id));
      expect(s).toMatchObject({ session_type: 'technical', status: 'live', use_mock: true, topic: 'python', score: null, analysis_valid: null });

      await storage.sessions.update(ids[0]!, {
        status: 'completed',
        score: 78.5,
        duration: 600,
        analysis_valid: true,
        completed_at: '2026-03-03T14:40:00.000Z',
        questions_count: 8,
      });
      expect(await storage.sessions.get(ids[0]!)).toMatchObject({ status: 'completed', score: 78.5, duration: 600, analysis_valid: true, questions_count: 8 });
      expect((await storage.sessions.listLive()).map((x) => x.id)).toEqual([ids[1], ids[2], expect.any(Number)]);
      expect((await storage.sessions.findLive(String(a.id), 'technical'))?.id).toBe(ids[2]);
    });

    it('appends the event log idempotently and reads it back in order', async () => {
      const a = await storage.users.create({ email: 'a@example.com', passwordHash: 'h', name: null });
      const s = await storage.sessions.create({ userId: String(a.id), sessionType: 'hr' });
      const events: SessionEvent[] = [
        { type: 'session_started', t: 0, session_type: 'hr' },
        { type: 'question_asked', t: 5, index: 0, question: 'Tell me about yourself' },
        { type: 'question_end', t: 10.5, index: 0 },
      ];
      await storage.events.append(
        s.id,
        events.slice(0, 2).map((event, i) => ({ seq: i + 1, event })),
      );
      await storage.events.append(
        s.id,
        events.map((event, i) => ({ seq: i + 1, event })),
      );
      const back = await storage.events.list(s.id);
      expect(back.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(back.map((e) => e.event)).toEqual(events);
      expect((await storage.events.list(s.id, 2)).map((e) => e.seq)).toEqual([3]);
      expect((await storage.sessions.get(s.id))?.event_count).toBe(3);
    });

    it('upserts mastery and stores resumes', async () => {
      const a = await storage.users.create({ email: 'a@example.com', passwordHash: 'h', name: null });
      const rec = {
        user_id: String(a.id),
        topic: 'dbms',
        mastery_level: 0.4,
        attempts: 1,
        concepts: { joins: { mastery: 0.4, attempts: 1, misses: 0 } },
        history: [40],
        difficulty: 'medium' as const,
        updated_at: new Date().toISOString(),
      };
      await storage.mastery.upsert(rec);
      await storage.mastery.upsert({ ...rec, mastery_level: 0.6, attempts: 2, history: [40, 80] });
      expect(await storage.mastery.list(String(a.id))).toEqual([{ ...rec, mastery_level: 0.6, attempts: 2, history: [40, 80] }]);
      expect(await storage.resumes.latest(String(a.id))).toBeNull();
      await storage.resumes.save({
        user_id: String(a.id),
        filename: 'cv.txt',
        content_type: 'text/plain',
        size: 5,
        text: 'hello',
        parsed: { skills: ['sql'] },
      });
      expect(await storage.resumes.latest(String(a.id))).toMatchObject({ filename: 'cv.txt', parsed: { skills: ['sql'] } });
      expect(await storage.ping()).toBe(true);
    });
  });
}

describe('SQLite storage thread', () => {
  let dir = '';
  let storage: Storage | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ik-thread-'));
  });
  afterEach(async () => {
    await storage?.close();
    storage = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens files in a thread and :memory: on the calling thread', async () => {
    storage = await createStorage(`sqlite:${join(dir, 'a.db')}`);
    expect(storage).toBeInstanceOf(ThreadedStorage);
    const memory = await createStorage(':memory:');
    expect(memory).not.toBeInstanceOf(ThreadedStorage);
    await memory.close();
  });

  it('stores event logs sent to the thread as JSON exactly as the calling thread stores them', async () => {
    storage = await createStorage(`sqlite:${join(dir, 'events.db')}`);
    const memory = await createStorage(':memory:');
    try {
      const events: SessionEvent[] = [
        { type: 'session_started', t: 0, session_type: 'technical' },
        { type: 'transcript_partial', t: 1234.5, text: 'a “quoted” naïve word', words: [{ text: 'a', start: 1000, end: 1340, confidence: 0.875 }] },
        { type: 'speech_end', t: 2e6 },
      ];
      for (const store of [storage, memory]) {
        const user = await store.users.create({ email: 'a@example.com', passwordHash: 'h', name: null });
        const session = await store.sessions.create({ userId: String(user.id), sessionType: 'technical' });
        await store.events.appendMany([{ sessionId: session.id, events: events.map((event, i) => ({ seq: i + 1, event })) }]);
      }
      expect(await storage.events.list(1)).toEqual(await memory.events.list(1));
      expect((await storage.events.list(1)).map((e) => e.event)).toEqual(events);
      expect((await storage.sessions.get(1))?.event_count).toBe(3);
    } finally {
      await memory.close();
    }
  });

  it('keeps the event loop free while a write waits for a lock another process holds, then answers STORAGE_UNAVAILABLE', { timeout: 30_000 }, async () => {
    const file = join(dir, 'busy.db');
    storage = await createStorage(`sqlite:${file}`);
    const other = new DatabaseSync(file);
    try {
      other.exec('PRAGMA busy_timeout = 0; BEGIN EXCLUSIVE');
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 100);
      // The write waits the busy timeout (5 s) for the lock: in the storage thread, not here.
      const write = storage.users.create({ email: 'busy@example.com', passwordHash: 'h', name: null }).then(
        () => null,
        (error: unknown) => error,
      );
      const error = await write;
      clearInterval(ticker);
      expect(ticks).toBeGreaterThanOrEqual(10); // on the calling thread the loop would not tick once
      expect(error).toMatchObject({ code: 'ERR_SQLITE_ERROR' });
      const { isStorageUnavailableError } = await import('./storage-errors');
      expect(isStorageUnavailableError(error)).toBe(true);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await storage.users.create({ email: 'free@example.com', passwordHash: 'h', name: null })).id).toBeGreaterThan(0);
  });

  it('fails the calls in flight when the thread dies and starts a new thread for the next call', { timeout: 30_000 }, async () => {
    const file = join(dir, 'b.db');
    storage = await createStorage(`sqlite:${file}`);
    const user = await storage.users.create({ email: 'a@example.com', passwordHash: 'h', name: null });
    const worker = (storage as unknown as { worker: { terminate(): Promise<number> } }).worker;
    // Another connection holds the write lock, so the write below is certainly still waiting in the
    // thread (busy timeout 5 s) when the thread dies; a plain read could finish first.
    const other = new DatabaseSync(file);
    try {
      other.exec('PRAGMA busy_timeout = 0; BEGIN EXCLUSIVE');
      const inFlight = storage.users.create({ email: 'waiting@example.com', passwordHash: 'h', name: null });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await worker.terminate();
      await expect(inFlight).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect(await storage.users.findById(user.id)).toEqual(user);
  });
});
