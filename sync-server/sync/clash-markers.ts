import { clashKind, clashWindow, type ClashFields } from '../../shared/rules/clash';
import type { StoreTx, StoredDoc } from '../store/port';

const MAX_MARKS = 100;

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function markedIds(doc: StoredDoc): string[] {
  const v = doc.data.clashWith;
  return Array.isArray(v) ? v.map(String) : [];
}

async function saveMarks(
  tx: StoreTx,
  collection: 'bookings' | 'patients',
  doc: StoredDoc,
  ids: string[],
): Promise<void> {
  if (sameIds(markedIds(doc), ids)) return;
  const data = { ...doc.data };
  if (ids.length > 0) data.clashWith = ids;
  else delete data.clashWith;
  // A server revision: same author and time, new sequence, so every terminal pulls the marker.
  await tx.put(collection, { id: doc.id, scope: doc.scope, deleted: doc.deleted, data });
}

async function bookingClashIds(tx: StoreTx, doc: StoredDoc): Promise<string[]> {
  const b = doc.data as unknown as ClashFields;
  if (doc.deleted) return [];
  const w = clashWindow(b.startAt, b.endAt);
  const near = await tx.bookingsNear(doc.scope, w.startAfter, w.startBefore, [b.staffId], [b.patientId]);
  return near
    .filter((n) => clashKind({ ...b, id: doc.id }, { ...(n.data as unknown as ClashFields), id: n.id }) !== null)
    .map((n) => n.id)
    .sort()
    .slice(0, MAX_MARKS);
}

async function patientClashIds(tx: StoreTx, doc: StoredDoc): Promise<string[]> {
  if (doc.deleted) return [];
  const same = await tx.patientsByPhone(doc.scope, [String(doc.data.phone)]);
  return same
    .map((p) => p.id)
    .filter((id) => id !== doc.id)
    .sort()
    .slice(0, MAX_MARKS);
}

/**
 * Sets and clears clash markers after a push. Only pairs that include a written document can have
 * changed, so it recomputes the written documents and their old and new partners, nothing further.
 * Markers are never a reason to refuse a write: people at the desk decide what to do.
 */
export async function refreshClashMarkers(
  tx: StoreTx,
  collection: 'bookings' | 'patients',
  written: ReadonlyMap<string, StoredDoc | undefined>,
): Promise<void> {
  const compute = collection === 'bookings' ? bookingClashIds : patientClashIds;
  const partners = new Set<string>();
  for (const [id, previous] of written) {
    const current = (await tx.get(collection, [id])).get(id);
    if (!current) continue;
    const ids = await compute(tx, current);
    for (const p of [...ids, ...(previous ? markedIds(previous) : []), ...markedIds(current)]) partners.add(p);
    await saveMarks(tx, collection, current, ids);
  }
  for (const id of written.keys()) partners.delete(id);
  const docs = await tx.get(collection, [...partners]);
  for (const doc of docs.values()) await saveMarks(tx, collection, doc, await compute(tx, doc));
}
