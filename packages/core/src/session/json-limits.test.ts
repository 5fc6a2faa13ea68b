import { describe, expect, it } from 'vitest';
import { EXTRA_JSON_LIMITS, jsonLimitViolation } from './json-limits';
import { QuestionSchema } from './question';

function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i++) value = { next: value };
  return value;
}

describe('free-form JSON limits (issue 15, F)', () => {
  it('measures a value nested 20,000 levels deep without recursing, and refuses it', () => {
    expect(jsonLimitViolation(nested(20_000), EXTRA_JSON_LIMITS)).toMatch(/deeper than 10/);
    expect(QuestionSchema.safeParse({ id: 'q', text: 'Q?', extra: nested(5000) }).success).toBe(false);
  });

  it('refuses too many values and too long a value, and accepts what challenges carry', () => {
    expect(jsonLimitViolation({ rows: Array.from({ length: 6000 }, () => 1) }, EXTRA_JSON_LIMITS)).toMatch(/more than 5000 values/);
    expect(jsonLimitViolation({ text: 'x'.repeat(70_000) }, EXTRA_JSON_LIMITS)).toMatch(/longer than 65536/);
    const extra = {
      challenge: 'sql',
      tables: [
        {
          name: 'orders',
          columns: ['id', 'amount'],
          rows: [
            [1, 2.5],
            [2, null],
          ],
        },
      ],
      snippet: 'SELECT 1',
    };
    expect(jsonLimitViolation(extra, EXTRA_JSON_LIMITS)).toBeNull();
    expect(QuestionSchema.parse({ id: 'q', text: 'Q?', extra }).extra).toEqual(extra);
    const issue = QuestionSchema.safeParse({ id: 'q', text: 'Q?', extra: nested(50) }).error!.issues[0]!;
    expect(issue.path).toEqual(['extra']);
    expect(issue.message).toMatch(/nests deeper/);
  });
});
