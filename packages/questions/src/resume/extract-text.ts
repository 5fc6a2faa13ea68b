import { InterviewKitError } from '@interviewkit/core';
import type { SandboxPool } from '../sandbox';
import {
  DEFAULT_DOCUMENT_LIMITS,
  defaultDocumentSandbox,
  type DocumentJob,
  type DocumentJobResult,
  type DocumentLimits,
  documentParserModules,
} from './document-sandbox';

/** Options of {@link extractResumeText}. */
export interface ExtractOptions {
  filename?: string;
  mimeType?: string;
  /** Largest file accepted (bytes). Default 5 MiB. */
  maxBytes?: number;
  /** Limits on the decompressed content (see {@link DocumentLimits}); each field defaults to {@link DEFAULT_DOCUMENT_LIMITS}. */
  limits?: Partial<DocumentLimits>;
  /** Wall-clock limit for parsing a PDF or DOCX (ms); the parser process is killed past it. Default 10 000. */
  timeoutMs?: number;
  /** The sandbox pool PDF and DOCX files are parsed in. Default: the process-wide one. */
  sandbox?: SandboxPool;
  abortSignal?: AbortSignal;
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
 * Extracts plain text from a resume: PDF (pdf.js), DOCX (mammoth) or UTF-8 text. PDF and DOCX
 * are parsed off the main thread, in a sandbox process with a time and memory limit, and their
 * decompressed content is bounded (bytes unpacked, XML elements, characters of text): a zip bomb
 * or a PDF whose streams inflate to gigabytes is refused, never expanded in full. Raises
 * `PAYLOAD_TOO_LARGE` over the size limit, `UNSUPPORTED_MEDIA_TYPE` for other formats,
 * `UNPROCESSABLE_DOCUMENT` for encrypted, corrupt, empty, image-only (scanned) or oversized
 * documents and for ones that take too long or too much memory to parse, and `RATE_LIMITED`
 * when the parser sandbox is busy.
 */
export async function extractResumeText(data: Uint8Array, options: ExtractOptions = {}): Promise<{ text: string; format: ResumeFormat; pages?: number }> {
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  if (data.byteLength === 0) throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', 'The file is empty');
  if (data.byteLength > maxBytes) throw new InterviewKitError('PAYLOAD_TOO_LARGE', `The file is ${data.byteLength} bytes; the limit is ${maxBytes}`);
  const format = detectResumeFormat(data, options.filename, options.mimeType);
  if (!format) throw new InterviewKitError('UNSUPPORTED_MEDIA_TYPE', 'Resumes must be PDF, DOCX or plain text');
  let text: string;
  let pages: number | undefined;
  if (format === 'pdf' || format === 'docx') ({ text, pages } = await parseInSandbox(format, data, options));
  else {
    if (!looksLikeText(data)) throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', 'The text file is not valid UTF-8 text');
    text = new TextDecoder('utf-8').decode(data);
  }
  text = normalizeWhitespace(text);
  if (text.replace(/\s/g, '').length < MIN_TEXT_CHARS) {
    throw new InterviewKitError(
      'UNPROCESSABLE_DOCUMENT',
      format === 'pdf'
        ? 'The PDF contains no extractable text (it may be a scanned image); upload a text-based PDF, DOCX or TXT'
        : 'The document contains almost no text',
    );
  }
  return { text, format, ...(pages !== undefined ? { pages } : {}) };
}

async function parseInSandbox(format: 'pdf' | 'docx', data: Uint8Array, options: ExtractOptions): Promise<{ text: string; pages?: number }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  // A plain Uint8Array (a multipart Buffer is one too, but structured clone keeps it simple).
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  const job: DocumentJob = { format, data: bytes, limits: { ...DEFAULT_DOCUMENT_LIMITS, ...options.limits }, modules: documentParserModules() };
  const name = format === 'pdf' ? 'PDF' : 'DOCX document';
  const outcome = await (options.sandbox ?? defaultDocumentSandbox()).run<DocumentJobResult>(job, {
    timeoutMs,
    ...(options.abortSignal ? { signal: options.abortSignal } : {}),
  });
  switch (outcome.kind) {
    case 'ok':
      if ('problem' in outcome.value)
        throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', outcome.value.message, { details: { reason: outcome.value.problem } });
      return outcome.value;
    case 'timeout':
      throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', `The ${name} took longer than ${Math.round(timeoutMs / 1000)} s to read; upload a simpler file`, {
        details: { reason: 'timeout' },
      });
    case 'memory':
      throw new InterviewKitError(
        'UNPROCESSABLE_DOCUMENT',
        `The ${name} needs too much memory to read (it expands far beyond its size); upload a simpler file`,
        { details: { reason: 'too_large' } },
      );
    case 'error':
      throw new InterviewKitError('UNPROCESSABLE_DOCUMENT', `The ${name} is corrupt or unreadable`, { details: { reason: 'corrupt' } });
    case 'crashed':
      throw new InterviewKitError('PROVIDER_UNAVAILABLE', `The ${name} could not be read right now; retry shortly`, { retryable: true });
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
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
