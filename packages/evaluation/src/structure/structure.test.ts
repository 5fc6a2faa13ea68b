import { describe, expect, it } from 'vitest';
import { analyze } from '../nlp/analyzer';
import { listShape } from './keyword-list';
import { redFlags } from './red-flags';
import { starShape } from './star';

describe('listShape', () => {
  it('recognises lists of terms, with or without commas', () => {
    expect(listShape(analyze('normalization redundancy anomalies 1NF 2NF 3NF BCNF primary key foreign key')).isList).toBe(true);
    expect(listShape(analyze('composition, inheritance, has-a, is-a, delegation, loose coupling, strategy pattern')).isList).toBe(true);
    expect(listShape(analyze('SELECT, LEFT JOIN, IS NULL, NOT EXISTS, NOT IN, subquery')).isList).toBe(true);
  });

  it('does not take prose for a list, even dense technical prose or prose with code', () => {
    expect(
      listShape(analyze('A deadlock needs mutual exclusion, hold and wait, no preemption and circular wait; breaking any one of them prevents it.')).isList,
    ).toBe(false);
    expect(
      listShape(
        analyze(
          'Off-by-one: i <= items.length runs one iteration too many, reading items[items.length], which is undefined, so the total becomes NaN. Use i < items.length.',
        ),
      ).isList,
    ).toBe(false);
    expect(listShape(analyze('It is fine.')).isList).toBe(false);
  });
});

describe('starShape', () => {
  it('finds situation, task, first-person actions and a quantified result in a story', () => {
    const s = starShape(
      analyze(
        'Last year at my previous job our deploys kept failing. I had to fix it before the launch. I wrote a checklist, I added a CI check and I trained the team on it. As a result failed deploys dropped by 80 percent.',
      ),
    );
    expect(s).toMatchObject({ situation: 1, task: 1, action: 1, quantified: true });
    // Irregular pasts come back lemmatized (wrote → write); regular ones as written.
    expect(s.actions).toEqual(expect.arrayContaining(['write', 'add', 'trained']));
    // All four parts, scaled by length: the story has about 45 words of the 60 a full one needs.
    expect(s.score).toBeGreaterThan(0.65);
  });

  it('gives rubric words and hypotheticals no structure', () => {
    expect(starShape(analyze('STAR: situation, task, action, result. Persuasion and influence.')).score).toBeLessThan(0.15);
    expect(starShape(analyze('I would talk to the team and I would write a plan and then I would measure the result.')).action).toBe(0);
  });
});

describe('redFlags', () => {
  it('finds concealment, blame and disguised strengths, and not their denials', () => {
    expect(redFlags(analyze("I didn't tell anyone because I didn't want to worry them.")).map((f) => f.flag)).toEqual(['concealment']);
    expect(redFlags(analyze('The real problem was QA; I blamed them in the retro.')).map((f) => f.flag)).toEqual(['blame']);
    expect(redFlags(analyze('My weakness is that I work too hard.')).map((f) => f.flag)).toEqual(['disguised_strength']);
    expect(redFlags(analyze('I owned it right away instead of hoping nobody noticed, without blaming anyone.'))).toEqual([]);
    expect(redFlags(analyze("They were embarrassed and didn't say anything, so I asked them directly."))).toEqual([]);
  });
});
