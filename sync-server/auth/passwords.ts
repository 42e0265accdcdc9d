import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import {
  HASH_BYTES,
  SALT_BYTES,
  formatPasswordHash,
  parsePasswordHash,
  type ParsedHash,
  type ScryptParams,
} from '../../shared/auth/password-hash';

/**
 * Passwords are hashed only here, with the server's own parameters; hashes never leave the server.
 * A stored hash is evaluated only when its cost lies in the allowed range, so a planted hash can
 * neither make the server allocate gigabytes nor pass with a trivially cheap cost.
 */
export const SERVER_SCRYPT: ScryptParams = { N: 32_768, r: 8, p: 1 };
const ALLOWED_N = { min: 16_384, max: 65_536 };

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, length, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

// Room for N·r·128 bytes plus Node's own overhead.
const maxmem = (N: number, r: number): number => 256 * N * r + 1024 * 1024;

/** The hash's parameters when they are ones this server accepts, otherwise null. */
export function allowedHash(stored: string): ParsedHash | null {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return null;
  if (parsed.N < ALLOWED_N.min || parsed.N > ALLOWED_N.max || parsed.r !== 8 || parsed.p !== 1) return null;
  if (Buffer.from(parsed.hash, 'base64').length !== HASH_BYTES) return null;
  return parsed;
}

/** Stores call this before writing a hash: one outside the allowed cost is never kept. */
export function assertAllowedHash(stored: string): void {
  if (!allowedHash(stored))
    throw new Error('Refused to store a password hash whose parameters are outside the allowed range.');
}

/** A slow salted hash with the server's parameters and a fresh salt. */
export async function hashPassword(password: string): Promise<string> {
  const params = SERVER_SCRYPT;
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, HASH_BYTES, { ...params, maxmem: maxmem(params.N, params.r) });
  return formatPasswordHash(params, salt.toString('base64'), key.toString('base64'));
}

async function evaluate(password: string, parsed: ParsedHash): Promise<boolean> {
  const expected = Buffer.from(parsed.hash, 'base64');
  const key = await scryptAsync(password, Buffer.from(parsed.salt, 'base64'), expected.length, {
    N: parsed.N,
    r: parsed.r,
    p: parsed.p,
    maxmem: maxmem(parsed.N, parsed.r),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: ParsedHash | null | undefined;

/**
 * Checks a password against a stored hash. With no hash (no such account) or one out of range it
 * still spends the same time on a hash of its own, so a wrong email and a wrong password look alike.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = stored === null ? null : allowedHash(stored);
  if (parsed) return evaluate(password, parsed);
  dummy ??= allowedHash(await hashPassword('no account has this password'));
  if (dummy) await evaluate(password, dummy);
  return false;
}
