import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SQL_CHALLENGES } from '@interviewkit/questions';
import { createServer, defaultPorts, loadConfig, type InterviewKitServer } from '@interviewkit/server-fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * End to end, like a person: the page is built with Vite and served by the real server at `/`
 * (WEB_ROOT, as `pnpm start` serves it), beside /api and /ws; headless Debian Chromium hears a WAV
 * of real speech (espeak-ng + sox) as its microphone. A technical interview by voice and by
 * typing, a behavioural mock interview and its typed-only report, a coding question with its
 * sample tables, and an accessibility check (axe-core) of every view.
 */

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const CHROMIUM = '/usr/bin/chromium';
const artifacts = join(root, 'test-artifacts');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const has = (cmd: string): boolean => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
const missing = [...(existsSync(CHROMIUM) ? [] : [CHROMIUM]), ...(has('espeak-ng') ? [] : ['espeak-ng']), ...(has('sox') ? [] : ['sox'])];
if (missing.length > 0) console.warn(`[example-web] SKIPPING the browser tests: ${missing.join(', ')} not installed.`);

/** What the candidate says into the microphone (and types as the practice script for the mock transcriber). */
const SPOKEN = 'An index is a sorted data structure, usually a B tree, that finds rows without scanning the whole table.';
const TYPED = 'A transaction is a unit of work that is atomic, consistent, isolated and durable: it commits completely or rolls back.';
const BEHAVIOURAL = [
  'In my last project two teammates disagreed about the database design. I set up a short meeting, we listed the trade-offs together, agreed on criteria and picked a design; the release shipped on time and both felt heard.',
  'When a deadline slipped I told my manager early, proposed cutting two low-value features, and we delivered the core on the original date. I learned to raise risks the day I see them.',
];

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

const wait = { timeout: 20_000 };

/**
 * The content security policy the page works under (the server README lists it for whoever sets
 * the headers): every test serves the page with it, so a blocked script, style, socket, worklet or
 * sound shows up as a console error and fails the test. The microphone's AudioWorklet module is a
 * blob: URL (script-src), the interviewer's audio a blob: URL (media-src).
 */
const PAGE_CSP =
  "default-src 'self'; script-src 'self' blob:; style-src 'self'; img-src 'self' data:; connect-src 'self'; media-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated by the test driver, so the page's policy (no inline scripts) does not stop it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate((source) => (0, eval)(source), AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }).axe.run(
      document,
      { resultTypes: ['violations'] },
    );
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

/** A new page that records page errors and console errors. */
async function openPage(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  await page.goto(url);
  return { page, problems };
}

async function register(page: Page, email: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.locator('#view-setup').waitFor(wait);
}

async function startInterview(page: Page, type: string, count: number, topic?: string): Promise<void> {
  await page.getByLabel('Session type').selectOption(type);
  if (topic) await page.getByLabel('Topic', { exact: true }).selectOption(topic);
  await page.getByLabel('Questions', { exact: true }).fill(String(count));
  await page.getByRole('button', { name: 'Start interview' }).click();
  await page.locator('#question-progress', { hasText: `Question 1 of ${count}` }).waitFor(wait);
}

async function answerByTyping(page: Page, index: number, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Your answer' }).fill(text);
  await page.getByRole('button', { name: 'Submit typed answer' }).click();
  // Attached, not visible: after the last answer the report replaces the interview view.
  await page.locator(`#feedback li[data-index="${index}"]`).waitFor({ ...wait, state: 'attached' });
}

describe.skipIf(missing.length > 0)('examples/web in headless Chromium, served by the server at /', () => {
  let server: InterviewKitServer;
  let browser: Browser;
  let url: string;
  let work: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'ik-web-'));
    const wav = speechWav(work);
    const outDir = join(work, 'dist');
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
    const config = {
      env: 'test' as const,
      databaseUrl: ':memory:',
      logLevel: 'silent' as const,
      jwtSecret: 'example-web-tests-secret-0123456789abcdef',
      authRateLimitPerMinute: 10_000,
      webRoot: outDir,
    };
    server = await createServer(config, { ports: defaultPorts(loadConfig({ NODE_ENV: 'test' })), passwordParams: { N: 1024, r: 8, p: 1 } });
    // The page under the policy, as a host would send it (the reference server leaves headers to its operator).
    server.app.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('content-security-policy', PAGE_CSP);
      return payload;
    });
    url = `${await server.app.listen({ port: 0, host: '127.0.0.1' })}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${wav}`,
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
  }, 120_000); // a Vite build and a browser start on a shared 2-core machine

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('technical interview: answer by voice and by typing, stop, and read the report, history and mastery', { timeout: 120_000 }, async () => {
    const { page, problems } = await openPage(browser, url);
    // The policy is in force (an inline script is refused), and the whole voice interview below works under it.
    const inline = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true';
      document.head.append(script);
      return 'inlineRan' in window ? 'ran' : 'refused';
    });
    expect(inline).toBe('refused');
    problems.splice(0); // the refusal itself is logged as a console error
    await register(page, 'ada@example.com');
    await expect(page.locator('#account-email').textContent()).resolves.toBe('ada@example.com');
    await expect(page.locator('#history-empty').isVisible()).resolves.toBe(true);

    await startInterview(page, 'technical', 3, 'dbms');
    const question1 = (await page.locator('#question-text').textContent()) ?? '';
    expect(question1.length).toBeGreaterThan(10);
    await expect(page.locator('#transcriber-badge').textContent()).resolves.toBe('mock transcriber');
    // The level meter and the answer box have accessible names.
    await expect(page.getByRole('meter', { name: 'Microphone level' }).count()).resolves.toBe(1);
    await expect(page.getByRole('textbox', { name: 'Your answer' }).count()).resolves.toBe(1);

    // Check the microphone first: once access is granted the device list has the real labels; pick one.
    await page.getByRole('button', { name: 'Test microphone' }).click();
    await page.waitForFunction(() => (document.getElementById('level') as HTMLMeterElement).value > -50, undefined, wait);
    await page.waitForFunction(() => document.querySelectorAll('#mic-select option').length >= 2, undefined, wait);
    const devices = await page.locator('#mic-select option').allTextContents();
    await page.getByLabel('Microphone', { exact: true }).selectOption({ label: devices[1]! });
    await page.getByRole('button', { name: 'Stop test' }).click();

    // Question 1 by voice: the practice script, then record; the transcript follows the voice.
    await page.getByLabel(/Practice script/).fill(SPOKEN);
    await page.getByRole('button', { name: '● Record' }).click();
    await page.locator('#notice', { hasText: 'Recording from' }).waitFor(wait);
    await page.waitForFunction(() => (document.getElementById('level') as HTMLMeterElement).value > -50, undefined, wait);
    await page.locator('#transcript', { hasText: 'An index is' }).waitFor(wait);
    // Words are released only while speech is heard: the last one arrives after the first pause of the looped file.
    await page.locator('#transcript', { hasText: 'whole table' }).waitFor({ timeout: 30_000 });
    await expect(page.locator('#live-metrics [data-metric="speaking_ratio"]').textContent()).resolves.not.toBe('0 %');
    // Under 50 words the live WPM carries a * and the page says what it means.
    await expect(page.locator('#live-metrics [data-metric="wpm"]').textContent()).resolves.toMatch(/^\d+\*$/);
    await expect(page.locator('#live-wpm-note').isVisible()).resolves.toBe(true);
    await expect(page.locator('#live-wpm-note').textContent()).resolves.toContain('Fewer than 50 words');
    await page.getByRole('button', { name: 'Done' }).click();
    const feedback1 = page.locator('#feedback li[data-index="0"]');
    await feedback1.waitFor(wait);
    await expect(feedback1.locator('.score').textContent()).resolves.toMatch(/^\d+(\.\d)? \/ 100 · [A-F]$/);
    await expect(feedback1.textContent()).resolves.toContain('Matched:');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'interview.png'), fullPage: true });

    // Question 2 by typing.
    await page.locator('#question-progress', { hasText: 'Question 2 of 3' }).waitFor(wait);
    await answerByTyping(page, 1, TYPED);

    // Stop at question 3 (asked, not answered).
    await page.locator('#question-progress', { hasText: 'Question 3 of 3' }).waitFor(wait);
    await page.getByRole('button', { name: 'Stop interview' }).click();

    // The report: score, the same count of answers everywhere, timeline, charts.
    await page.locator('#view-report').waitFor(wait);
    await expect(page.locator('#report-score').textContent()).resolves.toMatch(/^\d+(\.\d)?$/);
    const summary = (await page.locator('#report-summary').textContent()) ?? '';
    expect(summary).toContain('2 of 3 questions answered');
    expect(summary).not.toMatch(/2 of 2/);
    const timeline = page.locator('#report-timeline svg.timeline');
    expect(await timeline.locator('rect.speech').count()).toBeGreaterThanOrEqual(2);
    expect(await timeline.locator('rect.pause').count()).toBeGreaterThanOrEqual(1);
    expect(await timeline.locator('text.question-label').allTextContents()).toEqual(['Q1', 'Q2', 'Q3']);
    expect(await page.locator('#report-wpm svg rect.bar').count()).toBe(1); // only Q1 was spoken
    expect(await page.locator('#report-scores svg rect.bar').count()).toBe(2);
    await expect(page.locator('#report-metrics').textContent()).resolves.toContain('Words per minute');
    await expect(page.locator('#report-answers').textContent()).resolves.toContain('atomic, consistent');
    await expectEachTipOnce(page);

    // History and mastery (with named meters).
    const row = page.locator('#history tbody tr').first();
    await row.waitFor(wait);
    await expect(row.textContent()).resolves.toMatch(/technical.*dbms.*stopped/);
    expect(await page.locator('#mastery li[data-topic]').count()).toBeGreaterThanOrEqual(1);
    expect(await page.getByRole('meter', { name: /mastery$/ }).count()).toBeGreaterThanOrEqual(1);
    await expect(page.locator('#mastery-overall').textContent()).resolves.toMatch(/Average mastery \d+ %/);
    await page.screenshot({ path: join(artifacts, 'report.png'), fullPage: true });

    // The report can be reopened from the history.
    await page.getByRole('button', { name: 'New interview' }).click();
    await page.locator('#view-setup').waitFor(wait);
    await page.locator('#history tbody tr').first().getByRole('button', { name: 'Report' }).click();
    await page.locator('#view-report').waitFor(wait);
    expect(await page.locator('#report-timeline rect.speech').count()).toBeGreaterThanOrEqual(2);
    await expect(page.locator('#error').isVisible()).resolves.toBe(false);
    expect(problems).toEqual([]);
  });

  it(
    'behavioural mock interview without a resume, answered by typing: "Evaluating…" is a status, and the report says speech was not measured',
    { timeout: 90_000 },
    async () => {
      const { page, problems } = await openPage(browser, url);
      await register(page, 'grace@example.com');
      await startInterview(page, 'mock', 2);
      await expect(page.locator('#error').isVisible()).resolves.toBe(false);

      // Record what the status line says while the answers are evaluated.
      await expect(page.locator('#evaluating').getAttribute('role')).resolves.toBe('status');
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { statusTexts: string[] }).statusTexts = seen;
        new MutationObserver(() => seen.push(document.getElementById('evaluating')!.textContent ?? '')).observe(document.getElementById('evaluating')!, {
          childList: true,
          characterData: true,
          subtree: true,
        });
      });
      await answerByTyping(page, 0, BEHAVIOURAL[0]!);
      // No speech yet: the live panel shows no zeros as results, and says why.
      await expect(page.locator('#live-metrics [data-metric="wpm"]').textContent()).resolves.toBe('–');
      await expect(page.locator('#live-metrics [data-metric="fluency_score"]').textContent()).resolves.toBe('–');
      await expect(page.locator('#live-metrics-note').isVisible()).resolves.toBe(true);
      await page.locator('#question-progress', { hasText: 'Question 2 of 2' }).waitFor(wait);
      await answerByTyping(page, 1, BEHAVIOURAL[1]!);
      const statusTexts = await page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);
      expect(statusTexts).toContain('Evaluating your answer to Q1…');
      expect(statusTexts).toContain('Evaluating your answer to Q2…');

      // Both answered: the interview completes and the report opens by itself.
      await page.locator('#view-report').waitFor(wait);
      await expect(page.locator('#report-title').textContent()).resolves.toContain('mock');
      const summary = (await page.locator('#report-summary').textContent()) ?? '';
      expect(summary).toContain('2 of 2 questions answered');
      const metrics = (await page.locator('#report-metrics').textContent()) ?? '';
      expect(metrics).toContain('not measured — typed answers');
      expect(metrics).not.toMatch(/Words per minute|Fluency|Response latency/);
      expect(metrics).not.toMatch(/0 %|0\.0 s/);
      await expect(page.locator('#report-wpm').textContent()).resolves.toContain('not measured — typed answers');
      await expect(page.locator('#report-wpm-note').isVisible()).resolves.toBe(false);
      await expect(page.locator('#report-timeline').textContent()).resolves.toContain('No speech was recorded (typed answers)');
      expect(await page.locator('#report-scores svg rect.bar').count()).toBe(2);
      await expectEachTipOnce(page);
      await page.screenshot({ path: join(artifacts, 'report-typed.png'), fullPage: true });
      expect(problems).toEqual([]);
    },
  );

  it('coding question: the sample tables are tables, the page stays as wide as the window, and the right query scores 100', { timeout: 90_000 }, async () => {
    const { page, problems } = await openPage(browser, url);
    await register(page, 'edgar@example.com');
    await startInterview(page, 'coding', 1);
    const text = (await page.locator('#question-text').textContent()) ?? '';
    const challenge = SQL_CHALLENGES.find((c) => text.startsWith(`${c.title}:`));
    expect(challenge, text).toBeDefined();

    const extra = page.locator('#question-extra');
    await expect(extra.isVisible()).resolves.toBe(true);
    const tables = extra.locator('table.sample-table');
    const names = [...challenge!.setupSql.matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]!);
    expect(await tables.count()).toBe(names.length);
    for (const [i, name] of names.entries()) {
      await expect(tables.nth(i).locator('caption').textContent()).resolves.toContain(name);
      expect(await tables.nth(i).locator('tbody tr').count()).toBeGreaterThan(0);
    }
    await expect(extra.textContent()).resolves.not.toMatch(/INSERT INTO|\{"challenge"/);
    // The raw extra used to be one JSON line 5,400 px wide.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1200);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(artifacts, 'coding.png'), fullPage: true });

    await answerByTyping(page, 0, challenge!.solutionSql);
    await expect(page.locator('#feedback li[data-index="0"] .score').textContent()).resolves.toMatch(/^100(\.0)? \/ 100 · A$/);
    expect(problems).toEqual([]);
  });

  it('has no serious or critical accessibility violations (axe-core) on any view', { timeout: 90_000 }, async () => {
    const { page, problems } = await openPage(browser, url);
    const report: Record<string, string[]> = {};
    await page.locator('#view-auth').waitFor(wait);
    report.signIn = await seriousViolations(page);
    await register(page, 'alan@example.com');
    report.setup = await seriousViolations(page);
    await startInterview(page, 'technical', 2, 'oop');
    report.interview = await seriousViolations(page);
    await answerByTyping(page, 0, TYPED);
    await page.locator('#question-progress', { hasText: 'Question 2 of 2' }).waitFor(wait);
    report.feedback = await seriousViolations(page);
    await page.getByRole('button', { name: 'Stop interview' }).click();
    await page.locator('#view-report').waitFor(wait);
    report.report = await seriousViolations(page);
    expect(report).toEqual({ signIn: [], setup: [], interview: [], feedback: [], report: [] });
    expect(problems).toEqual([]);
  });
});

/** Each recommendation and delivery tip of the report appears once. */
async function expectEachTipOnce(page: Page): Promise<void> {
  const tips = (await page.locator('#report-feedback li').allTextContents()).map((t) => t.trim());
  expect(tips.length).toBeGreaterThan(0);
  expect(new Set(tips).size).toBe(tips.length);
}
