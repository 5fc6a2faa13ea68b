import { describe, expect, it } from 'vitest';
import { bearerToken, signToken, verifyToken } from './jwt';
import { hashPassword, verifyPassword } from './password';

const SECRET = 's'.repeat(40);

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with salted hashes', async () => {
    const params = { N: 2 ** 10, r: 8, p: 1 };
    const a = await hashPassword('correct horse', params);
    const b = await hashPassword('correct horse', params);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse', a)).toBe(true);
    expect(await verifyPassword('wrong horse', a)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('HS256 tokens', () => {
  it('round-trips and rejects forged, expired and alg:none tokens', () => {
    const token = signToken('42', SECRET, 60, 1000);
    expect(verifyToken(token, SECRET, 1010)).toEqual({ sub: '42', iat: 1000, exp: 1060 });
    expect(() => verifyToken(token, SECRET, 1060)).toThrow(/Invalid or expired/);
    expect(() => verifyToken(token, 't'.repeat(40), 1010)).toThrow(/Invalid or expired/);
    const [, payload] = token.split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(() => verifyToken(none, SECRET, 1010)).toThrow(/Invalid or expired/);
    const tampered = token.replace(payload!, Buffer.from('{"sub":"1","iat":1000,"exp":9999}').toString('base64url'));
    expect(() => verifyToken(tampered, SECRET, 1010)).toThrow(/Invalid or expired/);
    expect(() => verifyToken('a.b', SECRET)).toThrow();
  });

  it('reads bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
