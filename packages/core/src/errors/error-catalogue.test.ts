import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_CODE_LIST, isRetryableCode } from './codes';

// docs/errors.md is the public reference of the catalogue; this keeps the two in step both ways.
const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
const rows = new Map([...doc.matchAll(/^\| `([A-Z_]+)` \| (\d+) \| (yes|no) \|/gm)].map((m) => [m[1], { status: Number(m[2]), retryable: m[3] === 'yes' }]));

describe('error catalogue documentation', () => {
  it('documents every code with its HTTP status and retryability', () => {
    for (const code of ERROR_CODE_LIST) {
      expect(rows.get(code), `docs/errors.md lacks ${code}`).toEqual({ status: ERROR_CODES[code], retryable: isRetryableCode(code) });
    }
  });

  it('documents no code that does not exist', () => {
    expect([...rows.keys()].sort()).toEqual([...ERROR_CODE_LIST].sort());
  });
});
