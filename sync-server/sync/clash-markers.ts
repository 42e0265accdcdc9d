import { clashKind, clashWindow, type ClashFields } from '../../shared/rules/clash';
import type { StoreTx, StoredDoc } from '../store/port';
import { breathe, YIELD_EVERY } from './breathe';

/** Most partners one document's marker lists; a desk needs to see that there is a clash, not all 500. */
export const MAX_MARKS = 100;

/**
 * The clashes a push made: for each written document its first MAX_MARKS partners (sorted), and for
 * each partner that was not written, every written document it clashes with (sorted).
 */
interface Clashes {
  own: Map<string, string[]>;
  inverse: Map<string, string[]>;
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function markedIds(doc: StoredDoc): string[] {
  const v = doc.data.clashWith;
  return Array.isArray(v) ? v.map(String) : [];
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The first `limit` ids of two sorted lists, merged without duplicates. */
function mergeSorted(a: readonly string[], b: readonly string[], limit: number): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (out.length < limit) {
    const x = a[i];
    const y = b[j];
    let next: string;
    if (x !== undefined && (y === undefined || x <= y)) {
      next = x;
      i++;
    } else if (y !== undefined) {
      next = y;
      j++;
    } else break;
    if (out[out.length - 1] !== next) out.push(next);
  }
  return out;
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

/**
 * Pairs each written document (in id order) with every candidate it clashes with (in id order), so
 * both lists come out sorted without sorting per document.
 */
async function pairUp<T extends { id: string }>(
  written: readonly T[],
  candidatesOf: (w: T) => readonly T[],
  clashes: (w: T, c: T) => boolean,
  writtenIds: ReadonlySet<string>,
  out: Clashes,
): Promise<void> {
  for (const [i, w] of [...written].sort(byId).entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
    const own: string[] = [];
    for (const c of candidatesOf(w)) {
      if (!clashes(w, c)) continue;
      if (own.length < MAX_MARKS) own.push(c.id);
      if (!writtenIds.has(c.id)) addTo(out.inverse, c.id, w.id);
    }
    out.own.set(w.id, own);
  }
}

const clashFields = (d: StoredDoc): ClashFields => ({
  id: d.id,
  staffId: String(d.data.staffId),
  patientId: String(d.data.patientId),
  startAt: Number(d.data.startAt),
  endAt: Number(d.data.endAt),
  status: d.data.status as ClashFields['status'],
});

/**
 * The written bookings' clashes, read with one index query per run of overlapping windows (not one
 * per booking) and matched in memory.
 */
async function bookingClashes(tx: StoreTx, docs: readonly StoredDoc[], out: Clashes): Promise<void> {
  const writtenIds = new Set(docs.map((d) => d.id));
  const byScope = new Map<string, ClashFields[]>();
  for (const d of docs) if (!d.deleted) addTo(byScope, d.scope, clashFields(d));
  for (const [scope, mine] of byScope) {
    const windows = mine
      .map((booking) => ({ booking, ...clashWindow(booking.startAt, booking.endAt) }))
      .sort((x, y) => x.startAfter - y.startAfter);
    // Overlapping windows are read as one run: one index query per run.
    const runs: { startAfter: number; startBefore: number; staff: Set<string>; patients: Set<string> }[] = [];
    for (const w of windows) {
      const last = runs[runs.length - 1];
      if (last && w.startAfter < last.startBefore) {
        last.startBefore = Math.max(last.startBefore, w.startBefore);
        last.staff.add(w.booking.staffId);
        last.patients.add(w.booking.patientId);
      } else {
        runs.push({ ...w, staff: new Set([w.booking.staffId]), patients: new Set([w.booking.patientId]) });
      }
    }
    const candidates = new Map<string, ClashFields>();
    for (const run of runs) {
      const near = await tx.bookingsNear(scope, run.startAfter, run.startBefore, [...run.staff], [...run.patients]);
      for (const n of near) candidates.set(n.id, clashFields(n));
    }
    const sorted = [...candidates.values()].sort(byId);
    await pairUp(
      mine,
      () => sorted,
      (w, c) => (c.staffId === w.staffId || c.patientId === w.patientId) && clashKind(w, c) !== null,
      writtenIds,
      out,
    );
  }
}

/** Every other patient with the same phone number as a written patient, one query per branch. */
async function patientClashes(tx: StoreTx, docs: readonly StoredDoc[], out: Clashes): Promise<void> {
  const writtenIds = new Set(docs.map((d) => d.id));
  const byScope = new Map<string, StoredDoc[]>();
  for (const d of docs) if (!d.deleted) addTo(byScope, d.scope, d);
  for (const [scope, mine] of byScope) {
    const phones = [...new Set(mine.map((d) => String(d.data.phone)))];
    const byPhone = new Map<string, StoredDoc[]>();
    for (const p of await tx.patientsByPhone(scope, phones)) addTo(byPhone, String(p.data.phone), p);
    for (const list of byPhone.values()) list.sort(byId);
    await pairUp(
      mine,
      (w) => byPhone.get(String(w.data.phone)) ?? [],
      (w, c) => w.id !== c.id,
      writtenIds,
      out,
    );
  }
}

/**
 * Sets and clears clash markers after a push, in time bounded by the push, not by how many clashes
 * have piled up. Only pairs that include a written document can have changed, so the written
 * documents' clashes are found once for the whole push, and each partner (old or new) keeps its
 * markers for everything else and gains or loses only written documents. A marker lists the first
 * MAX_MARKS partners. Markers are never a reason to refuse a write: people at the desk decide.
 */
export async function refreshClashMarkers(
  tx: StoreTx,
  collection: 'bookings' | 'patients',
  written: ReadonlyMap<string, StoredDoc | undefined>,
): Promise<void> {
  const current = [...(await tx.get(collection, [...written.keys()])).values()];
  const clashes: Clashes = { own: new Map(), inverse: new Map() };
  await (collection === 'bookings' ? bookingClashes : patientClashes)(tx, current, clashes);
  const partnerIds = new Set(clashes.inverse.keys());
  for (const [i, doc] of current.entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
    const previous = written.get(doc.id);
    for (const p of [...(previous ? markedIds(previous) : []), ...markedIds(doc)]) {
      if (!written.has(p)) partnerIds.add(p);
    }
    await saveMarks(tx, collection, doc, clashes.own.get(doc.id) ?? []);
  }
  const partners = await tx.get(collection, [...partnerIds]);
  for (const [i, partner] of [...partners.values()].entries()) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
    const kept = partner.deleted
      ? []
      : markedIds(partner)
          .filter((id) => !written.has(id))
          .sort();
    const gained = partner.deleted ? [] : (clashes.inverse.get(partner.id) ?? []);
    await saveMarks(tx, collection, partner, mergeSorted(kept, gained, MAX_MARKS));
  }
}
