import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTranscriptTextReference } from './__fixtures__/transcript-text-reference';
import { countTranscriptText, countWords } from './transcript-text';

const count = (text: string) => countTranscriptText(text);

describe('countTranscriptText', () => {
  it('counts words like a whitespace split, ignoring bare punctuation', () => {
    expect(count('A B-tree index, you see — is fast.').words).toBe(7);
    expect(countWords("don't stop  the real-time ... thing")).toBe(5);
    expect(count('').words).toBe(0);
  });

  it.each([
    ['um so uh I think', 2],
    ['Umm, well, uhh', 2],
    ['er, erm, hmm', 3],
    ['you know, it is fast', 1],
    ['it is fast, you know.', 1],
    ['do you know the answer', 0],
    ['you know the answer', 0],
    ['I mean, it works', 1],
    ['I mean that it works', 0],
    ['Like, we had to rewrite it', 1],
    ['it was, like, slow', 1],
    ['it was like, slow', 1],
    ['and like the tests failed', 1],
    ['I like Python', 0],
    ['languages like Python and Go', 0],
    ['it looks like a queue', 0],
    ['um you know like I mean', 4],
  ])('fillers in %j: %i', (text, expected) => {
    expect(count(text).fillers).toBe(expected);
  });

  it('counts immediate repetitions, not numbers or across sentences', () => {
    expect(count('the the index').repetitions).toBe(1);
    expect(count('The the index').repetitions).toBe(1);
    expect(count('it was 10 10 ms').repetitions).toBe(0);
    expect(count('It ends. Ends here').repetitions).toBe(0);
  });

  it('adds into the object it is given', () => {
    const counts = { words: 1, fillers: 1, repetitions: 0 };
    countTranscriptText('um yes', counts);
    expect(counts).toEqual({ words: 3, fillers: 2, repetitions: 0 });
  });
});

describe('countTranscriptText against the previous implementation', () => {
  // Words chosen to exercise every rule: hesitations, the positional fillers and their blockers,
  // repetitions, numbers, joiners, non-ASCII letters, dashes and sentence ends.
  const pieces = [
    'um',
    'Uhm',
    'uhh',
    'er',
    'Erm',
    'hmm',
    'like',
    'Like',
    'you',
    'know',
    'I',
    'mean',
    'the',
    'The',
    'that',
    'do',
    'if',
    'and',
    'so',
    'it',
    '10',
    "don't",
    'real-time',
    'café',
    'Über',
    '—',
    '–',
    ',',
    '.',
    '!',
    '?',
    ';',
    'you know',
    'I mean',
    '’',
    '-',
    "'",
    'x-',
    'a',
    'an',
    'what',
    'it,',
    'like,',
    'know.',
    'mean,',
    'ümm',
    '日本',
  ];
  it('counts the same words, fillers and repetitions on random text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(' ', '', '  ', ', ')), { maxLength: 30 }), (parts) => {
        const text = parts.map(([word, sep]) => word + sep).join('');
        expect(countTranscriptText(text)).toEqual(countTranscriptTextReference(text));
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });
});
