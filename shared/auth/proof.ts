import { z } from 'zod';
import { canonicalJson } from '../sync/merge';

/**
 * Proof of who made a version of a document: an Ed25519 signature by a key that the server registered
 * for one user on one terminal at that user's online sign-in there. The private key is kept on the
 * terminal only sealed by a key derived from the user's password (or PIN), so only that person can
 * sign.
 *
 * What is signed: the collection, the key id, a fresh nonce, and the whole document as the user saved
 * it (with its deleted flag), less the proof itself and the server-owned clash markers. The nonce makes
 * each proof usable once: the server records every proof it accepts, so a replayed version is refused.
 *
 * A version merged by the conflict handler after the user signed out is not what they signed: some
 * fields kept the server's value. The merged version carries the user's proof plus `l`, the values
 * the user signed for exactly those fields (`[]` where the user's version had no such field). The
 * server rebuilds the signed version from the pushed one and `l`, checks the signature, and accepts
 * the merge only where every field in `l` holds the stored value: each field is either what is stored
 * or what the user signed, never a value nobody signed.
 */
export const PROOF_VERSION = 1;
export const SIGNED_FIELD_EXCLUDED = new Set(['proof', 'clashWith']);

const base64url = (what: string, min: number, max: number) =>
  z
    .string()
    .min(min, `${what} is too short`)
    .max(max, `${what} is too long`)
    .regex(/^[A-Za-z0-9_-]+$/, `${what} must be base64url`);

export const keyIdSchema = base64url('key id', 16, 64);

export const proofSchema = z.strictObject({
  /** The registered key that signed. */
  k: keyIdSchema,
  /** A fresh random nonce (16 bytes), so a proof is accepted once. */
  n: base64url('nonce', 20, 32),
  /** Ed25519 signature, 64 bytes. */
  s: base64url('signature', 86, 86),
  /** After a merge: the signed values of the fields that kept the server's value. */
  l: z.record(z.string().max(64), z.array(z.unknown()).max(1)).optional(),
});
export type Proof = z.infer<typeof proofSchema>;

type Doc = Record<string, unknown>;

/** The version a proof covers: the document less proof and clash markers, with its deleted flag. */
export function signedStateOf(doc: Doc, deleted: boolean): Doc {
  const out: Doc = {};
  for (const [k, v] of Object.entries(doc)) {
    if (!SIGNED_FIELD_EXCLUDED.has(k) && k !== '_deleted' && !k.startsWith('_') && v !== undefined) out[k] = v;
  }
  out._deleted = deleted;
  return out;
}

/** The version the user signed: the pushed one with the merge's kept-back fields put back. */
export function rebuildSigned(doc: Doc, deleted: boolean, lost: Proof['l']): Doc {
  const overlay = lost ?? {};
  const state = Object.fromEntries(
    Object.entries(signedStateOf(doc, deleted)).filter(([field]) => !Object.hasOwn(overlay, field)),
  );
  for (const [field, value] of Object.entries(overlay)) {
    if (value.length > 0) state[field] = value[0];
  }
  return state;
}

/** The `l` of a merged version: what the signer had in each field where the merge kept another value. */
export function lostValues(signed: Doc, merged: Doc): NonNullable<Proof['l']> {
  const out: NonNullable<Proof['l']> = {};
  const keys = new Set([...Object.keys(signed), ...Object.keys(merged)]);
  for (const k of keys) {
    if (SIGNED_FIELD_EXCLUDED.has(k)) continue;
    if (canonicalJson(signed[k]) !== canonicalJson(merged[k])) out[k] = k in signed ? [signed[k]] : [];
  }
  return out;
}

/** The exact bytes signed. */
export function proofMessage(collection: string, keyId: string, nonce: string, signed: Doc): Uint8Array {
  return new TextEncoder().encode(
    `clinic-desk-proof/${PROOF_VERSION}\n${collection}\n${keyId}\n${nonce}\n${canonicalJson(signed)}`,
  );
}

export function toBase64Url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}
