import { createHmac, timingSafeEqual } from 'node:crypto';
import { InterviewKitError } from '@interviewkit/core';

/** Claims of an InterviewKit bearer token. */
export interface TokenClaims {
  /** The user id. */
  sub: string;
  /** Issued at, seconds since the epoch. */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

function sign(input: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(input).digest();
}

/** Signs an HS256 JWT for `userId`, valid for `ttlSeconds`. */
export function signToken(userId: string, secret: string, ttlSeconds: number, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const payload = Buffer.from(JSON.stringify({ sub: userId, iat: nowSeconds, exp: nowSeconds + ttlSeconds })).toString('base64url');
  const body = `${HEADER}.${payload}`;
  return `${body}.${sign(body, secret).toString('base64url')}`;
}

const invalid = (): InterviewKitError => new InterviewKitError('UNAUTHENTICATED', 'Invalid or expired token');

/**
 * Verifies an HS256 JWT: only `alg: HS256` is accepted (no `none`, no algorithm confusion), the
 * signature is compared in constant time, and `exp` is enforced. Raises `UNAUTHENTICATED`.
 */
export function verifyToken(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): TokenClaims {
  if (token.length > 4096) throw invalid();
  const parts = token.split('.');
  if (parts.length !== 3) throw invalid();
  const [header, payload, signature] = parts as [string, string, string];
  let headerJson: { alg?: unknown; typ?: unknown };
  let claims: Partial<TokenClaims>;
  try {
    headerJson = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as typeof headerJson;
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TokenClaims>;
  } catch {
    throw invalid();
  }
  if (headerJson.alg !== 'HS256') throw invalid();
  const expected = sign(`${header}.${payload}`, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw invalid();
  if (claims.exp <= nowSeconds) throw invalid();
  return { sub: claims.sub, iat: claims.iat, exp: claims.exp };
}

/** The bearer token of an `Authorization` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
