import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InterviewKitError, speechRenderingKey } from '@interviewkit/core';
import { FakeSpeechSynthesizer } from '@interviewkit/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { CachedSpeechSynthesizer } from './speech-cache';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ik-tts-'));
  dirs.push(dir);
  return dir;
}

describe('CachedSpeechSynthesizer: each question rendered once', () => {
  it('serves a repeated question from memory without a second call; another voice is another rendering', async () => {
    const inner = new FakeSpeechSynthesizer();
    const tts = new CachedSpeechSynthesizer(inner);
    expect(tts).toMatchObject({ specificationVersion: 'v1', provider: 'fake', modelId: 'fake-voice', voiceId: inner.voiceId, format: 'mp3' });
    const first = await tts.synthesize('What is a race condition?');
    const again = await tts.synthesize('What is a race condition? ');
    expect(inner.calls).toHaveLength(1);
    expect(again.source).toBe('memory');
    expect(again.audio).toEqual(first.audio);
    expect(again.key).toBe(first.key);
    expect(first.key).toBe(await speechRenderingKey(inner.voiceId, 'What is a race condition?'));
    const other = await new CachedSpeechSynthesizer(new FakeSpeechSynthesizer({ voice: 'sage' })).synthesize('What is a race condition?');
    expect(other.key).not.toBe(first.key);
  });

  it('makes one call for concurrent requests of the same text', async () => {
    const inner = new FakeSpeechSynthesizer();
    const tts = new CachedSpeechSynthesizer(inner);
    const results = await Promise.all(Array.from({ length: 5 }, () => tts.synthesize('Describe a semaphore.')));
    expect(inner.calls).toHaveLength(1);
    expect(new Set(results.map((r) => r.key)).size).toBe(1);
  });

  it('does not cache failures', async () => {
    const inner = new FakeSpeechSynthesizer();
    const tts = new CachedSpeechSynthesizer(inner);
    inner.fail(new InterviewKitError('PROVIDER_UNAVAILABLE', 'down'));
    await expect(tts.synthesize('What is a lock?')).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect((await tts.synthesize('What is a lock?')).source).toBe('provider');
    expect(inner.calls).toHaveLength(2);
  });

  it('bounds memory by entries and bytes, evicting the least recently used', async () => {
    const inner = new FakeSpeechSynthesizer();
    const tts = new CachedSpeechSynthesizer(inner, { maxEntries: 2 });
    await tts.synthesize('A');
    await tts.synthesize('B');
    await tts.synthesize('A'); // A is now the most recent
    await tts.synthesize('C'); // evicts B
    expect(tts.memoryUsage.entries).toBe(2);
    expect((await tts.synthesize('A')).source).toBe('memory');
    expect((await tts.synthesize('B')).source).toBe('provider');
    expect(inner.calls).toHaveLength(4);

    const smallInner = new FakeSpeechSynthesizer();
    const small = new CachedSpeechSynthesizer(smallInner, { maxBytes: 40 });
    await small.synthesize('first question'); // 29 bytes of fake audio
    await small.synthesize('second question'); // 30 bytes: the first must go
    expect(small.memoryUsage).toEqual({ entries: 1, bytes: smallInner.audioOf('second question').byteLength });
    await small.synthesize('x'.repeat(100)); // larger than the bound: served, not kept
    expect(small.memoryUsage.entries).toBe(1);
  });

  it('keeps renderings in a directory named by the rendering key, across instances', async () => {
    const directory = join(tempDir(), 'tts');
    const inner = new FakeSpeechSynthesizer();
    const rendered = await new CachedSpeechSynthesizer(inner, { directory }).synthesize('Why use a thread pool?');
    expect(readdirSync(directory)).toEqual([`${rendered.key}.mp3`]);
    expect(new Uint8Array(readFileSync(join(directory, `${rendered.key}.mp3`)))).toEqual(rendered.audio);

    const fromDisk = await new CachedSpeechSynthesizer(inner, { directory }).synthesize('Why use a thread pool?');
    expect(fromDisk.source).toBe('disk');
    expect(fromDisk.audio).toEqual(rendered.audio);
    expect(inner.calls).toHaveLength(1);

    await new CachedSpeechSynthesizer(new FakeSpeechSynthesizer({ format: 'opus' }), { directory }).synthesize('Why use a thread pool?');
    expect(readdirSync(directory)).toHaveLength(2);
  });

  it('still speaks when the directory cache cannot be written, and says so', async () => {
    const directory = tempDir();
    writeFileSync(join(directory, 'not-a-dir'), 'x');
    const problems: unknown[] = [];
    const tts = new CachedSpeechSynthesizer(new FakeSpeechSynthesizer(), {
      directory: join(directory, 'not-a-dir'),
      onCacheError: (e: unknown) => problems.push(e),
    });
    const speech = await tts.synthesize('What is a deadlock?');
    expect(speech.source).toBe('provider');
    expect(problems.length).toBeGreaterThan(0);
  });

  it('validates cache options', () => {
    expect(() => new CachedSpeechSynthesizer(new FakeSpeechSynthesizer(), { maxEntries: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
