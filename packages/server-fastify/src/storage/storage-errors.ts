/**
 * Whether an error means the database cannot be reached or is busy right now — a condition to
 * answer with 503 STORAGE_UNAVAILABLE (retry later), not with a 500: PostgreSQL connection
 * failures (refused, reset, timed out, terminated, admin shutdown, too many connections) and
 * SQLite lock contention that outlasted the busy timeout.
 */
export function isStorageUnavailableError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    const errstr = (e as { errstr?: unknown }).errstr; // node:sqlite's SQLite error text
    const message = e instanceof Error ? e.message : '';
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    // PostgreSQL SQLSTATE classes 08 (connection exception) and 57P (operator intervention), and 53300.
    if (typeof code === 'string' && /^(08...|57P0[1-3]|53300)$/.test(code)) return true;
    if (
      typeof code === 'string' &&
      (code === 'ERR_SQLITE_ERROR' || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) &&
      /locked|busy/i.test(`${message} ${String(errstr ?? '')}`)
    )
      return true;
    if (/Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message))
      return true;
  }
  return false;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
