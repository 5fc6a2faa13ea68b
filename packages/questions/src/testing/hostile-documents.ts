import { crc32, createDeflate, createDeflateRaw } from 'node:zlib';

// Real documents and decompression bombs, built from scratch (no PDF or ZIP library), for tests
// and benchmarks of the resume upload: a bomb is small on the wire and huge once unpacked.

const MiB = 1024 * 1024;

/** A ZIP entry: its bytes, or a generator of chunks (for contents too big to hold in memory). */
export interface ZipEntry {
  name: string;
  data: Uint8Array | (() => Iterable<Uint8Array>);
}

/** Deflates `chunks` (raw deflate for ZIP, zlib-wrapped for PDF) without holding the input. */
async function deflateChunks(chunks: Iterable<Uint8Array>, format: 'raw' | 'zlib'): Promise<{ compressed: Buffer; size: number; crc: number }> {
  const deflate = format === 'raw' ? createDeflateRaw({ level: 9 }) : createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (d: Buffer) => out.push(d));
  const done = new Promise<void>((resolve, reject) => {
    deflate.once('end', resolve);
    deflate.once('error', reject);
  });
  let size = 0;
  let crc = 0;
  for (const chunk of chunks) {
    size += chunk.byteLength;
    crc = crc32(chunk, crc);
    if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return { compressed: Buffer.concat(out), size, crc };
}

/** A ZIP archive (deflated entries) of `entries`. */
export async function zipArchive(entries: ZipEntry[]): Promise<Uint8Array> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const { compressed, size, crc } = await deflateChunks(typeof entry.data === 'function' ? entry.data() : [entry.data], 'raw');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(8, 10);
    header.writeUInt32LE(crc >>> 0, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(size >>> 0, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    central.push(header, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const DOCX_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const DOCX_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const DOCUMENT_OPEN = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const DOCUMENT_CLOSE = '</w:body></w:document>';

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const paragraph = (text: string): string => `<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;

function docx(body: () => Iterable<Uint8Array>): Promise<Uint8Array> {
  return zipArchive([
    { name: '[Content_Types].xml', data: Buffer.from(DOCX_TYPES) },
    { name: '_rels/.rels', data: Buffer.from(DOCX_RELS) },
    { name: 'word/document.xml', data: body },
  ]);
}

/** Repeats `unit` until `bytes` are produced, in chunks of about 1 MiB. */
function* repeat(unit: string, bytes: number): Iterable<Uint8Array> {
  const chunk = Buffer.from(unit.repeat(Math.max(1, Math.floor(MiB / unit.length))));
  for (let sent = 0; sent < bytes; sent += chunk.length) yield sent + chunk.length <= bytes ? chunk : chunk.subarray(0, bytes - sent);
}

/** A real DOCX with one paragraph per line. */
export function docxDocument(paragraphs: string[]): Promise<Uint8Array> {
  return docx(function* () {
    yield Buffer.from(DOCUMENT_OPEN + paragraphs.map(paragraph).join('') + DOCUMENT_CLOSE);
  });
}

/**
 * A DOCX zip bomb: a few hundred KB whose `word/document.xml` inflates to `inflatedBytes`
 * (default 300 MiB) — tiny paragraphs (millions of XML elements) or, with `whitespace`, blanks.
 */
export function docxBomb(options: { inflatedBytes?: number; whitespace?: boolean } = {}): Promise<Uint8Array> {
  const bytes = options.inflatedBytes ?? 300 * MiB;
  return docx(function* () {
    yield Buffer.from(DOCUMENT_OPEN + paragraph('Jane Doe, engineer'));
    yield* repeat(options.whitespace ? ' ' : '<w:p><w:r><w:t>a</w:t></w:r></w:p>', bytes);
    yield Buffer.from(DOCUMENT_CLOSE);
  });
}

/** A PDF (hand-built: catalog, pages, Helvetica) from its objects' bodies; object 1 is the catalog. */
function pdfFile(objects: Array<string | Buffer>): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = parts[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(length);
    const bytes = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n')]);
    parts.push(bytes);
    length += bytes.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

const pdfString = (text: string): string => `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;

/** Builds a PDF whose pages have the given content streams (already encoded) and dictionaries. */
function pdfWithPages(streams: Array<{ dictionary: string; data: Buffer }>): Uint8Array {
  // 1 catalog, 2 pages, 3 font, then per page: the page and its content stream.
  const kids = streams.map((_, i) => `${4 + i * 2} 0 R`).join(' ');
  const objects: Array<string | Buffer> = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${streams.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  streams.forEach((stream, i) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`);
    objects.push(Buffer.concat([Buffer.from(`<< ${stream.dictionary} /Length ${stream.data.length} >>\nstream\n`), stream.data, Buffer.from('\nendstream')]));
  });
  return pdfFile(objects);
}

/** A real text PDF: one page per entry, one line of text per string (Helvetica 11 pt). */
export function pdfDocument(pages: string[][]): Uint8Array {
  return pdfWithPages(
    pages.map((lines) => ({
      dictionary: '',
      data: Buffer.from(`BT /F1 11 Tf 14 TL 50 800 Td ${lines.map((line) => `${pdfString(line)} '`).join(' ')} ET`, 'latin1'),
    })),
  );
}

/**
 * A PDF bomb: one page whose FlateDecode content stream (a few MB on the wire) inflates to
 * `inflatedBytes` (default 1 GiB) of blank space before its one line of text.
 */
export async function pdfBomb(options: { inflatedBytes?: number } = {}): Promise<Uint8Array> {
  const bytes = options.inflatedBytes ?? 1024 * MiB;
  const { compressed } = await deflateChunks(
    (function* () {
      yield* repeat(' ', bytes);
      yield Buffer.from(`BT /F1 11 Tf 50 800 Td ${pdfString('Jane Doe, engineer')} Tj ET`);
    })(),
    'zlib',
  );
  return pdfWithPages([{ dictionary: '/Filter /FlateDecode', data: compressed }]);
}
