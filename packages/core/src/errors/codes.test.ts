import { describe, expect, it } from 'vitest';
import { codeForHttpStatus, ERROR_CODE_LIST, httpStatusForCode } from './codes';

describe('codeForHttpStatus', () => {
  it('inverts httpStatusForCode wherever one code owns its status', () => {
    const owners = new Map<number, string[]>();
    for (const code of ERROR_CODE_LIST) owners.set(httpStatusForCode(code), [...(owners.get(httpStatusForCode(code)) ?? []), code]);
    for (const [status, codes] of owners) if (codes.length === 1 && status !== 499) expect(codeForHttpStatus(status)).toBe(codes[0]);
  });

  it('maps shared and unknown statuses to the general codes', () => {
    expect(codeForHttpStatus(404)).toBe('NOT_FOUND');
    expect(codeForHttpStatus(406)).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(codeForHttpStatus(418)).toBe('VALIDATION_FAILED');
    expect(codeForHttpStatus(502)).toBe('INTERNAL');
    expect(codeForHttpStatus(503)).toBe('PROVIDER_UNAVAILABLE');
  });
});
