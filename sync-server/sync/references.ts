import type { CollectionName } from '../../shared/collections';
import type { Device } from '../../shared/sync/protocol';
import type { Store, StoredDoc } from '../store/port';

/** Fields that name a document of another collection. */
const REFERENCES: Partial<Record<CollectionName, { field: string; collection: CollectionName }[]>> = {
  bookings: [
    { field: 'patientId', collection: 'patients' },
    { field: 'staffId', collection: 'staff' },
    { field: 'treatmentId', collection: 'treatments' },
  ],
  staff: [{ field: 'userId', collection: 'users' }],
};

interface Reference {
  field: string;
  collection: CollectionName;
  id: string;
}

function referencesOf(collection: CollectionName, data: Record<string, unknown>): Reference[] {
  const out: Reference[] = [];
  for (const r of REFERENCES[collection] ?? []) {
    if (typeof data[r.field] === 'string') out.push({ ...r, id: data[r.field] as string });
  }
  // A kept losing version names the document it lost for.
  if (collection === 'conflicts' && typeof data.entity === 'string' && typeof data.documentId === 'string') {
    out.push({ field: 'documentId', collection: data.entity as CollectionName, id: data.documentId });
  }
  return out;
}

/**
 * The documents a push refers to, read once for the whole push. A reference to a document the server
 * has not seen is allowed: collections replicate independently and may arrive in any order.
 */
export class ReferencedDocuments {
  private constructor(private readonly found: Map<string, StoredDoc>) {}

  static async load(
    store: Store,
    collection: CollectionName,
    rows: readonly { data: Record<string, unknown> }[],
  ): Promise<ReferencedDocuments> {
    const wanted = new Map<CollectionName, Set<string>>();
    for (const row of rows) {
      for (const r of referencesOf(collection, row.data)) {
        const ids = wanted.get(r.collection) ?? new Set<string>();
        ids.add(r.id);
        wanted.set(r.collection, ids);
      }
    }
    const found = new Map<string, StoredDoc>();
    for (const [c, ids] of wanted) {
      for (const [id, doc] of await store.get(c, [...ids])) found.set(`${c}:${id}`, doc);
    }
    return new ReferencedDocuments(found);
  }

  get(collection: CollectionName, id: string): StoredDoc | undefined {
    return this.found.get(`${collection}:${id}`);
  }

  /**
   * Why a document refers to another branch's (or organisation's) data, or null: a referenced
   * document must be in the same branch, or be organisation-wide data of the device's organisation.
   */
  refusal(collection: CollectionName, scope: string, data: Record<string, unknown>, device: Device): string | null {
    if (collection === 'tenants' && data.organisationId !== device.organisationId) {
      return 'a branch must belong to this terminal’s organisation.';
    }
    for (const r of referencesOf(collection, data)) {
      const doc = this.get(r.collection, r.id);
      if (doc && doc.scope !== scope && doc.scope !== device.organisationId) {
        return `${r.field} names a record of another branch.`;
      }
    }
    return null;
  }
}
