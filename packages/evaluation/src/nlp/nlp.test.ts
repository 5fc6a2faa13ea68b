import { describe, expect, it } from 'vitest';
import { analyze } from './analyzer';
import { clauses } from './clauses';
import { comparativeBases, gradedForms, matchKeys } from './forms';

describe('analyze (wink-nlp)', () => {
  it('splits sentences, maps British spellings and keeps negation only after an explicit negator', () => {
    const t = analyze('Threads never share memory. It generalises well and eliminates redundancy.');
    expect(t.sentences).toHaveLength(2);
    expect(t.normal).toContain('generalizes');
    const at = (w: string) => t.value.indexOf(w);
    expect(t.negated[at('share')]).toBe(true);
    expect(t.negated[at('memory')]).toBe(true);
    // wink-nlp opens a scope after "eliminates"; the evaluator does not count it as a negation.
    expect(t.negated[at('redundancy')]).toBe(false);
  });

  it('tags parts of speech only when asked (references, not answers)', () => {
    expect(analyze('Bagging reduces variance.').pos).toBeNull();
    expect(analyze('Bagging reduces variance.', { pos: true }).pos).toContain('VERB');
  });
});

describe('forms', () => {
  it('recovers bases hidden by inflections', () => {
    expect(matchKeys('threads', 'threads')).toContain('thread');
    expect(matchKeys('caches', 'caches')).toContain('cache');
    expect(matchKeys('policies', 'policies')).toContain('policy');
    expect(matchKeys('stopped', 'stopped')).toContain('stop');
    expect(matchKeys('sharing', 'sharing')).toContain('share');
    expect(matchKeys('went', 'go')).toContain('go');
  });

  it('forms comparatives and reads them back', () => {
    expect(gradedForms('fast')).toContain('faster');
    expect(gradedForms('large')).toContain('larger');
    expect(gradedForms('easy')).toContain('easier');
    expect(gradedForms('big')).toContain('bigger');
    expect(comparativeBases('faster')).toContain('fast');
    expect(comparativeBases('easier')).toContain('easy');
  });
});

describe('clauses', () => {
  it('cuts at semicolons, commas and contrast words', () => {
    const t = analyze('Bagging trains in parallel; boosting trains sequentially, while stacking learns a combiner.');
    const texts = clauses(t).map(([a, b]) => t.value.slice(a, b + 1).join(' '));
    expect(texts).toEqual(['Bagging trains in parallel ;', 'boosting trains sequentially ,', 'while stacking learns a combiner .']);
  });
});
