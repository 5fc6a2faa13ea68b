import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type mammothModule from 'mammoth';
import type * as pdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { SandboxPool, type SandboxPoolOptions } from '../sandbox';

/** Limits on what a document may expand to once decompressed and parsed. */
export interface DocumentLimits {
  /** Most bytes all parts of a DOCX may inflate to. Default 32 MiB. */
  maxInflatedBytes: number;
  /** Most XML elements (start tags) in a DOCX's XML parts. Default 300 000. */
  maxXmlNodes: number;
  /** Most characters of extracted text. Default 1 000 000. */
  maxTextChars: number;
  /** Most PDF pages read (later pages are ignored). Default 30. */
  maxPages: number;
}

/** The default {@link DocumentLimits}: far above any real resume, far below what hurts a server. */
export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = Object.freeze({
  maxInflatedBytes: 32 * 1024 * 1024,
  maxXmlNodes: 300_000,
  maxTextChars: 1_000_000,
  maxPages: 30,
});

/** One document for the sandbox. */
export interface DocumentJob {
  format: 'pdf' | 'docx';
  data: Uint8Array;
  limits: DocumentLimits;
  /** Where the parsers are (resolved in the parent: the child has no module context). */
  modules: { pdfjs: string; mammoth: string };
}

/** What the sandbox answers: the text, or why the document cannot be used (a sentence for the uploader). */
export type DocumentJobResult = { text: string; pages?: number } | { problem: 'too_large' | 'encrypted' | 'corrupt'; message: string };

/**
 * The job handler of the document sandbox child (shipped as source: self-contained).
 *
 * DOCX: the ZIP's central directory is read and every part inflated with a hard output limit
 * (`zlib.inflateRawSync(…, { maxOutputLength })`: a bomb stops at the budget, it never expands
 * in full), the XML elements are counted, and only then does mammoth parse it. PDF: pdf.js reads
 * at most `maxPages` pages and the text stops at `maxTextChars`; a content stream that inflates
 * without bound is stopped by the process's memory watchdog and time limit.
 */
export function documentSandboxHandler(): (job: DocumentJob) => Promise<DocumentJobResult> {
  const zlib = process.getBuiltinModule('node:zlib');
  const { createRequire } = process.getBuiltinModule('node:module');
  const MiB = 1024 * 1024;
  const tooLarge = (message: string): DocumentJobResult => ({ problem: 'too_large', message });

  /** Inflates every ZIP entry within the budget; null when fine, else the problem. */
  function checkZip(bytes: Buffer, limits: DocumentLimits): DocumentJobResult | null {
    const corrupt: DocumentJobResult = { problem: 'corrupt', message: 'The DOCX file is corrupt or not a Word document' };
    // End of central directory: 22 bytes plus a comment of at most 65 535.
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
      if (bytes.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return corrupt;
    const entries = bytes.readUInt16LE(eocd + 10);
    let at = bytes.readUInt32LE(eocd + 16);
    let inflated = 0;
    let nodes = 0;
    for (let n = 0; n < entries; n++) {
      if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return corrupt;
      const method = bytes.readUInt16LE(at + 10);
      const compressedSize = bytes.readUInt32LE(at + 20);
      const nameLength = bytes.readUInt16LE(at + 28);
      const extraLength = bytes.readUInt16LE(at + 30);
      const commentLength = bytes.readUInt16LE(at + 32);
      const localOffset = bytes.readUInt32LE(at + 42);
      const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + extraLength + commentLength;
      // ZIP64 markers: no resume needs them.
      if (compressedSize === 0xffffffff || localOffset === 0xffffffff) return tooLarge('The document is too large to process');
      if (localOffset + 30 > bytes.length || bytes.readUInt32LE(localOffset) !== 0x04034b50) return corrupt;
      const start = localOffset + 30 + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
      const raw = bytes.subarray(start, start + compressedSize);
      let content: Buffer;
      if (method === 0) content = raw;
      else if (method === 8) {
        try {
          content = zlib.inflateRawSync(raw, { maxOutputLength: Math.max(1, limits.maxInflatedBytes - inflated + 1) });
        } catch (error) {
          if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
            return tooLarge(`The document expands to more than ${Math.round(limits.maxInflatedBytes / MiB)} MB when unpacked`);
          return corrupt;
        }
      } else return corrupt;
      inflated += content.length;
      if (inflated > limits.maxInflatedBytes)
        return tooLarge(`The document expands to more than ${Math.round(limits.maxInflatedBytes / MiB)} MB when unpacked`);
      if (/\.(xml|rels)$/i.test(name)) {
        // Start tags: '<' not followed by '/', '?' or '!'.
        for (let i = content.indexOf(60); i >= 0; i = content.indexOf(60, i + 1)) {
          const next = content[i + 1];
          if (next !== 47 && next !== 63 && next !== 33) nodes++;
        }
        if (nodes > limits.maxXmlNodes) return tooLarge(`The document has more than ${limits.maxXmlNodes} XML elements`);
      }
    }
    return null;
  }

  async function docx(job: DocumentJob): Promise<DocumentJobResult> {
    const bytes = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
    const problem = checkZip(bytes, job.limits);
    if (problem) return problem;
    const mammoth = createRequire(job.modules.mammoth)(job.modules.mammoth) as typeof mammothModule;
    try {
      return { text: (await mammoth.extractRawText({ buffer: bytes })).value };
    } catch {
      return { problem: 'corrupt', message: 'The DOCX file is corrupt or not a Word document' };
    }
  }

  async function pdf(job: DocumentJob): Promise<DocumentJobResult> {
    // Through Function: test transforms rewrite a literal `import()`, which the child cannot run.
    const load = new Function('url', 'return import(url)') as (url: string) => Promise<typeof pdfjsModule>;
    const pdfjs = await load(job.modules.pdfjs);
    // pdf.js wants a plain Uint8Array it may take over (a Buffer is refused).
    const data = new Uint8Array(job.data.byteLength);
    data.set(job.data);
    const loadingTask = pdfjs.getDocument({ data, useSystemFonts: false, disableFontFace: true, verbosity: 0 });
    let doc;
    try {
      doc = await loadingTask.promise;
    } catch (error) {
      if ((error as { name?: string }).name === 'PasswordException') return { problem: 'encrypted', message: 'The PDF is encrypted with a password' };
      return { problem: 'corrupt', message: 'The PDF is corrupt or unreadable' };
    }
    try {
      const lines: string[] = [];
      let chars = 0;
      for (let p = 1; p <= Math.min(doc.numPages, job.limits.maxPages); p++) {
        const content = await (await doc.getPage(p)).getTextContent();
        let line = '';
        for (const item of content.items) {
          if (!('str' in item)) continue;
          line += item.str;
          chars += item.str.length;
          if (chars > job.limits.maxTextChars) return tooLarge(`The PDF has more than ${job.limits.maxTextChars} characters of text`);
          if (item.hasEOL) {
            lines.push(line);
            line = '';
          } else line += ' ';
        }
        if (line.trim()) lines.push(line);
      }
      return { text: lines.join('\n'), pages: doc.numPages };
    } catch {
      return { problem: 'corrupt', message: 'The PDF is corrupt or unreadable' };
    } finally {
      await doc.cleanup();
      await loadingTask.destroy();
    }
  }

  return async (job) => {
    const result = job.format === 'pdf' ? await pdf(job) : await docx(job);
    if ('text' in result && result.text.length > job.limits.maxTextChars)
      return tooLarge(`The document has more than ${job.limits.maxTextChars} characters of text`);
    return result;
  };
}

/** Options of {@link createDocumentSandbox}: the pool's size, queue and memory limits. */
export type DocumentSandboxOptions = Omit<SandboxPoolOptions, 'name' | 'handler'>;

/** A pool of document-parsing sandbox processes (see `SandboxPool`). Defaults: 2 processes, 8 queued, 256 MiB each. */
export function createDocumentSandbox(options: DocumentSandboxOptions = {}): SandboxPool {
  return new SandboxPool({ name: 'document', handler: documentSandboxHandler as never, maxQueue: 8, memoryLimitMb: 256, heapLimitMb: 192, ...options });
}

let shared: SandboxPool | null = null;

/** The process-wide document sandbox used when `ExtractOptions.sandbox` is not given. */
export function defaultDocumentSandbox(): SandboxPool {
  shared ??= createDocumentSandbox();
  return shared;
}

let modules: DocumentJob['modules'] | null = null;

/** Absolute locations of pdf.js and mammoth, resolved from this package (the child has no module context). */
export function documentParserModules(): DocumentJob['modules'] {
  if (!modules) {
    const require = createRequire(import.meta.url);
    modules = { pdfjs: pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href, mammoth: require.resolve('mammoth') };
  }
  return modules;
}
