import { DEBUGGING_CHALLENGES, SQL_CHALLENGES, debuggingQuestion, sqlChallengeQuestion } from '@interviewkit/questions';
import { describe, expect, it } from 'vitest';
import { parseSampleTables, questionExtraHtml, questionTextWithoutSnippet } from './question-extra';

describe('parseSampleTables', () => {
  it('reads the columns and every row of each bank challenge', () => {
    for (const challenge of SQL_CHALLENGES) {
      const tables = parseSampleTables(challenge.setupSql);
      expect(tables, challenge.id).not.toBeNull();
      const inserted = [...challenge.setupSql.matchAll(/INSERT INTO (\w+) VALUES (.*);/g)];
      expect(tables!.map((t) => t.name).sort(), challenge.id).toEqual([...challenge.setupSql.matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]).sort());
      for (const [, name, values] of inserted) {
        const table = tables!.find((t) => t.name === name)!;
        expect(table.rows.length, `${challenge.id} ${name}`).toBe(values!.split('),(').length);
        for (const row of table.rows) expect(row.length).toBe(table.columns.length);
      }
    }
  });

  it('keeps types, NULLs, numbers and quotes apart, and skips constraints', () => {
    const [t] = parseSampleTables(`CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, boss INTEGER REFERENCES people(id), PRIMARY KEY (id));
      INSERT INTO people VALUES (1,'O''Brien, Pat',NULL),(2,'Lee; Jo',1.5);`)!;
    expect(t!.columns).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'name', type: 'TEXT' },
      { name: 'boss', type: 'INTEGER' },
    ]);
    expect(t!.rows).toEqual([
      [1, "O'Brien, Pat", null],
      [2, 'Lee; Jo', 1.5],
    ]);
  });

  it('gives null for a script without tables', () => {
    expect(parseSampleTables('SELECT 1;')).toBeNull();
  });
});

describe('questionExtraHtml', () => {
  it('renders a SQL challenge as tables with headers and rows, not one raw JSON line', () => {
    const question = sqlChallengeQuestion(SQL_CHALLENGES[0]!);
    const html = questionExtraHtml(question.extra)!;
    expect(html).toContain('<table class="sample-table"><caption>customers');
    expect(html).toContain('<th scope="col">country <span class="col-type">TEXT</span></th>');
    expect(html).toContain('<td>Ana</td>');
    expect(html).toContain('Row order matters');
    expect(html).not.toContain('INSERT INTO');
    expect(html).not.toContain('"challenge"');
    expect(html).not.toContain('solution');
    expect(html).not.toContain('SUM(o.amount)');
  });

  it('renders a debugging snippet as code once, and takes it out of the question text', () => {
    const question = debuggingQuestion(DEBUGGING_CHALLENGES[0]!);
    const html = questionExtraHtml(question.extra)!;
    expect(html).toMatch(/<pre class="code" tabindex="0"><code data-language="\w+">/);
    const text = questionTextWithoutSnippet(question.text, question.extra);
    expect(text).not.toContain(DEBUGGING_CHALLENGES[0]!.snippet.trim());
    expect(text).toMatch(/What is the bug, and how do you fix it\?$/);
  });

  it('shows any other extra as labelled, escaped values', () => {
    const html = questionExtraHtml({ time_limit: 30, notes: 'line 1\nline <2>', data: { a: [1, 2] } })!;
    expect(html).toContain('<dt>time limit</dt><dd>30</dd>');
    expect(html).toContain('line &#60;2&#62;');
    expect(html).toContain('&#34;a&#34;');
    expect(questionExtraHtml(undefined)).toBeNull();
    expect(questionExtraHtml({})).toBeNull();
  });
});
