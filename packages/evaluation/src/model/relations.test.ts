import { QuestionSchema } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { analyze } from '../nlp/analyzer';
import { clauses } from '../nlp/clauses';
import { amountsOf, clauseEntitiesOf, coordinatedKeys, quantitiesOf, sameMeasure, type EntityClause } from './relations-model';
import { answerMode } from './question-model';

const all = (s: string, f: (t: ReturnType<typeof analyze>, a: number, b: number) => string[]) => {
  const t = analyze(s);
  return f(t, 0, t.value.length - 1);
};

describe('relations of the reference', () => {
  it('reads complexities in O-notation, spoken or named, and plain numbers', () => {
    expect(all('Lookups are O(log n), inserts O(1) and a scan O(n log n).', quantitiesOf)).toEqual(['O::logn', 'O::1', 'O::nlogn']);
    expect(all('so it is o of one on average, or linear time in the worst case', quantitiesOf)).toEqual(['O::1', 'O:time:n']);
    expect(all('It runs in O(n) time with O(1) extra space.', quantitiesOf)).toEqual(['O:time:n', 'O:space:1']);
    expect(all('It listens on port 53 and retries 3 times.', quantitiesOf)).toEqual(['#:port:53', '#:time:3']);
  });

  it('compares quantities only when they measure the same thing', () => {
    expect(sameMeasure('O:time:n', 'O::logn')).toBe(true);
    expect(sameMeasure('O:time:n', 'O:space:1')).toBe(false);
    expect(sameMeasure('#:port:80', '#:port:53')).toBe(true);
    expect(sameMeasure('#:byte:4096', '#:kb:4')).toBe(false);
  });

  it('reads graded amounts, not "more than"', () => {
    expect(all('It needs more memory and gives a less noisy gradient.', amountsOf)).toEqual(expect.arrayContaining(['more:memory', 'less:noisy']));
    expect(all('It takes more than a second.', amountsOf)).toEqual([]);
  });

  it('finds the words that tell coordinated terms apart, through a shared head, a hyphen or "over"', () => {
    const keys = (q: string) => coordinatedKeys(analyze(q, { pos: true }));
    expect([...keys('What is the difference between a shallow copy and a deep copy?')]).toEqual(expect.arrayContaining(['shallow', 'deep']));
    expect([...keys('Explain the speed-accuracy tradeoff.')]).toEqual(expect.arrayContaining(['speed', 'accuracy']));
    expect([...keys('When would you prefer recursion over iteration?')]).toEqual(expect.arrayContaining(['recursion', 'iteration']));
  });

  it('attributes a relative clause to the last term named before it, and a contrast clause to none', () => {
    // entities 1 (young) and 2 (old); clause vocabularies in order.
    const c = (mentions: number[], sentence: number, extra: Partial<EntityClause> = {}): EntityClause => ({
      lead: mentions.slice(0, 1),
      sentence,
      mentions,
      relative: false,
      contrast: false,
      compares: false,
      ...extra,
    });
    const entities = [1, 2];
    expect(clauseEntitiesOf([c([1, 5], 0), c([6, 2], 0, { lead: [6] }), c([7], 0, { lead: [7], relative: true })], entities)).toEqual([1, 1, 2]);
    expect(clauseEntitiesOf([c([1, 5], 0), c([8, 2], 0, { lead: [8], contrast: true })], entities)).toEqual([1, -1]);
    // Named alone at the start of a sentence, a term is what the clause is about …
    expect(clauseEntitiesOf([c([9, 2], 0, { lead: [9] })], entities)).toEqual([2]);
    // … but not as the other side of a comparison.
    expect(clauseEntitiesOf([c([9, 2], 0, { lead: [9], compares: true })], entities)).toEqual([-1]);
  });

  it('keeps "copy.copy" in one sentence and ends a clause at a full stop wink-nlp missed', () => {
    const t = analyze('A shallow copy (copy.copy, list.copy()) shares the inner objects. A deep copy does not.');
    expect(t.sentences).toHaveLength(2);
    expect(clauses(analyze('it is the same as b equals a. a deep copy makes a new list')).length).toBe(2);
  });

  it('judges "give an example of when you\'d use each" as a technical question, not a story', () => {
    const q = (text: string) => QuestionSchema.parse({ id: 'x', text, referenceAnswer: 'Something.' });
    expect(answerMode(q("What is the difference between TCP and UDP? Give an example of when you'd use each."))).toBe('technical');
    expect(answerMode(q('Give an example of when you had to push back on a deadline.'))).toBe('story');
  });
});
