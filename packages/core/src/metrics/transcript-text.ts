/**
 * Allocation-free counting of words, filler words and repetitions in transcript text.
 *
 * Fillers (DESIGN.md): "um", "uh", "like", "you know", "I mean" — multi-word fillers match
 * across the space between their words (the original compared single tokens, so they never
 * matched). Hesitation sounds also count in their common spellings (umm, uhh, er, erm, uhm, hmm).
 *
 * "like", "you know" and "I mean" are ordinary words most of the time, so they only count as
 * fillers in a filler position:
 * - "like": after a comma or at the start of a sentence ("Like, we had to..."), before a comma
 *   ("it was, like, slow"), or right after another filler or a conjunction ("and like", "so like").
 *   "I like", "looks like", "languages like Python" are not fillers.
 * - "you know": not after an auxiliary or "if"/"what" ("do you know", "if you know") and not before
 *   an object or clause word ("you know the answer", "you know that ...").
 * - "I mean": not before an object or clause word ("I mean that ...", "I mean it").
 *
 * Repetitions: a word immediately repeated ("the the"), ignoring case; numbers are not counted.
 * Counting is per text: a filler or repetition split across two transcript segments is missed.
 */

/** Counts produced by {@link countTranscriptText}; reuse one object to avoid allocation. */
export interface TranscriptTextCounts {
  words: number;
  fillers: number;
  repetitions: number;
}

/** Creates a zeroed {@link TranscriptTextCounts}. */
export function createTextCounts(): TranscriptTextCounts {
  return { words: 0, fillers: 0, repetitions: 0 };
}

// Character classes of ASCII, looked up instead of compared: scanning is the fold's hot spot.
const ALNUM = 1;
const JOINER = 2; // ' and - join a word: "don't", "real-time"
const COMMA = 4;
const SENTENCE_END = 8;
const WORD_CHAR = ALNUM | JOINER;
const ASCII_CLASS = new Uint8Array(128);
const ASCII_LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = ALNUM;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = ALNUM;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = ALNUM;
ASCII_CLASS[39] = JOINER;
ASCII_CLASS[45] = JOINER;
ASCII_CLASS[44] = COMMA;
for (const c of [46, 33, 63, 59, 58]) ASCII_CLASS[c] = SENTENCE_END; // . ! ? ; :

/** Class bits of any character: ASCII by table; beyond it letters are approximated by range. */
function charClass(c: number): number {
  if (c < 128) return ASCII_CLASS[c]!;
  if (c === 0x2019) return JOINER; // ’
  if (c === 0x2014 || c === 0x2013) return COMMA; // — –
  return c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000 ? ALNUM : 0;
}

/** The character at `i`, lower-cased when it is ASCII. */
function lowerAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? ASCII_LOWER[c]! : c;
}

// Each word's lower-cased FNV-1a hash is computed while it is scanned, so that recognising a
// word ("like", "you", a repeated word) is one integer comparison; a matching hash is confirmed
// letter by letter, so a collision can never miscount.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

/** Case-insensitive comparison of text[start, end) with a lower-case literal. */
function equalsWord(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (lowerAt(text, start + i) !== word.charCodeAt(i)) return false;
  return true;
}

/** A small set of lower-case words, looked up by a scanned word's hash. */
class WordSet {
  private readonly hashes: Int32Array;
  constructor(private readonly words: readonly string[]) {
    this.hashes = Int32Array.from(words, hashWord);
  }

  has(text: string, start: number, end: number, hash: number): boolean {
    const hashes = this.hashes;
    for (let i = 0; i < hashes.length; i++) if (hashes[i] === hash) return equalsWord(text, start, end, this.words[i]!);
    return false;
  }
}

/** "um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "mm": hesitation sounds. */
function isHesitation(text: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < 2 || len > 6) return false;
  const a = lowerAt(text, start);
  const b = lowerAt(text, start + 1);
  if (a === 117 && (b === 109 || b === 104)) {
    // u then m+ or h+ (um, umm, uh, uhh), or uhm
    for (let i = start + 2; i < end; i++) {
      const c = lowerAt(text, i);
      if (c !== b && !(b === 104 && c === 109 && i === end - 1)) return false;
    }
    return true;
  }
  if (a === 101 && b === 114) return len === 2 || (len === 3 && lowerAt(text, start + 2) === 109); // er, erm
  if (a === 104 && b === 109) {
    for (let i = start + 2; i < end; i++) if (lowerAt(text, i) !== 109) return false;
    return true; // hm, hmm
  }
  return false;
}

const LIKE_OPENERS = new WordSet(['and', 'but', 'so', 'or', 'just']);
const YOU_KNOW_BLOCKERS_BEFORE = new WordSet([
  'do',
  'did',
  'does',
  "don't",
  'didn',
  "didn't",
  'if',
  'would',
  'could',
  'will',
  'should',
  'can',
  'what',
  'whether',
]);
const OBJECT_WORDS_AFTER = new WordSet([
  'that',
  'what',
  'how',
  'why',
  'where',
  'when',
  'who',
  'the',
  'a',
  'an',
  'it',
  'him',
  'her',
  'them',
  'this',
  'these',
  'those',
  'to',
  'something',
  'about',
]);
const HASH_LIKE = hashWord('like');
const HASH_KNOW = hashWord('know');
const HASH_MEAN = hashWord('mean');
const HASH_YOU = hashWord('you');
const HASH_I = hashWord('i');

const PENDING_NONE = 0;
const PENDING_LIKE = 1; // counts only if a comma follows
const PENDING_YOU_KNOW = 2;
const PENDING_I_MEAN = 3;

/**
 * Adds the words, fillers and repetitions of `text` to `counts` (which it mutates and returns).
 * A word is a run of letters, digits, apostrophes or hyphens containing a letter or digit.
 * One pass over the characters; nothing is allocated.
 */
export function countTranscriptText(text: string, counts: TranscriptTextCounts = createTextCounts()): TranscriptTextCounts {
  const n = text.length;
  let words = 0;
  let fillers = 0;
  let repetitions = 0;
  // Spans and hashes of the previous two words, and what preceded the previous one.
  let p1s = -1,
    p1e = -1,
    p1h = 0,
    p2s = -1,
    p2e = -1,
    p2h = 0;
  let p1WasFiller = false;
  let commaBeforeP1 = false; // punctuation between p2 and p1
  let sentenceStartP1 = true; // p1 starts a sentence
  let sawComma = false;
  let sawSentenceEnd = true;
  // A pending "like" / "you know" / "I mean" waits for the next token to decide.
  let pending = PENDING_NONE;
  let i = 0;
  while (i < n) {
    let c = text.charCodeAt(i);
    let cls = c < 128 ? ASCII_CLASS[c]! : charClass(c);
    if ((cls & WORD_CHAR) === 0) {
      if (cls === COMMA) sawComma = true;
      else if (cls === SENTENCE_END) sawSentenceEnd = true;
      i++;
      continue;
    }
    const start = i;
    let hasAlnum = false;
    let h = FNV_OFFSET;
    for (;;) {
      if (cls === ALNUM) hasAlnum = true;
      h = Math.imul(h ^ (c < 128 ? ASCII_LOWER[c]! : c), FNV_PRIME);
      if (++i >= n) break;
      c = text.charCodeAt(i);
      cls = c < 128 ? ASCII_CLASS[c]! : charClass(c);
      if ((cls & WORD_CHAR) === 0) break;
    }
    if (!hasAlnum) continue;
    const end = i;
    words++;
    const commaBefore = sawComma;
    const sentenceStart = sawSentenceEnd;
    sawComma = false;
    sawSentenceEnd = false;

    // Resolve a pending multi-word or positional filler now that the next word is known.
    if (pending !== PENDING_NONE) {
      if (pending === PENDING_LIKE) {
        // "like" already qualified by position unless it needed a following comma.
        if (commaBefore) {
          fillers++;
          p1WasFiller = true;
        }
      } else if (commaBefore || !OBJECT_WORDS_AFTER.has(text, start, end, h)) {
        fillers++;
        p1WasFiller = true;
      }
      pending = PENDING_NONE;
    }

    let isFiller = false;
    const first = lowerAt(text, start);
    // Only words starting with u, e, h (hesitations), l (like), k (know) or m (mean) can be fillers.
    if (first === 117 || first === 101 || first === 104) {
      if (isHesitation(text, start, end)) {
        fillers++;
        isFiller = true;
      }
    } else if (first === 108) {
      if (h === HASH_LIKE && equalsWord(text, start, end, 'like')) {
        if (commaBefore || sentenceStart || p1WasFiller || (p1s >= 0 && LIKE_OPENERS.has(text, p1s, p1e, p1h))) {
          fillers++;
          isFiller = true;
        } else {
          pending = PENDING_LIKE; // "it was, like, slow" / "it was like, slow"
        }
      }
    } else if (first === 107) {
      if (h === HASH_KNOW && p1h === HASH_YOU && p1s >= 0 && !commaBefore && equalsWord(text, start, end, 'know') && equalsWord(text, p1s, p1e, 'you')) {
        const blocked = p2s >= 0 && !commaBeforeP1 && !sentenceStartP1 && YOU_KNOW_BLOCKERS_BEFORE.has(text, p2s, p2e, p2h);
        if (!blocked) pending = PENDING_YOU_KNOW;
      }
    } else if (first === 109) {
      if (h === HASH_MEAN && p1h === HASH_I && p1s >= 0 && !commaBefore && equalsWord(text, start, end, 'mean') && equalsWord(text, p1s, p1e, 'i')) {
        pending = PENDING_I_MEAN;
      }
    }

    // Repetition: the same word twice in a row (not numbers, not across a sentence end).
    if (h === p1h && p1s >= 0 && !sentenceStart && end - start === p1e - p1s && !(first >= 48 && first <= 57)) {
      let same = true;
      for (let k = 0; k < end - start; k++) {
        if (lowerAt(text, start + k) !== lowerAt(text, p1s + k)) {
          same = false;
          break;
        }
      }
      if (same) repetitions++;
    }

    p2s = p1s;
    p2e = p1e;
    p2h = p1h;
    p1s = start;
    p1e = end;
    p1h = h;
    commaBeforeP1 = commaBefore;
    sentenceStartP1 = sentenceStart;
    p1WasFiller = isFiller;
  }
  // Text ended: "you know" / "I mean" at the very end are fillers ("..., you know."); a
  // trailing "like" only when a comma or dash followed it ("it was like, ...").
  if (pending === PENDING_YOU_KNOW || pending === PENDING_I_MEAN || (pending === PENDING_LIKE && sawComma)) fillers++;
  counts.words += words;
  counts.fillers += fillers;
  counts.repetitions += repetitions;
  return counts;
}

/** Number of words in `text`, by the same rule as {@link countTranscriptText}. */
export function countWords(text: string): number {
  let words = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if ((charClass(text.charCodeAt(i)) & WORD_CHAR) === 0) {
      i++;
      continue;
    }
    let hasAlnum = false;
    for (; i < n; i++) {
      const k = charClass(text.charCodeAt(i));
      if ((k & WORD_CHAR) === 0) break;
      if (k === ALNUM) hasAlnum = true;
    }
    if (hasAlnum) words++;
  }
  return words;
}
