import { InterviewKitError, validationError } from '../errors/interviewkit-error';
import type * as z from 'zod';

/** Removes a surrounding Markdown code fence (```json … ```), if any. */
export function stripCodeFences(text: string): string {
  const trimmed = text.trim();
  // A reply that is one fenced block: take all of it, so a fence inside a JSON string (```) does not
  // end the block early. Otherwise the first fenced block in the prose.
  const whole = /^```[a-zA-Z0-9_-]*[ \t]*\n([\s\S]*)\n\s*```$/.exec(trimmed);
  const fenced = whole ?? /```[a-zA-Z0-9_-]*\s*\n?([\s\S]*?)\n?\s*```/.exec(trimmed);
  return (fenced?.[1] ?? trimmed).trim();
}

/**
 * Finds the first balanced JSON object or array in `text` (ignoring prose around it and braces
 * inside strings). Returns `undefined` when there is none.
 */
export function extractJsonText(text: string): string | undefined {
  const start = text.search(/[[{]/);
  if (start < 0) return undefined;
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return undefined;
      if (stack.length === 0) return text.slice(start, i + 1);
    }
  }
  // Unbalanced (truncated output): return the rest so repair can close it.
  return text.slice(start);
}

/**
 * Best-effort repair of near-JSON that language models produce: smart quotes, trailing commas,
 * `//` comments, single-quoted strings, unquoted keys, and unclosed brackets or strings at the end
 * of a truncated reply. Never guarantees validity; callers still parse and validate.
 */
export function repairJson(text: string): string {
  let s = text.replace(/[\u201C\u201D]/g, '"').replace(/[\u2018\u2019]/g, "'");
  s = s.replace(/^\s*\/\/.*$/gm, '');
  // Single-quoted strings → double-quoted (only when they contain no double quote).
  s = s.replace(/'([^'"\\\n]*)'/g, '"$1"');
  // Unquoted keys.
  s = s.replace(/([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*:)/g, '$1"$2"$3');
  // Trailing commas.
  s = s.replace(/,\s*([}\]])/g, '$1');
  // Close whatever a truncated reply left open.
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (const ch of s) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') stack.pop();
  }
  if (inString) s += '"';
  s = s.replace(/,\s*$/, '').replace(/:\s*$/, ': null');
  while (stack.length > 0) s += stack.pop();
  return s.replace(/,\s*([}\]])/g, '$1');
}

/**
 * Parses a language model's reply as JSON: strips code fences, extracts the JSON value from any
 * surrounding prose, and repairs common defects. Throws `VALIDATION_FAILED` when nothing parses.
 */
export function parseLooseJson(text: string): unknown {
  const stripped = stripCodeFences(text);
  const candidates = new Set<string>([stripped]);
  // Fences can also appear inside JSON strings, so the value is looked for in the unstripped reply too.
  for (const source of [stripped, text]) {
    const extracted = extractJsonText(source);
    if (extracted !== undefined) candidates.add(extracted);
  }
  for (const candidate of [...candidates]) candidates.add(repairJson(candidate));
  let lastError: unknown;
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch (error) {
      lastError = error;
    }
  }
  throw new InterviewKitError('VALIDATION_FAILED', 'The model reply is not JSON', {
    cause: lastError,
    details: { preview: text.slice(0, 200) },
  });
}

/**
 * Parses `text` loosely ({@link parseLooseJson}) and validates it with `schema`. Throws
 * `VALIDATION_FAILED` naming the failing paths.
 */
export function parseJsonWithSchema<T>(text: string, schema: z.ZodType<T>, what = 'model output'): T {
  const value = parseLooseJson(text);
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(what, parsed.error.issues, parsed.error);
  return parsed.data;
}
