/**
 * How a question is named to a person: `Q1` for the question at `index` 0. Everything people read
 * (the web page, the metrics table, the quickstart) numbers questions from 1 with this; the
 * `index` field of events, messages and API bodies stays 0-based, as data.
 */
export function questionLabel(index: number): string {
  return `Q${index + 1}`;
}
