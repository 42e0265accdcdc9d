import type { RxConflictHandler, WithDeleted } from 'rxdb';
import { COLLECTIONS, type CollectionName } from '../../shared/collections';
import type { Conflict } from '../../shared/schemas/conflict';
import { canonicalJson, mergeThreeWay, type Doc } from '../../shared/sync/merge';
import { lostValues, proofSchema, rebuildSigned, signedStateOf } from '../../shared/auth/proof';

/** A version set aside by the conflict handler, for the conflicts collection. */
export interface LostVersion {
  kind: Conflict['kind'];
  entity: Conflict['entity'];
  documentId: string;
  tenantId: string;
  updatedBy: string;
  fields: string[];
  losing: string;
  kept?: string;
  reason?: string;
}

/** Versions the server refused (400/403), keyed by collection and id, with the reason it gave. */
export class RefusalRegistry {
  private readonly reasons = new Map<string, string>();

  add(collection: CollectionName, id: string, reason: string): void {
    this.reasons.set(`${collection}|${id}`, reason);
  }

  take(collection: CollectionName, id: string): string | undefined {
    const key = `${collection}|${id}`;
    const reason = this.reasons.get(key);
    this.reasons.delete(key);
    return reason;
  }
}

const RXDB_FIELDS = new Set(['_meta', '_rev', '_attachments']);

function withoutProof(doc: Doc): Doc {
  const { proof: _proof, ...rest } = doc;
  return rest;
}

/**
 * The proof a merged version carries: the local signer's own, plus the values they signed in the
 * fields where the merge kept the server's value, so the server can check that every field is either
 * what it stores or what that person signed (see shared/auth/proof.ts).
 */
function mergedProof(local: Doc, merged: Doc): Doc | undefined {
  const proof = proofSchema.safeParse(local.proof);
  if (!proof.success) return undefined;
  const signed = rebuildSigned(local, local._deleted === true, proof.data.l);
  const lost = lostValues(signed, signedStateOf(merged, merged._deleted === true));
  const { l: _previous, ...rest } = proof.data;
  return Object.keys(lost).length > 0 ? { ...rest, l: lost } : rest;
}

function plain(doc: object): Doc {
  return Object.fromEntries(Object.entries(doc).filter(([k, v]) => !RXDB_FIELDS.has(k) && v !== undefined));
}

/**
 * RxDB's conflict handler for one collection. Equal means the same data and deleted flag. A real
 * conflict is merged three ways (base: the master state this terminal last saw); fields both sides
 * changed keep the server's value, and the local version is recorded so nothing is lost silently.
 * A version the server refused outright is replaced by the master state and recorded with the reason.
 */
export function clinicConflictHandler<T>(
  collection: CollectionName,
  record: (lost: LostVersion) => Promise<void>,
  refusals: RefusalRegistry,
): RxConflictHandler<T> {
  const schema = COLLECTIONS[collection].schema;
  return {
    isEqual(a, b) {
      return canonicalJson(plain(a)) === canonicalJson(plain(b));
    },
    async resolve(input) {
      const master = plain(input.realMasterState);
      const local = plain(input.newDocumentState);
      const id = String(local.id);
      const lostVersion = (kind: Conflict['kind'], fields: string[], reason?: string): LostVersion => ({
        kind,
        entity: collection as Conflict['entity'],
        documentId: id,
        tenantId: String(local.tenantId),
        updatedBy: String(local.updatedBy),
        fields,
        losing: JSON.stringify(local),
        kept: JSON.stringify(master),
        ...(reason !== undefined ? { reason } : {}),
      });
      const refused = refusals.take(collection, id);
      // A refused record of a lost version is not recorded again as a conflict of its own: that one
      // would be refused in turn (a conflict never names a conflict), without end.
      if (refused !== undefined && collection !== 'conflicts') {
        await record(lostVersion('refused', [], refused));
        return input.realMasterState;
      }
      if (collection === 'conflicts') return input.realMasterState;
      const base = input.assumedMasterState ? withoutProof(plain(input.assumedMasterState)) : undefined;
      const { merged, lost, localWon } = mergeThreeWay(base, withoutProof(master), withoutProof(local));
      if (!localWon) {
        // Nothing of this terminal's version survives: the server's stands whole, proof and all.
        if (lost.length > 0) await record(lostVersion('merge', lost));
        return input.realMasterState;
      }
      const proof = mergedProof(local, merged);
      const { _deleted: deleted, ...entity }: Doc = proof ? { ...merged, proof } : merged;
      const valid = schema.safeParse(entity).success;
      if (!valid) {
        // The two halves do not make a valid document together: keep the server's whole.
        const changed = Object.keys(local).filter((k) => canonicalJson(local[k]) !== canonicalJson(base?.[k]));
        await record(lostVersion('merge', changed));
        return input.realMasterState;
      }
      if (lost.length > 0) await record(lostVersion('merge', lost));
      return { ...entity, _deleted: deleted === true } as WithDeleted<T>;
    },
  };
}
