import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import {
  DEFAULT_SCRYPT,
  HASH_BYTES,
  SALT_BYTES,
  formatPasswordHash,
  parsePasswordHash,
} from '../../shared/auth/password-hash';

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

/** A slow salted hash for a password or PIN; the plain text is never stored or sent to terminals. */
export async function hashPassword(password: string, params = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, HASH_BYTES, {
    N: params.N,
    r: params.r,
    p: params.p,
    maxmem: maxmem(params.N, params.r),
  });
  return formatPasswordHash(params, salt.toString('base64'), key.toString('base64'));
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parsePasswordHash(stored);
  if (!parsed) return false;
  const expected = Buffer.from(parsed.hash, 'base64');
  const key = await scryptAsync(password, Buffer.from(parsed.salt, 'base64'), expected.length, {
    N: parsed.N,
    r: parsed.r,
    p: parsed.p,
    maxmem: maxmem(parsed.N, parsed.r),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
