/**
 * The stored form of a password or PIN: `scrypt$N$r$p$salt$hash` (salt and hash in base64). The server
 * makes these with Node's scrypt; terminals verify them offline with a JavaScript scrypt. Both read
 * the parameters from the string, so they can be raised later without breaking old hashes.
 */
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 16_384, r: 8, p: 1 };
export const HASH_BYTES = 32;
export const SALT_BYTES = 16;

export interface ParsedHash extends ScryptParams {
  salt: string;
  hash: string;
}

export function formatPasswordHash(params: ScryptParams, saltB64: string, hashB64: string): string {
  return `scrypt$${params.N}$${params.r}$${params.p}$${saltB64}$${hashB64}`;
}

export function parsePasswordHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt = '', hash = ''] = parts;
  const N = Number(n);
  const R = Number(r);
  const P = Number(p);
  // Power of two, and bounded so a hostile hash cannot make a terminal allocate gigabytes.
  if (!Number.isInteger(N) || N < 1024 || N > 1_048_576 || (N & (N - 1)) !== 0) return null;
  if (!Number.isInteger(R) || R < 1 || R > 32 || !Number.isInteger(P) || P < 1 || P > 16) return null;
  if (!salt || !hash) return null;
  return { N, r: R, p: P, salt, hash };
}
