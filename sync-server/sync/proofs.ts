import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { fromBase64Url, proofMessage, proofSchema, rebuildSigned, type Proof } from '../../shared/auth/proof';
import type { CollectionName } from '../../shared/collections';
import type { Device, WireDocument } from '../../shared/sync/protocol';
import { canonicalJson } from '../../shared/sync/merge';
import { HttpError } from '../http-error';
import type { Store, StoredDoc, UserKey } from '../store/port';

/** A proof that checked out before the transaction: who signed, and what the merge rule must see. */
export interface VerifiedProof {
  userId: string;
  keyId: string;
  nonce: string;
  /** Fields the signer did not sign as pushed (a merge kept the stored value there). */
  keptFields: string[];
}

function refuse(collection: CollectionName, id: string, reason: string): never {
  throw new HttpError(403, 'bad-proof', `${collection} ${id}: ${reason} Nothing from this push was stored.`);
}

/**
 * Checks the proofs of one push against the keys registered on this server. The signature and key
 * are checked here, before the write transaction (no lock is held for the CPU work); `checkMerge`
 * runs inside it against the stored version.
 */
export class ProofChecker {
  private readonly keys = new Map<string, Promise<{ key: UserKey; object: KeyObject } | null>>();

  constructor(
    private readonly store: Store,
    private readonly device: Device,
  ) {}

  async verify(collection: CollectionName, wire: WireDocument, raw: unknown): Promise<VerifiedProof> {
    const parsed = proofSchema.safeParse(raw);
    if (raw === undefined) refuse(collection, wire.id, 'the change carries no proof of who made it.');
    if (!parsed.success) refuse(collection, wire.id, 'the proof of who made this change is malformed.');
    const proof: Proof = parsed.data;
    const found = await this.key(proof.k);
    if (!found) refuse(collection, wire.id, 'the change was signed with a key this server does not know.');
    const { key, object } = found;
    if (key.revokedAt !== null)
      refuse(collection, wire.id, 'the change was signed with a key that was revoked; sign in online again.');
    if (key.organisationId !== this.device.organisationId)
      refuse(collection, wire.id, 'the change was signed for another organisation.');
    if (key.deviceId !== this.device.id)
      refuse(
        collection,
        wire.id,
        'the change was signed on another terminal; only the terminal it was made on sends it.',
      );
    const signed = rebuildSigned(wire, wire._deleted, proof.l);
    const message = proofMessage(collection, proof.k, proof.n, signed);
    let valid = false;
    try {
      valid = verify(null, message, object, fromBase64Url(proof.s));
    } catch {
      valid = false;
    }
    if (!valid) refuse(collection, wire.id, 'the proof does not match the change (forged or made for another one).');
    if (wire.updatedBy !== key.userId)
      refuse(collection, wire.id, 'the change names someone other than the person who signed it.');
    return { userId: key.userId, keyId: key.id, nonce: proof.n, keptFields: Object.keys(proof.l ?? {}) };
  }

  /** A merged version is accepted only where every field it did not sign holds the stored value. */
  static checkMerge(
    collection: CollectionName,
    wire: WireDocument,
    master: StoredDoc | undefined,
    proof: VerifiedProof,
  ): void {
    for (const field of proof.keptFields) {
      const pushed = field === '_deleted' ? wire._deleted : wire[field];
      const stored = field === '_deleted' ? (master?.deleted ?? false) : master?.data[field];
      if (canonicalJson(pushed) !== canonicalJson(stored))
        refuse(collection, wire.id, `the merged version has a value in ${field} that nobody signed.`);
    }
  }

  private key(id: string): Promise<{ key: UserKey; object: KeyObject } | null> {
    let found = this.keys.get(id);
    if (!found) {
      found = this.store.getKeys([id]).then((keys) => {
        const key = keys.get(id);
        if (!key) return null;
        const object = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
        return { key, object };
      });
      this.keys.set(id, found);
    }
    return found;
  }
}
