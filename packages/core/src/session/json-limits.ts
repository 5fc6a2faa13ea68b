import * as z from 'zod';

/**
 * Limits on free-form JSON accepted from clients (a question's `extra`): how deep it nests, how
 * many values it holds, and how long it is once serialised. Nesting is what breaks servers —
 * `JSON.stringify` recurses, so a few thousand levels overflow the stack wherever the value is
 * saved or sent — and size is what fills memory and databases.
 */
export interface JsonLimits {
  /** Deepest nesting (the value itself is depth 1). */
  maxDepth: number;
  /** Most values (objects, arrays and primitives) in all. */
  maxNodes: number;
  /** Longest serialised form, in characters (strings and keys counted by length). */
  maxLength: number;
}

/** The limits of {@link QuestionSchema}'s `extra`: far above what challenges need (depth 2, a few KB). */
export const EXTRA_JSON_LIMITS: JsonLimits = Object.freeze({ maxDepth: 10, maxNodes: 5_000, maxLength: 64 * 1024 });

/**
 * Why `value` breaks `limits`, or null. Iterative (an explicit stack), so a value nested far too
 * deep is measured without recursing, and it stops at the first limit passed.
 */
export function jsonLimitViolation(value: unknown, limits: JsonLimits): string | null {
  const stack: Array<[unknown, number]> = [[value, 1]];
  let nodes = 0;
  let length = 0;
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (depth > limits.maxDepth) return `nests deeper than ${limits.maxDepth} levels`;
    if (++nodes > limits.maxNodes) return `holds more than ${limits.maxNodes} values`;
    if (typeof item === 'string') length += item.length + 2;
    else if (item !== null && typeof item === 'object') {
      const entries = Array.isArray(item) ? item.map((v) => ['', v] as const) : Object.entries(item);
      length += 2;
      for (const [key, child] of entries) {
        length += key.length + 3;
        stack.push([child, depth + 1]);
      }
    } else length += String(item).length;
    if (length > limits.maxLength) return `is longer than ${limits.maxLength} characters`;
  }
  return null;
}

/** A free-form JSON object (`Record<string, unknown>`) checked against `limits`. */
export function boundedJsonObject(limits: JsonLimits = EXTRA_JSON_LIMITS): z.ZodType<Record<string, unknown>> {
  return z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
    const violation = jsonLimitViolation(value, limits);
    if (violation) ctx.addIssue({ code: 'custom', message: `The value ${violation}` });
  });
}
