import { canonicalJson } from '../../shared/sync/canonical';
import type { WireDocument } from '../../shared/sync/protocol';
import type { StoredDoc } from '../store/port';

/** RxDB's bookkeeping fields: never stored on the server, never compared. */
const CLIENT_ONLY = new Set(['_rev', '_meta', '_attachments', '_deleted']);

export function entityOf(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!CLIENT_ONLY.has(k) && v !== undefined) out[k] = v;
  return out;
}

export function toWire(doc: StoredDoc): WireDocument {
  return { ...doc.data, id: doc.id, tenantId: doc.scope, _deleted: doc.deleted };
}

/** Same entity and same deleted flag, whatever the key order or RxDB fields. */
export function sameState(stored: StoredDoc, wire: Record<string, unknown>): boolean {
  return stored.deleted === (wire._deleted === true) && canonicalJson(stored.data) === canonicalJson(entityOf(wire));
}
