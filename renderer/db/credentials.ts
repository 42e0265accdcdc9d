import { ed25519 } from '@noble/curves/ed25519.js';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { fromBase64Url, toBase64Url } from '../../shared/auth/proof';
import type { ClinicDatabase } from './database';

/**
 * What a terminal keeps so that a person who signed in here online can sign in here again offline:
 * a verifier made from their password on this terminal (scrypt, 128 MiB, fixed here), and their
 * signing key sealed by a key derived from that password, and separately from their PIN if they set
 * one on this terminal. It lives in a local document, which never replicates; no hash made by the
 * server ever reaches a terminal.
 */
export const TERMINAL_KDF = { N: 2 ** 17, r: 8, p: 1 } as const;
export const MAX_PIN_FAILURES = 5;

const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/);
const sealedSchema = z.strictObject({ salt: b64, check: b64, iv: b64, sealed: b64 });
type Sealed = z.infer<typeof sealedSchema>;

export const cachedCredentialSchema = z.strictObject({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  /** The user's credential version at the last online sign-in: a reset on the server ends this. */
  credentialVersion: z.int().min(0),
  keyId: z.string(),
  publicKey: b64,
  password: sealedSchema,
  pin: sealedSchema.optional(),
  pinFailures: z.int().min(0),
});
export type CachedCredential = z.infer<typeof cachedCredentialSchema>;

interface Derived {
  salt: Uint8Array;
  check: string;
  key: CryptoKey;
}

async function derive(secret: string, salt: Uint8Array): Promise<Derived> {
  const out = await scryptAsync(new TextEncoder().encode(secret), salt, {
    ...TERMINAL_KDF,
    dkLen: 64,
    maxmem: 256 * TERMINAL_KDF.N * TERMINAL_KDF.r + 1024 * 1024,
  });
  const check = toBase64Url(sha256(out.slice(0, 32)));
  const key = await crypto.subtle.importKey('raw', Uint8Array.from(out.slice(32)), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);
  return { salt, check, key };
}

/** Seals a signing key under a password or PIN (a fresh salt each time). */
export async function seal(secret: string, secretKey: Uint8Array): Promise<Sealed> {
  const d = await derive(secret, crypto.getRandomValues(new Uint8Array(16)));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, d.key, Uint8Array.from(secretKey)),
  );
  return { salt: toBase64Url(d.salt), check: d.check, iv: toBase64Url(iv), sealed: toBase64Url(sealed) };
}

/** The signing key, when the secret is the one it was sealed with; otherwise null. */
export async function unseal(secret: string, sealed: Sealed): Promise<Uint8Array | null> {
  const d = await derive(secret, fromBase64Url(sealed.salt));
  if (d.check !== sealed.check) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(sealed.iv) },
      d.key,
      fromBase64Url(sealed.sealed),
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}

export function newKeyPair(): { secretKey: Uint8Array; publicKey: string } {
  const secretKey = ed25519.utils.randomSecretKey();
  return { secretKey, publicKey: toBase64Url(ed25519.getPublicKey(secretKey)) };
}

const keyFor = (email: string): string => `credential:${email.trim().toLowerCase()}`;

export async function loadCredential(db: ClinicDatabase, email: string): Promise<CachedCredential | null> {
  const doc = await db.getLocal<CachedCredential>(keyFor(email));
  if (!doc) return null;
  const parsed = cachedCredentialSchema.safeParse(doc.toJSON().data);
  return parsed.success ? parsed.data : null;
}

export async function saveCredential(db: ClinicDatabase, credential: CachedCredential): Promise<void> {
  await db.upsertLocal<CachedCredential>(keyFor(credential.email), cachedCredentialSchema.parse(credential));
}

export async function forgetCredential(db: ClinicDatabase, email: string): Promise<void> {
  await (await db.getLocal(keyFor(email)))?.remove();
}

/** Sets (or replaces) this person's PIN on this terminal: their key, sealed once more under the PIN. */
export async function setPin(db: ClinicDatabase, email: string, secretKey: Uint8Array, pin: string): Promise<void> {
  if (!/^\d{4,8}$/.test(pin)) throw new Error('A PIN is 4 to 8 digits.');
  const credential = await loadCredential(db, email);
  if (!credential) throw new Error('Sign in with your password on this terminal first.');
  await saveCredential(db, { ...credential, pin: await seal(pin, secretKey), pinFailures: 0 });
}
