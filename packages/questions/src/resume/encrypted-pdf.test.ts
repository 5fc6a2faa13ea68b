import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { extractResumeText } from './extract-text';

/**
 * A text PDF made by pdf-lib whose trailer declares the Standard security handler with
 * owner/user password hashes that the empty password does not open — what a password-protected
 * resume looks like to pdf.js.
 */
async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Jane Doe — Senior Software Engineer with Python and PostgreSQL', {
    x: 50,
    y: 800,
    size: 11,
    font: await doc.embedFont(StandardFonts.Helvetica),
  });
  const bytes = await doc.save({ useObjectStreams: false });
  const text = new TextDecoder('latin1').decode(bytes);
  const hex32 = (seed: number) => Array.from({ length: 32 }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, '0')).join('');
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <${hex32(7)}> /U <${hex32(11)}> >> /ID [<${hex32(3).slice(0, 32)}> <${hex32(3).slice(0, 32)}>]`;
  const index = text.lastIndexOf('trailer');
  expect(index).toBeGreaterThan(0);
  const open = text.indexOf('<<', index);
  const patched = `${text.slice(0, open + 2)}\n${encrypt}\n${text.slice(open + 2)}`;
  return Uint8Array.from(patched, (c) => c.charCodeAt(0));
}

describe('extractResumeText on an encrypted PDF', () => {
  it('raises UNPROCESSABLE_DOCUMENT saying the PDF is password-protected', async () => {
    const error = await extractResumeText(await encryptedPdf(), { filename: 'locked.pdf' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'UNPROCESSABLE_DOCUMENT' });
    expect((error as Error).message).toMatch(/encrypted|password/i);
  });
});
