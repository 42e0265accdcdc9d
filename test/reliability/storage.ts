import { IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { COLLECTION_NAMES } from '../../shared/collections';
import { generateDataset } from '../../shared/demo/generate';
import { seededRandom } from '../../shared/demo/random';
import { newId } from '../../shared/ids';
import { patientSchema, type Patient } from '../../shared/schemas/patient';
import { patientSearchKey } from '../../shared/rules/patient-search';
import { openClinicDatabase } from '../../renderer/db/database';
import { rescueLocalData } from '../../renderer/db/rescue';
import { storageFaultOf } from '../../renderer/db/storage-fault';
import { restoreBackup } from '../../renderer/platform/backup';
import { faultyIndexedDb } from '../integration/terminal/faulty-idb';
import type { Counts } from './counts';

/**
 * Local storage faults on one terminal, seeded: registrations and edits while the disk fills up and
 * frees again at random, then a damaged store. Every write the terminal answered "saved" must be in
 * the rescue copy and, restored on a fresh terminal, be there as saved; every refused write must have
 * stored nothing and have said why (a storage fault, in words).
 */
export async function storageFaultRun(seed: number, writes: number, counts: Counts): Promise<void> {
  const rng = seededRandom(seed);
  const idb = faultyIndexedDb();
  const dbName = `s${newId().toLowerCase()}`;
  const storage = getRxStorageDexie({ indexedDB: idb.factory, IDBKeyRange });
  const data = generateDataset({ seed, patients: 10, bookings: 20 });
  const db = await openClinicDatabase({ name: dbName, storage });
  for (const c of COLLECTION_NAMES) await db.collections[c].bulkInsert(data[c] as never[]);

  /** What the screen reported saved: each patient's last saved version. */
  const saved = new Map<string, Patient>(data.patients.map((p) => [p.id, p]));
  const start = Math.max(...data.patients.map((p) => p.updatedAt));
  for (let i = 0; i < writes; i++) {
    const full = rng.chance(0.3);
    idb.faults.full = full;
    if (full) counts.faultsInjected++;
    const existing = rng.chance(0.5) ? [...saved.values()][rng.int(0, saved.size - 1)] : undefined;
    const at = start + 1_000 * (i + 1);
    const name = `Patient ${i}`;
    // Every write is checked by its schema first, as the app's forms and data layer do.
    const next = patientSchema.parse(
      existing
        ? { ...existing, notes: `Note ${i}`, updatedAt: at }
        : {
            ...data.patients[0]!,
            id: newId(at),
            phone: `62811${String(100000 + i)}`,
            name,
            searchName: patientSearchKey(name),
            createdAt: at,
            updatedAt: at,
          },
    );
    const before = existing ? saved.get(existing.id) : undefined;
    try {
      if (existing)
        await (await db.patients.findOne(existing.id).exec())!.incrementalPatch({ notes: next.notes, updatedAt: at });
      else await db.patients.insert(next);
      saved.set(next.id, next);
      if (full) throw new Error(`write ${i} reported saved on a full disk`);
    } catch (error) {
      idb.faults.full = false;
      if (!full || storageFaultOf(error)?.kind !== 'full') throw error;
      // Refused: the terminal holds what it held before, nothing of the refused write.
      const held = (await db.patients.findOne(next.id).exec())?.toJSON() as Patient | undefined;
      if ((held?.notes ?? null) !== (before?.notes ?? null) || (held === undefined) !== (before === undefined))
        counts.storedByRefusals++;
    }
    idb.faults.full = false;
  }
  await db.close();

  // One store is damaged: the terminal no longer starts; what it holds is rescued and restored.
  idb.faults.damaged = rng.pick(['conflicts', 'bookings', 'staff']);
  counts.faultsInjected++;
  const rescue = await rescueLocalData(dbName, idb.factory);
  if (!rescue.backup) throw new Error('nothing could be rescued');
  const fresh = faultyIndexedDb();
  const restored = await openClinicDatabase({
    name: `s${newId().toLowerCase()}`,
    storage: getRxStorageDexie({ indexedDB: fresh.factory, IDBKeyRange }),
  });
  await restoreBackup(restored, rescue.backup);
  for (const [id, patient] of saved) {
    counts.writesChecked++;
    const doc = (await restored.patients.findOne(id).exec())?.toJSON() as Patient | undefined;
    if (!doc || doc.notes !== patient.notes || doc.name !== patient.name) {
      counts.writesLost++;
      if (process.env.DEBUG_STORAGE)
        console.log(
          id,
          JSON.stringify(doc ?? null).slice(0, 200),
          JSON.stringify(patient).slice(0, 200),
          rescue.counts,
          rescue.invalid,
          rescue.unreadable,
        );
    }
  }
  const all = await restored.patients.count().exec();
  if (all !== saved.size) counts.duplicates += Math.max(0, all - saved.size);
  await restored.close();
}
