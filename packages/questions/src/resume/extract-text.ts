import { InterviewKitError } from '@interviewkit/core';

/** Options of {@link extractResumeText}. */
export interface ExtractOptions {
  filename?: string;
  mimeType?: string;
  /** Largest file accepted (bytes). Default 5 MiB. */
  maxBytes?: number;
}

/** The document kinds resumes may come in. */
export type ResumeFormat = 'pdf' | 'docx' | 'txt';

const MIN_TEXT_CHARS = 40;

/** Detects the format from the file's first bytes (not its name, which can lie), falling back to the name/type for text. */
export function detectResumeFormat(data: Uint8Array, filename = '', mimeType = ''): ResumeFormat | null {
  if (data.length >= 5 && data[0] === 0x25 && data[1] === 0x50 && data[2] === 0x44 && data[3] === 0x46 && data[4] === 0x2d) return 'pdf'; // %PDF-
  if (data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04) {
    return /\.docx$/i.test(filename) || mimeType.includes('wordprocessingml') || !/\.(zip|xlsx|pptx)$/i.test(filename) ? 'docx' : null;
  }
  if (/\.(txt|md)$/i.test(filename) || mimeType.startsWith('text/')) return 'txt';
  // No name or type: accept as text only if it decodes as UTF-8 without control bytes.
  return looksLikeText(data) ? 'txt' : null;
}

/**
 * Extracts plain text from a resume: PDF (pdf.js), DOCX (mammoth) or UTF-8 text. Raises
 * `PAYLOAD_TOO_LARGE` over the size limit, `UNSUPPORTED_MEDIA_TYPE` for other formats, and
 * `UNPROCESSABLE_DOCUMENT` for encrypted, corrupt, empty or image-only (scanned) documents.
 */
export async function extractResumeText(data: Uint8Array, options: ExtractOptions = {}): Promise<{ text: string; format: ResumeFormat; pages?: number }> {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  if (data.byteLength === 0) throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', 'The file is empty');
  if (data.byteLength > maxBytes) throw new InterviewKitError('PAYLOAD_TOO_LARGE', `The file is ${data.byteLength} bytes; the limit is ${maxBytes}`);
  const format = detectResumeFormat(data, options.filename, options.mimeType);
  if (!format) throw new InterviewKitError('UNSUPPORTED_MEDIA_TYPE', 'Resumes must be PDF, DOCX or plain text');
  let text: string;
  let pages: number | undefined;
  if (format === 'pdf') ({ text, pages } = await pdfText(data));
  else if (format === 'docx') text = await docxText(data);
  else {
    if (!looksLikeText(data)) throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', 'The text file is not valid UTF-8 text');
    text = new TextDecoder('utf-8').decode(data);
  }
  text = normalizeWhitespace(text);
  if (text.replace(/\s/g, '').length < MIN_TEXT_CHARS) {
    throw new InterviewKitError(
      'UNPROCESSABLE_DOCUMENT',
      format === 'pdf' ? 'The PDF contains no extractable text (it may be a scanned image); upload a text-based PDF, DOCX or TXT' : 'The document contains almost no text',
    );
  }
  return { text, format, ...(pages !== undefined ? { pages } : {}) };
}

async function pdfText(data: Uint8Array): Promise<{ text: string; pages: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  // pdf.js takes ownership of the buffer: give it a copy.
  const loadingTask = pdfjs.getDocument({ data: data.slice(), useSystemFonts: false, disableFontFace: true, verbosity: 0 });
  try {
    doc = await loadingTask.promise;
  } catch (error) {
    const name = (error as { name?: string }).name ?? '';
    if (name === 'PasswordException') throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', 'The PDF is encrypted with a password', { cause: error });
    throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', 'The PDF is corrupt or unreadable', { cause: error });
  }
  try {
    const lines: string[] = [];
    for (let p = 1; p <= Math.min(doc.numPages, 30); p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      let line = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        line += item.str;
        if (item.hasEOL) {
          lines.push(line);
          line = '';
        } else line += ' ';
      }
      if (line.trim()) lines.push(line);
    }
    return { text: lines.join('\n'), pages: doc.numPages };
  } finally {
    await doc.cleanup();
    await loadingTask.destroy();
  }
}

async function docxText(data: Uint8Array): Promise<string> {
  const mammoth = await import('mammoth');
  try {
    const result = await mammoth.extractRawText({ buffer: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
    return result.value;
  } catch (error) {
    throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', 'The DOCX file is corrupt or not a Word document', { cause: error });
  }
}

function looksLikeText(data: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(0, 64 * 1024));
    return !/[\u0000-\u0008\u000e-\u001f]/.test(text);
  } catch {
    return false;
  }
}

function normalizeWhitespace(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/[ \t\u00a0]+/g, ' ').replace(/ *\n */g, '\n').replace(/\n{3,}/g, '\n\n').trim();
}
