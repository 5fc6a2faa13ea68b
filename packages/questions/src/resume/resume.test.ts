import JSZip from 'jszip';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { MockLanguageModel } from '@interviewkit/core/testing';
import { extractResumeText } from './extract-text';
import { parseResume, parseResumeHeuristically } from './parse-resume';
import { resumeQuestions } from './resume-questions';

const RESUME = `Jane Doe
jane.doe@example.com | +1 415 555 0100

Summary
Backend engineer who likes reliable systems.

Skills
Python, PostgreSQL, Kubernetes, TypeScript | Redis

Experience
Senior Software Engineer at Acme Corp (2020 - Present)
Led the migration of billing to event-driven services, cutting failed payments by 30%.
Software Engineer, Globex, 2017 - 2020
Built the search API serving 2,000 requests per second.

Projects
Ledger: double-entry bookkeeping service in Go with idempotent APIs
Chatty - real-time chat over WebSockets

Education
B.Sc. Computer Science, University of Lisbon, 2017

Certifications
AWS Certified Solutions Architect`;

async function pdfOf(lines: string[], image = false): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  if (image) {
    page.drawRectangle({ x: 50, y: 400, width: 300, height: 200, color: rgb(0.2, 0.4, 0.6) });
  } else {
    const font = await doc.embedFont(StandardFonts.Helvetica);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 800 - i * 16, size: 11, font }));
  }
  return doc.save();
}

async function docxOf(paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
  );
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</w:t></w:r></w:p>`).join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array' });
}

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string }) => e.code ?? 'untyped',
  );

describe('extractResumeText', () => {
  it('reads text PDFs, DOCX and TXT', async () => {
    const lines = RESUME.split('\n');
    const pdf = await extractResumeText(await pdfOf(lines), { filename: 'cv.pdf' });
    expect(pdf.format).toBe('pdf');
    expect(pdf.text).toContain('Senior Software Engineer at Acme Corp');
    const docx = await extractResumeText(await docxOf(lines), { filename: 'cv.docx' });
    expect(docx.format).toBe('docx');
    expect(docx.text).toContain('Kubernetes');
    const txt = await extractResumeText(new TextEncoder().encode(RESUME), { filename: 'cv.txt' });
    expect(txt.text).toContain('University of Lisbon');
  });

  it('gives typed errors for image-only, corrupt, empty, oversized and unsupported files', async () => {
    expect(await codeOf(extractResumeText(await pdfOf([], true), { filename: 'scan.pdf' }))).toBe('UNPROCESSABLE_DOCUMENT');
    expect(await codeOf(extractResumeText(new TextEncoder().encode('%PDF-1.7\nthis is not a pdf at all'), { filename: 'x.pdf' }))).toBe(
      'UNPROCESSABLE_DOCUMENT',
    );
    expect(await codeOf(extractResumeText(new Uint8Array(0)))).toBe('UNPROCESSABLE_DOCUMENT');
    expect(await codeOf(extractResumeText(new Uint8Array(100), { maxBytes: 10 }))).toBe('PAYLOAD_TOO_LARGE');
    expect(await codeOf(extractResumeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]), { filename: 'photo.png' }))).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await codeOf(extractResumeText(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), { filename: 'cv.docx' }))).toBe('UNPROCESSABLE_DOCUMENT');
  });
});

describe('parseResume', () => {
  it('parses sections, contacts, roles with years, projects, education and certifications', () => {
    const p = parseResumeHeuristically(RESUME);
    expect(p).toMatchObject({ name: 'Jane Doe', email: 'jane.doe@example.com', parser: 'heuristic' });
    expect(p.skills).toEqual(['Python', 'PostgreSQL', 'Kubernetes', 'TypeScript', 'Redis']);
    expect(p.experience.map((e) => [e.title, e.company, e.years])).toEqual([
      ['Senior Software Engineer', 'Acme Corp', 6],
      ['Software Engineer', 'Globex', 3],
    ]);
    expect(p.experience[0]!.description).toContain('billing');
    expect(p.total_years).toBe(9);
    expect(p.projects.map((x) => x.name)).toEqual(['Ledger', 'Chatty']);
    expect(p.education[0]).toMatchObject({ institution: 'University of Lisbon', year: 2017 });
    expect(p.certifications).toEqual(['AWS Certified Solutions Architect']);
  });

  it('uses a language model when configured and falls back when it fails', async () => {
    const model = new MockLanguageModel([{ object: { name: 'Only a name' } }]);
    const fallbacks: unknown[] = [];
    const p = await parseResume(RESUME, { languageModel: model, onFallback: (e) => fallbacks.push(e) });
    expect(p.parser).toBe('heuristic');
    expect(fallbacks).toHaveLength(1);
    const good = new MockLanguageModel([{ object: { ...parseResumeHeuristically(RESUME), parser: undefined, name: 'Jane Q. Doe' } }]);
    expect(await parseResume(RESUME, { languageModel: good })).toMatchObject({ name: 'Jane Q. Doe', parser: 'llm' });
  });

  it('builds resume questions from the profile', () => {
    const questions = resumeQuestions(parseResumeHeuristically(RESUME), 'medium');
    expect(questions.some((q) => q.text.includes('Ledger'))).toBe(true);
    expect(questions.some((q) => q.text.includes('Kubernetes'))).toBe(true);
    expect(questions.some((q) => q.text.includes('Acme Corp'))).toBe(true);
    expect(new Set(questions.map((q) => q.id)).size).toBe(questions.length);
    for (const q of questions) expect(q.referenceAnswer!.length).toBeGreaterThan(80);
  });
});
