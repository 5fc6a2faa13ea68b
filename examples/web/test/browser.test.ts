import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, defaultPorts, loadConfig, type InterviewKitServer } from '@interviewkit/server-fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interviewKitProxy } from '../vite.config.ts';

/**
 * End to end, like a person: the page is built with Vite and served (vite preview) on the same
 * origin as the real server's /api and /ws (proxied); headless Debian Chromium hears a WAV of
 * real speech (espeak-ng + sox) as its microphone. Register, start a technical interview, answer
 * by voice, answer by typing, stop, and read the report, history and mastery.
 */

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CHROMIUM = '/usr/bin/chromium';
const artifacts = join(root, 'test-artifacts');

const has = (cmd: string): boolean => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
const missing = [...(existsSync(CHROMIUM) ? [] : [CHROMIUM]), ...(has('espeak-ng') ? [] : ['espeak-ng']), ...(has('sox') ? [] : ['sox'])];
if (missing.length > 0) console.warn(`[example-web] SKIPPING the browser test: ${missing.join(', ')} not installed.`);

/** What the candidate says into the microphone (and types as the practice script for the mock transcriber). */
const SPOKEN = 'An index is a sorted data structure, usually a B tree, that finds rows without scanning the whole table.';
const TYPED = 'A transaction is a unit of work that is atomic, consistent, isolated and durable: it commits completely or rolls back.';

/** Real speech: espeak-ng → sox 16 kHz mono PCM16, with 1.2 s of silence after it (Chromium loops the file, so the answer has pauses). */
function speechWav(dir: string): string {
  const raw = join(dir, 'raw.wav');
  const wav = join(dir, 'speech.wav');
  const espeak = spawnSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-w', raw, SPOKEN], { encoding: 'utf8' });
  if (espeak.status !== 0) throw new Error(`espeak-ng failed: ${espeak.stderr}`);
  const sox = spawnSync('sox', [raw, '-r', '16000', '-c', '1', '-b', '16', wav, 'pad', '0.3', '1.2'], { encoding: 'utf8' });
  if (sox.status !== 0) throw new Error(`sox failed: ${sox.stderr}`);
  return wav;
}

describe.skipIf(missing.length > 0)('examples/web in headless Chromium', () => {
  let server: InterviewKitServer;
  let site: PreviewServer;
  let browser: Browser;
  let url: string;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ik-web-'));
    const wav = speechWav(work);
    const outDir = join(work, 'dist');
    const config = { env: 'test' as const, databaseUrl: ':memory:', logLevel: 'silent' as const, jwtSecret: 'example-web-tests-secret-0123456789abcdef', authRateLimitPerMinute: 10_000 };
    [server] = await Promise.all([
      createServer(config, { ports: defaultPorts(loadConfig({ NODE_ENV: 'test' })), passwordParams: { N: 1024, r: 8, p: 1 } }),
      build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } }),
    ]);
    const api = await server.app.listen({ port: 0, host: '127.0.0.1' });
    site = await preview({ root, configFile: false, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, proxy: interviewKitProxy(api) } });
    url = `http://127.0.0.1:${(site.httpServer.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`, '--autoplay-policy=no-user-gesture-required'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((done) => (site ? site.httpServer.close(() => done()) : done()));
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('register, answer by voice and by typing, stop, and read the report, history and mastery', { timeout: 90_000 }, async () => {
    const page: Page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
    });
    const wait = { timeout: 20_000 };

    // Register.
    await page.goto(url);
    await page.getByLabel('E-mail').fill('ada@example.com');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.locator('#view-setup').waitFor(wait);
    await expect(page.locator('#account-email').textContent()).resolves.toBe('ada@example.com');
    await expect(page.locator('#history-empty').isVisible()).resolves.toBe(true);

    // Start a technical interview on databases.
    await page.getByLabel('Session type').selectOption('technical');
    await page.getByLabel('Topic', { exact: true }).selectOption('dbms');
    await page.getByLabel('Questions', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Start interview' }).click();
    await page.locator('#question-progress', { hasText: 'Question 1 of 3' }).waitFor(wait);
    const question1 = (await page.locator('#question-text').textContent()) ?? '';
    expect(question1.length).toBeGreaterThan(10);
    await expect(page.locator('#transcriber-badge').textContent()).resolves.toBe('mock transcriber');

    // Check the microphone first: once access is granted the device list has the real labels; pick one.
    await page.getByRole('button', { name: 'Test microphone' }).click();
    await page.waitForFunction(() => (document.getElementById('level') as HTMLMeterElement).value > -50, undefined, wait);
    await page.waitForFunction(() => document.querySelectorAll('#mic-select option').length >= 2, undefined, wait);
    const devices = await page.locator('#mic-select option').allTextContents();
    await page.getByLabel('Microphone').selectOption({ label: devices[1]! });
    await page.getByRole('button', { name: 'Stop test' }).click();

    // Question 1 by voice: the practice script, then record; the transcript follows the voice.
    await page.getByLabel(/Practice script/).fill(SPOKEN);
    await page.getByRole('button', { name: '● Record' }).click();
    await page.locator('#notice', { hasText: 'Recording from' }).waitFor(wait);
    // The level meter moves with the fake microphone's speech.
    await page.waitForFunction(() => (document.getElementById('level') as HTMLMeterElement).value > -50, undefined, wait);
    await page.locator('#transcript', { hasText: 'An index is' }).waitFor(wait);
    // Words are released only while speech is heard: the last one arrives after the first pause of the looped file.
    await page.locator('#transcript', { hasText: 'whole table' }).waitFor({ timeout: 30_000 });
    await expect(page.locator('#live-metrics [data-metric="speaking_ratio"]').textContent()).resolves.not.toBe('0 %');
    await page.getByRole('button', { name: 'Done' }).click();
    const feedback1 = page.locator('#feedback li[data-index="0"]');
    await feedback1.waitFor(wait);
    await expect(feedback1.locator('.score').textContent()).resolves.toMatch(/^\d+(\.\d)? \/ 100 · [A-F]$/);
    await expect(feedback1.textContent()).resolves.toContain('Matched:');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'interview.png'), fullPage: true });

    // Question 2 by typing.
    await page.locator('#question-progress', { hasText: 'Question 2 of 3' }).waitFor(wait);
    await page.getByPlaceholder('Type your answer…').fill(TYPED);
    await page.getByRole('button', { name: 'Submit typed answer' }).click();
    await page.locator('#feedback li[data-index="1"] .score').waitFor(wait);

    // Stop before question 3.
    await page.locator('#question-progress', { hasText: 'Question 3 of 3' }).waitFor(wait);
    await page.getByRole('button', { name: 'Stop interview' }).click();

    // The report: score, timeline with speech (and the pauses of the looped file), charts.
    await page.locator('#view-report').waitFor(wait);
    await expect(page.locator('#report-score').textContent()).resolves.toMatch(/^\d+(\.\d)?$/);
    const timeline = page.locator('#report-timeline svg.timeline');
    expect(await timeline.locator('rect.speech').count()).toBeGreaterThanOrEqual(2);
    expect(await timeline.locator('rect.pause').count()).toBeGreaterThanOrEqual(1);
    expect(await timeline.locator('text.question-label').allTextContents()).toEqual(['Q1', 'Q2', 'Q3']);
    expect(await page.locator('#report-wpm svg rect.bar').count()).toBe(1); // only Q1 was spoken
    expect(await page.locator('#report-scores svg rect.bar').count()).toBe(2);
    await expect(page.locator('#report-metrics').textContent()).resolves.toContain('Words per minute');
    await expect(page.locator('#report-answers').textContent()).resolves.toContain('atomic, consistent');

    // History and mastery.
    const row = page.locator('#history tbody tr').first();
    await row.waitFor(wait);
    await expect(row.textContent()).resolves.toMatch(/technical.*dbms.*stopped/);
    expect(await page.locator('#mastery li[data-topic]').count()).toBeGreaterThanOrEqual(1);
    await expect(page.locator('#mastery-overall').textContent()).resolves.toMatch(/Average mastery \d+ %/);

    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });

    // The report can be reopened from the history.
    await page.getByRole('button', { name: 'New interview' }).click();
    await page.locator('#view-setup').waitFor(wait);
    await expect(page.locator('#view-report').isVisible()).resolves.toBe(false);
    await page.locator('#history tbody tr').first().getByRole('button', { name: 'Report' }).click();
    await page.locator('#view-report').waitFor(wait);
    expect(await page.locator('#report-timeline rect.speech').count()).toBeGreaterThanOrEqual(2);
    await expect(page.locator('#error').isVisible()).resolves.toBe(false);
    expect(problems).toEqual([]);
  });
});
