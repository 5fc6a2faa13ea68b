import { afterAll, describe, expect, it } from 'vitest';
import { docxBomb, docxDocument, pdfBomb, pdfDocument } from '../testing/hostile-documents';
import { createDocumentSandbox } from './document-sandbox';
import { extractResumeText } from './extract-text';

// Issue 15 (B, C): resumes are parsed off the main thread, in a sandbox process with time and
// memory limits, and their decompressed content is bounded. The files are real, built here.

const sandbox = createDocumentSandbox({ size: 1 });
afterAll(() => sandbox.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string; message?: string; details?: Record<string, unknown> }) => e,
  );

const PAGES = [
  ['Jane Doe', 'jane.doe@example.com', 'Senior Software Engineer at Acme Corp (2020 - Present)', 'Led the billing migration to event-driven services.'],
  ['Projects', 'Ledger: double-entry bookkeeping service in Go', 'Chatty - real-time chat over WebSockets'],
  ['Education', 'B.Sc. Computer Science, University of Lisbon, 2017', 'Certifications', 'AWS Certified Solutions Architect'],
];

describe('resume extraction under hostile input', () => {
  it('reads a several-page text PDF handed over as a Node Buffer (what multipart uploads give)', { timeout: 30_000 }, async () => {
    const pdf = Buffer.from(pdfDocument(PAGES));
    const result = await extractResumeText(pdf, { filename: 'cv.pdf', sandbox });
    expect(result).toMatchObject({ format: 'pdf', pages: 3 });
    expect(result.text).toContain('Senior Software Engineer at Acme Corp');
    expect(result.text).toContain('University of Lisbon');
    const docx = await extractResumeText(Buffer.from(await docxDocument(PAGES.flat())), { filename: 'cv.docx', sandbox });
    expect(docx.text).toContain('Ledger: double-entry bookkeeping service in Go');
  });

  it(
    'refuses a DOCX zip bomb (300 MiB of tiny paragraphs) at the unpacking budget, with a clear 422, without growing this process',
    { timeout: 60_000 },
    async () => {
      const bomb = await docxBomb();
      expect(bomb.byteLength).toBeLessThan(2 * 1024 * 1024);
      const rss = process.memoryUsage.rss();
      const error = await failure(extractResumeText(bomb, { filename: 'cv.docx', sandbox }));
      expect(error).toMatchObject({ code: 'UNPROCESSABLE_DOCUMENT', details: { reason: 'too_large' } });
      expect(error!.message).toMatch(/expands to more than 32 MB/);
      expect(process.memoryUsage.rss() - rss).toBeLessThan(64 * 1024 * 1024);
    },
  );

  it('refuses a DOCX of blank space and one with too many XML elements', { timeout: 60_000 }, async () => {
    const blank = await failure(extractResumeText(await docxBomb({ whitespace: true, inflatedBytes: 64 * 1024 * 1024 }), { filename: 'cv.docx', sandbox }));
    expect(blank).toMatchObject({ code: 'UNPROCESSABLE_DOCUMENT' });
    const many = await docxDocument(Array.from({ length: 5000 }, (_, i) => `line ${i}`));
    const error = await failure(extractResumeText(many, { filename: 'cv.docx', sandbox, limits: { maxXmlNodes: 10_000 } }));
    expect(error?.message).toMatch(/more than 10000 XML elements/);
    // The same document within the limit reads fine.
    expect((await extractResumeText(many, { filename: 'cv.docx', sandbox })).text).toContain('line 4999');
  });

  it('refuses a PDF whose content stream inflates to 512 MiB: the parser process is stopped, this one is untouched', { timeout: 90_000 }, async () => {
    const bomb = await pdfBomb({ inflatedBytes: 512 * 1024 * 1024 });
    expect(bomb.byteLength).toBeLessThan(3 * 1024 * 1024);
    const rss = process.memoryUsage.rss();
    const error = await failure(extractResumeText(bomb, { filename: 'cv.pdf', sandbox }));
    expect(error).toMatchObject({ code: 'UNPROCESSABLE_DOCUMENT' });
    expect(error!.message).toMatch(/too much memory|longer than/);
    expect(process.memoryUsage.rss() - rss).toBeLessThan(64 * 1024 * 1024);
    // The sandbox carries on with the next upload.
    expect((await extractResumeText(pdfDocument(PAGES), { filename: 'cv.pdf', sandbox })).pages).toBe(3);
  });

  it('stops at the text limit', { timeout: 30_000 }, async () => {
    const error = await failure(extractResumeText(pdfDocument(PAGES), { filename: 'cv.pdf', sandbox, limits: { maxTextChars: 100 } }));
    expect(error?.message).toMatch(/more than 100 characters/);
  });
});
