import { hasErrorCode } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { ConnectionCap } from './connection-cap';

describe('ConnectionCap', () => {
  it('counts connections per user, refuses past the cap and frees a place on release', () => {
    const cap = new ConnectionCap(2);
    expect(cap.take('a')).toBe(true);
    cap.check('a');
    expect(cap.take('a')).toBe(true);
    expect(() => cap.check('a')).toThrow(/2 per user/);
    try {
      cap.check('a');
    } catch (error) {
      expect(hasErrorCode(error, 'RATE_LIMITED')).toBe(true);
    }
    // Two upgrades that raced past check(): the second is refused when it is counted.
    expect(cap.take('a')).toBe(false);
    cap.check('b');
    expect(cap.take('b')).toBe(true);
    cap.release('a');
    cap.check('a');
    expect(cap.take('a')).toBe(true);
    expect(cap.take('a')).toBe(false);
    // Released down to none: the full cap is free again.
    cap.release('a');
    cap.release('a');
    expect(cap.take('a')).toBe(true);
    expect(cap.take('a')).toBe(true);
    expect(cap.take('a')).toBe(false);
  });
});
