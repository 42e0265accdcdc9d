import { ed25519 } from '@noble/curves/ed25519.js';
import { proofMessage, signedStateOf, toBase64Url, type Proof } from '../../shared/auth/proof';
import { COLLECTION_NAMES, type CollectionName } from '../../shared/collections';
import type { ClinicDatabase } from './database';

/** The signed-in person's key on this terminal, held in memory only while they are signed in. */
export interface Signer {
  userId: string;
  keyId: string;
  secretKey: Uint8Array;
}

const signers = new WeakMap<ClinicDatabase, Signer | null>();

/** Who signs this database's writes from now on (null: nobody is signed in). */
export function setSigner(db: ClinicDatabase, signer: Signer | null): void {
  signers.set(db, signer);
}

export function makeProof(collection: CollectionName, doc: Record<string, unknown>, signer: Signer): Proof {
  const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
  const signed = signedStateOf(doc, doc._deleted === true);
  const signature = ed25519.sign(proofMessage(collection, signer.keyId, nonce, signed), signer.secretKey);
  return { k: signer.keyId, n: nonce, s: toBase64Url(signature) };
}

/**
 * Every version written through the database's document API is signed by the person signed in, just
 * before it is stored, so the proof covers exactly what is stored (and pushed). Versions the
 * replication writes (pulled or merged) do not pass through here. A conflict record the terminal
 * makes on its own is left unsigned: the server accepts those from the terminal alone.
 */
export function installSigning(db: ClinicDatabase): void {
  for (const name of COLLECTION_NAMES) {
    const sign = (data: Record<string, unknown>, inserting: boolean): void => {
      delete data.proof;
      const signer = signers.get(db);
      if (!signer) return;
      if (inserting && name === 'conflicts' && data.status === 'open') return;
      data.proof = makeProof(name, data, signer);
    };
    const collection = db[name];
    collection.preInsert((data) => {
      sign(data, true);
    }, false);
    collection.preSave((data) => {
      sign(data, false);
    }, false);
  }
}
