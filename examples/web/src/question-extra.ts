import { esc } from './charts';

/** A sample table of a SQL challenge: its columns (with their declared types) and rows. */
export interface SampleTable {
  name: string;
  columns: Array<{ name: string; type: string }>;
  rows: Array<Array<string | number | null>>;
}

/** Splits SQL into statements at semicolons outside quotes. */
function statements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (const c of sql) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

/** Splits at commas outside parentheses and quotes. */
function topLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let current = '';
  for (const c of list) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** One SQL literal: 'text' (with '' escapes), NULL, a number, or the bare word. */
function literal(token: string): string | number | null {
  if (/^null$/i.test(token)) return null;
  if (/^'.*'$/s.test(token)) return token.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  return token;
}

/** The tuples of a VALUES list: `(1,'Ana'),(2,'Ben')`. */
function tuples(values: string): Array<Array<string | number | null>> {
  const rows: Array<Array<string | number | null>> = [];
  for (const group of topLevel(values)) {
    const inner = /^\((.*)\)$/s.exec(group.trim());
    if (inner) rows.push(topLevel(inner[1]!).map(literal));
  }
  return rows;
}

const unquote = (name: string): string => name.replace(/^["`[]|["`\]]$/g, '');

/**
 * The sample tables of a SQL challenge from its setup script (`CREATE TABLE` and
 * `INSERT … VALUES` statements, as the question bank ships them), or null when the script holds
 * none (then it is shown as code).
 */
export function parseSampleTables(sql: string): SampleTable[] | null {
  const tables = new Map<string, SampleTable>();
  const table = (name: string): SampleTable => {
    let t = tables.get(name.toLowerCase());
    if (!t) tables.set(name.toLowerCase(), (t = { name, columns: [], rows: [] }));
    return t;
  };
  for (const statement of statements(sql)) {
    const create = /^create\s+table\s+(?:if\s+not\s+exists\s+)?([\w"`[\]]+)\s*\((.*)\)$/is.exec(statement);
    if (create) {
      const t = table(unquote(create[1]!));
      for (const def of topLevel(create[2]!)) {
        if (/^(primary\s+key|foreign\s+key|unique|check|constraint)\b/i.test(def)) continue;
        const [name = '', ...type] = def.split(/\s+/);
        t.columns.push({
          name: unquote(name),
          type: (
            type.find((w) => /^[a-z]+(\(\d+(,\s*\d+)?\))?$/i.test(w) && !/^(not|null|primary|key|references|default|unique)$/i.test(w)) ?? ''
          ).toUpperCase(),
        });
      }
      continue;
    }
    const insert = /^insert\s+into\s+([\w"`[\]]+)\s*(?:\(([^)]*)\))?\s*values\s*(.*)$/is.exec(statement);
    if (insert) {
      const t = table(unquote(insert[1]!));
      if (t.columns.length === 0 && insert[2]) t.columns = insert[2].split(',').map((c) => ({ name: unquote(c.trim()), type: '' }));
      t.rows.push(...tuples(insert[3]!));
    }
  }
  const parsed = [...tables.values()].filter((t) => t.columns.length > 0 || t.rows.length > 0);
  for (const t of parsed) {
    const width = Math.max(t.columns.length, ...t.rows.map((r) => r.length));
    for (let i = t.columns.length; i < width; i++) t.columns.push({ name: `column ${i + 1}`, type: '' });
  }
  return parsed.length > 0 ? parsed : null;
}

function tableHtml(t: SampleTable): string {
  const head = t.columns.map((c) => `<th scope="col">${esc(c.name)}${c.type ? ` <span class="col-type">${esc(c.type)}</span>` : ''}</th>`).join('');
  const body = t.rows
    .map(
      (r) =>
        `<tr>${t.columns.map((_, i) => `<td${typeof r[i] === 'number' ? ' class="num"' : ''}>${r[i] === null || r[i] === undefined ? '<span class="muted">NULL</span>' : esc(r[i])}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<div class="table-scroll"><table class="sample-table"><caption>${esc(t.name)} <span class="muted">(${t.rows.length} row${t.rows.length === 1 ? '' : 's'})</span></caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function codeHtml(code: string, language: string): string {
  return `<pre class="code" tabindex="0"><code${language ? ` data-language="${esc(language)}"` : ''}>${esc(code.replace(/^\n+|\s+$/g, ''))}</code></pre>`;
}

/**
 * A question's `extra` as readable HTML: a SQL challenge's sample tables as tables, a debugging
 * challenge's snippet as code, anything else as labelled values (objects pretty-printed, long
 * text wrapped). Null when there is nothing to show.
 */
export function questionExtraHtml(extra: Readonly<Record<string, unknown>> | undefined): string | null {
  if (!extra) return null;
  const parts: string[] = [];
  const rest = { ...extra };
  // The reference query is the answer: never shown, even when a practice question carries it.
  delete rest.solutionSql;
  // `setupSql` is the bank's field; `tables` the name older servers used.
  const setup = typeof extra.setupSql === 'string' ? extra.setupSql : typeof extra.tables === 'string' ? extra.tables : null;
  if (extra.challenge === 'sql' && setup !== null) {
    const tables = parseSampleTables(setup);
    parts.push(`<h4>Sample tables</h4>${tables ? tables.map(tableHtml).join('') : codeHtml(setup, 'sql')}`);
    if (typeof extra.orderMatters === 'boolean')
      parts.push(`<p class="muted">${extra.orderMatters ? 'Row order matters: use ORDER BY as asked.' : 'Any row order is accepted.'}</p>`);
    delete rest.setupSql;
    delete rest.tables;
    delete rest.orderMatters;
    delete rest.challenge;
  } else if (extra.challenge === 'debugging' && typeof extra.snippet === 'string') {
    const language = typeof extra.language === 'string' ? extra.language : '';
    parts.push(`<h4>Code${language ? ` <span class="muted">(${esc(language)})</span>` : ''}</h4>${codeHtml(extra.snippet, language)}`);
    delete rest.snippet;
    delete rest.language;
    delete rest.challenge;
  }
  const entries = Object.entries(rest).filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (entries.length > 0) {
    const value = (v: unknown): string =>
      typeof v === 'string' ? (v.includes('\n') ? codeHtml(v, '') : esc(v)) : typeof v === 'object' ? codeHtml(JSON.stringify(v, null, 2), 'json') : esc(v);
    parts.push(`<dl class="extra-fields">${entries.map(([k, v]) => `<div><dt>${esc(k.replace(/_/g, ' '))}</dt><dd>${value(v)}</dd></div>`).join('')}</dl>`);
  }
  return parts.length > 0 ? parts.join('') : null;
}

/**
 * The question text without the code block that `extra` shows on its own (debugging questions
 * carry their snippet in both), so the page never shows the snippet twice.
 */
export function questionTextWithoutSnippet(text: string, extra: Readonly<Record<string, unknown>> | undefined): string {
  const snippet = typeof extra?.snippet === 'string' ? extra.snippet.trim() : '';
  if (!snippet || !text.includes(snippet)) return text;
  return text
    .replace(snippet, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
