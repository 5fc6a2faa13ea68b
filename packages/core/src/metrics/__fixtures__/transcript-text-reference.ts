// The previous implementation of countTranscriptText (before the hash-based rewrite), kept as the oracle
// of a differential test: the rewrite must count exactly what it counted.

import { createTextCounts, type TranscriptTextCounts } from '../transcript-text';

function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

// Character classes of ASCII, looked up instead of compared: scanning is the fold's hot spot.
const ALNUM = 1;
const JOINER = 2; // ' and - join a word: "don't", "real-time"
const COMMA = 4;
const SENTENCE_END = 8;
const ASCII_CLASS = new Uint8Array(128);
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

/** Case-insensitive comparison of text[start, end) with a lower-case ASCII literal. */
function equalsWord(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let i = 0; i < word.length; i++) if (lower(text.charCodeAt(start + i)) !== word.charCodeAt(i)) return false;
  return true;
}

function equalsAny(text: string, start: number, end: number, words: readonly string[]): boolean {
  for (let i = 0; i < words.length; i++) if (equalsWord(text, start, end, words[i]!)) return true;
  return false;
}

/** "um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "mm": hesitation sounds. */
function isHesitation(text: string, start: number, end: number): boolean {
  const len = end - start;
  if (len < 2 || len > 6) return false;
  const a = lower(text.charCodeAt(start));
  const b = lower(text.charCodeAt(start + 1));
  if (a === 117 && (b === 109 || b === 104)) {
    // u then m+ or h+ (um, umm, uh, uhh), or uhm
    for (let i = start + 2; i < end; i++) {
      const c = lower(text.charCodeAt(i));
      if (c !== b && !(b === 104 && c === 109 && i === end - 1)) return false;
    }
    return true;
  }
  if (a === 101 && b === 114) return len === 2 || (len === 3 && lower(text.charCodeAt(start + 2)) === 109); // er, erm
  if (a === 104 && b === 109) {
    for (let i = start + 2; i < end; i++) if (lower(text.charCodeAt(i)) !== 109) return false;
    return true; // hm, hmm
  }
  return false;
}

const LIKE_OPENERS = ['and', 'but', 'so', 'or', 'just'];
const YOU_KNOW_BLOCKERS_BEFORE = ['do', 'did', 'does', "don't", 'didn', "didn't", 'if', 'would', 'could', 'will', 'should', 'can', 'what', 'whether'];
const OBJECT_WORDS_AFTER = [
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
];

/**
 * Adds the words, fillers and repetitions of `text` to `counts` (which it mutates and returns).
 * A word is a run of letters, digits, apostrophes or hyphens containing a letter or digit.
 */
export function countTranscriptTextReference(text: string, counts: TranscriptTextCounts = createTextCounts()): TranscriptTextCounts {
  const n = text.length;
  // Word spans of the previous two words, and whether punctuation separated them.
  let p1s = -1,
    p1e = -1,
    p2s = -1,
    p2e = -1;
  let p1WasFiller = false;
  let commaBeforeP1 = false; // punctuation between p2 and p1
  let sentenceStartP1 = true; // p1 starts a sentence
  let sawComma = false;
  let sawSentenceEnd = true;
  // A pending "like" / "you know" / "I mean" waits for the next token to decide.
  let pending = 0; // 0 none, 1 like (needs comma after or already decided), 2 you know, 3 I mean
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? ASCII_CLASS[c]! : charClass(c);
    if ((cls & (ALNUM | JOINER)) === 0) {
      if (cls === COMMA) sawComma = true;
      else if (cls === SENTENCE_END) sawSentenceEnd = true;
      i++;
      continue;
    }
    const start = i;
    let hasAlnum = false;
    for (; i < n; i++) {
      const code = text.charCodeAt(i);
      const k = code < 128 ? ASCII_CLASS[code]! : charClass(code);
      if ((k & (ALNUM | JOINER)) === 0) break;
      if (k === ALNUM) hasAlnum = true;
    }
    if (!hasAlnum) continue;
    const end = i;
    counts.words++;
    const commaBefore = sawComma;
    const sentenceStart = sawSentenceEnd;
    sawComma = false;
    sawSentenceEnd = false;

    // Resolve a pending multi-word or positional filler now that the next word is known.
    if (pending !== 0) {
      const blockedByObject = !commaBefore && equalsAny(text, start, end, OBJECT_WORDS_AFTER);
      if (pending === 1) {
        // "like" already qualified by position unless it needed a following comma.
        if (commaBefore) {
          counts.fillers++;
          p1WasFiller = true;
        }
      } else if (!blockedByObject) {
        counts.fillers++;
        p1WasFiller = true;
      }
      pending = 0;
    }

    let isFiller = false;
    const first = lower(c);
    // Only words starting with u, e, h (hesitations), l (like), k (know) or m (mean) can be fillers.
    if (first !== 117 && first !== 101 && first !== 104 && first !== 108 && first !== 107 && first !== 109) {
      // not a filler candidate
    } else if (isHesitation(text, start, end)) {
      counts.fillers++;
      isFiller = true;
    } else if (equalsWord(text, start, end, 'like')) {
      const positional = commaBefore || sentenceStart || p1WasFiller || (p1s >= 0 && !commaBefore && equalsAny(text, p1s, p1e, LIKE_OPENERS));
      if (positional) {
        counts.fillers++;
        isFiller = true;
      } else {
        pending = 1; // counts only if a comma follows: "it was, like, slow" / "it was like, slow"
      }
    } else if (equalsWord(text, start, end, 'know') && p1s >= 0 && !commaBefore && equalsWord(text, p1s, p1e, 'you')) {
      const blocked = p2s >= 0 && !commaBeforeP1 && !sentenceStartP1 && equalsAny(text, p2s, p2e, YOU_KNOW_BLOCKERS_BEFORE);
      if (!blocked) pending = 2;
    } else if (equalsWord(text, start, end, 'mean') && p1s >= 0 && !commaBefore && equalsWord(text, p1s, p1e, 'i')) {
      pending = 3;
    }

    // Repetition: the same word twice in a row (not numbers, not across a sentence end).
    if (p1s >= 0 && !sentenceStart && end - start === p1e - p1s && !(c >= 48 && c <= 57)) {
      let same = true;
      for (let k = 0; k < end - start; k++) {
        if (lower(text.charCodeAt(start + k)) !== lower(text.charCodeAt(p1s + k))) {
          same = false;
          break;
        }
      }
      if (same) counts.repetitions++;
    }

    p2s = p1s;
    p2e = p1e;
    p1s = start;
    p1e = end;
    commaBeforeP1 = commaBefore;
    sentenceStartP1 = sentenceStart;
    p1WasFiller = isFiller;
  }
  // Text ended: "you know" / "I mean" at the very end are fillers ("..., you know."); a
  // trailing "like" only when a comma or dash followed it ("it was like, ...").
  if (pending === 2 || pending === 3 || (pending === 1 && sawComma)) counts.fillers++;
  return counts;
}
