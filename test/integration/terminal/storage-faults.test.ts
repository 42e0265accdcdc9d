import { IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { checkBackup } from '../../../shared/backup';
import { COLLECTION_NAMES } from '../../../shared/collections';
import { generateDataset } from '../../../shared/demo/generate';
import { newId } from '../../../shared/ids';
import { openClinicDatabase } from '../../../renderer/db/database';
import { rescueLocalData } from '../../../renderer/db/rescue';
import { openFailureOf, storageFaultOf } from '../../../renderer/db/storage-fault';
import { collectBackup } from '../../../renderer/platform/backup';
import { errorText } from '../../../renderer/ui/format';
import { faultyIndexedDb } from './faulty-idb';

const NOW = 1_800_000_000_000;

async function filled(indexedDB: ReturnType<typeof faultyIndexedDb>['factory'], name: string) {
  const data = generateDataset({ seed: 21, patients: 30, bookings: 120 });
  const db = await openClinicDatabase({ name, storage: getRxStorageDexie({ indexedDB, IDBKeyRange }) });
  for (const c of COLLECTION_NAMES) await db.collections[c].bulkInsert(data[c] as never[]);
  // One booking deleted since: a rescue never brings it back.
  const gone = data.bookings[0]!;
  await (await db.bookings.findOne(gone.id).exec())!.remove();
  const backup = await collectBackup(
    db,
    data.organisations[0]!.id,
    data.tenants.map((t) => t.id),
    NOW,
  );
  return { db, data, backup, gone };
}

describe('what a damaged terminal still holds', () => {
  it('is read store by store into a file the backup restore accepts, deleted records left out', async () => {
    const { factory } = faultyIndexedDb();
    const name = `r${newId().toLowerCase()}`;
    const { db, backup, gone } = await filled(factory, name);
    await db.close();

    const rescue = await rescueLocalData(name, factory, NOW);
    expect(rescue.unreadable).toEqual([]);
    expect(rescue.invalid).toBe(0);
    // Exactly what the app itself would have exported (staff's indexed true/false included).
    expect(rescue.backup).toEqual(backup);
    expect(rescue.backup!.collections.bookings!.some((b) => b.id === gone.id)).toBe(false);
    const check = checkBackup(JSON.stringify(rescue.backup), backup.organisationId);
    expect(check.ok).toBe(true);
  });

  it('leaves out a damaged record and an unreadable store, and says which', async () => {
    const { factory, faults } = faultyIndexedDb();
    const name = `r${newId().toLowerCase()}`;
    const { db, backup } = await filled(factory, name);
    await db.close();
    // A record whose bytes no longer make a booking, written under the app's back.
    const bookingsDb = (await factory.databases()).map((d) => d.name!).find((n) => n.endsWith('--bookings'))!;
    await new Promise<void>((resolve, reject) => {
      const req = factory.open(bookingsDb);
      req.onsuccess = () => {
        const tx = req.result.transaction('docs', 'readwrite');
        tx.objectStore('docs').put({ id: 'broken', _deleted: '0', tenantId: 7 });
        tx.oncomplete = () => {
          req.result.close();
          resolve();
        };
        tx.onerror = () => {
          reject(new Error('could not write'));
        };
      };
    });
    faults.damaged = 'conflicts';

    const rescue = await rescueLocalData(name, factory, NOW);
    expect(rescue.unreadable).toEqual(['conflicts']);
    expect(rescue.invalid).toBe(1);
    expect(rescue.backup!.collections.bookings).toEqual(backup.collections.bookings);
    expect(rescue.backup!.collections.conflicts).toBeUndefined();
  });
});

describe('a full disk', () => {
  it('refuses the write with the disk-full sentence, stores none of it, and the same write succeeds once there is room', async () => {
    const idb = faultyIndexedDb();
    const { db, data } = await filled(idb.factory, `r${newId().toLowerCase()}`);
    const patient = { ...data.patients[0]!, id: newId(), phone: '+6281100000001' };
    idb.faults.full = true;
    const refused = await db.patients.insert(patient).then(
      () => null,
      (e: unknown) => e,
    );
    idb.faults.full = false;
    expect(storageFaultOf(refused)?.kind).toBe('full');
    expect(errorText(refused)).toMatch(/^This computer’s disk is full, so this change was not saved/);
    expect(await db.patients.findOne(patient.id).exec()).toBeNull();
    await db.patients.insert(patient);
    expect(await db.patients.findOne(patient.id).exec()).not.toBeNull();
    await db.close();
  });
});

describe('storage faults in words', () => {
  const dexieWrapped = (inner: DOMException) =>
    Object.assign(new Error(`AbortError ${inner.message}`), { name: 'AbortError', inner });
  const rxWrapped = (error: unknown) =>
    Object.assign(new Error('RxError (SNH): see parameters'), { code: 'SNH', parameters: { error } });

  it('knows a full disk and a damaged store however deep the browser’s error sits', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(storageFaultOf(quota)?.kind).toBe('full');
    expect(storageFaultOf(rxWrapped(dexieWrapped(quota)))?.kind).toBe('full');
    expect(errorText(rxWrapped(dexieWrapped(quota)))).toMatch(
      /^This computer’s disk is full, so this change was not saved/,
    );
    const damaged = new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
    expect(storageFaultOf(rxWrapped(damaged))?.kind).toBe('damaged');
    expect(errorText(rxWrapped(damaged))).toMatch(/could not be read or written, so this change was not saved/);
  });

  it('leaves every other error as it was', () => {
    expect(storageFaultOf(new Error('Phone must be a valid phone number'))).toBeNull();
    expect(errorText(new Error('Phone must be a valid phone number'))).toBe('Phone must be a valid phone number');
    expect(storageFaultOf('a string')).toBeNull();
    expect(storageFaultOf(null)).toBeNull();
    expect(openFailureOf(new Error('x')).kind).toBe('damaged');
  });

  it('says at start why the data could not be opened, in the browser’s own words once', () => {
    const inner = new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
    const opened = Object.assign(new Error(`UnknownError ${inner.message}`), { name: 'OpenFailedError', inner });
    expect(openFailureOf(rxWrapped(opened))).toEqual({
      kind: 'damaged',
      sentence:
        'This terminal’s local data is damaged and cannot be opened (Internal error opening backing store for indexedDB.open.).',
    });
    expect(openFailureOf(rxWrapped(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).kind).toBe(
      'full',
    );
  });
});
