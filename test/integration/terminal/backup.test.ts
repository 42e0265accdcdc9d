import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { BACKUP_VERSION, checkBackup } from '../../../shared/backup';
import { COLLECTION_NAMES } from '../../../shared/collections';
import { newId } from '../../../shared/ids';
import { openClinicDatabase } from '../../../renderer/db/database';
import { collectBackup, restoreBackup } from '../../../renderer/platform/backup';
import { generateDataset } from '../../../shared/demo/generate';

const open = () =>
  openClinicDatabase({
    name: `b${newId().toLowerCase()}`,
    storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
  });

describe('backup export and import', () => {
  it('round-trips every document exactly', async () => {
    const data = generateDataset({ seed: 8, patients: 40, bookings: 300 });
    const source = await open();
    for (const name of COLLECTION_NAMES) await source.collections[name].bulkInsert(data[name] as never[]);
    const org = data.organisations[0]!.id;
    const branches = data.tenants.map((t) => t.id);
    const backup = await collectBackup(source, org, branches, 1_800_000_000_000);
    await source.close();

    const text = JSON.stringify(backup);
    const check = checkBackup(text, org);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    const target = await open();
    const result = await restoreBackup(target, check.backup);
    expect(result).toEqual({ restored: Object.values(backup.collections).flat().length, same: 0, keptAside: 0 });
    const again = await collectBackup(target, org, branches, 1_800_000_000_000);
    await target.close();
    expect(again).toEqual(backup);
    for (const name of COLLECTION_NAMES) {
      const expected = (JSON.parse(JSON.stringify(data[name])) as { id: string }[]).map((d) => ({
        ...d,
        _deleted: false,
      }));
      expect(again.collections[name]).toEqual(expected.sort((a, b) => (a.id < b.id ? -1 : 1)));
    }
  });

  it('never replaces a newer or deleted record: the backup’s version is kept aside for review', async () => {
    const data = generateDataset({ seed: 8, patients: 10, bookings: 20 });
    const org = data.organisations[0]!.id;
    const branches = data.tenants.map((t) => t.id);
    const db = await open();
    for (const name of COLLECTION_NAMES) await db.collections[name].bulkInsert(data[name] as never[]);
    const backup = await collectBackup(db, org, branches, 1_800_000_000_000);
    // After the backup: one booking changed by a colleague, one deleted, one lost with no trace (purged).
    const [changed, deleted] = data.bookings;
    await db.bookings
      .findOne(changed!.id)
      .exec()
      .then((d) => d!.incrementalPatch({ notes: 'Newer, from the server', updatedAt: changed!.updatedAt + 1000 }));
    const restoredAfterLoss = data.bookings[2]!;
    await db.bookings
      .findOne(restoredAfterLoss.id)
      .exec()
      .then((d) => d!.remove());
    await db.bookings.storageInstance.cleanup(0);
    await db.bookings
      .findOne(deleted!.id)
      .exec()
      .then((d) => d!.remove());

    const result = await restoreBackup(db, backup, () => 1_800_000_100_000);
    const total = Object.values(backup.collections).flat().length;
    expect(result.keptAside).toBe(2);
    expect(result.restored + result.same + result.keptAside).toBe(total);
    expect((await db.bookings.findOne(changed!.id).exec())!.notes).toBe('Newer, from the server');
    expect(await db.bookings.findOne(deleted!.id).exec()).toBeNull();
    expect((await db.bookings.findOne(restoredAfterLoss.id).exec())?.toJSON()).toEqual(restoredAfterLoss);
    const aside = (await db.conflicts.find().exec()).map((c) => c.toJSON());
    expect(aside.map((c) => c.documentId).sort()).toEqual([changed!.id, deleted!.id].sort());
    for (const c of aside) {
      expect(c.status).toBe('open');
      expect(c.reason).toMatch(/^Not restored from the backup of /);
      expect((JSON.parse(c.losing) as { id: string }).id).toBe(c.documentId);
    }
    await db.close();
  });

  it('refuses another organisation, a newer format, a damaged document and a file that is not a backup', () => {
    const data = generateDataset({ seed: 8, patients: 5, bookings: 10 });
    const org = data.organisations[0]!.id;
    const base = {
      format: 'clinic-desk-backup',
      version: BACKUP_VERSION,
      exportedAt: 1,
      organisationId: org,
      branchIds: [data.tenants[0]!.id],
      collections: { patients: data.patients.map((p) => ({ ...p, _deleted: false })) },
    };
    expect(checkBackup(JSON.stringify(base), newId())).toEqual({
      ok: false,
      message: 'This backup belongs to another organisation; it cannot be restored here.',
    });
    expect(checkBackup(JSON.stringify({ ...base, version: BACKUP_VERSION + 1 }), org)).toEqual({
      ok: false,
      message: `This backup was made by a newer version of Clinic Desk (format ${BACKUP_VERSION + 1}); update this app first.`,
    });
    const damaged = { ...base, collections: { patients: [{ ...base.collections.patients[0]!, phone: 'call me' }] } };
    const result = checkBackup(JSON.stringify(damaged), org);
    expect(result.ok ? '' : result.message).toContain('phone: must be a normalised phone number');
    expect(checkBackup('not json', org)).toEqual({
      ok: false,
      message: 'This file is not a Clinic Desk backup (it is not JSON).',
    });
    expect(checkBackup('{"hello":"world"}', org)).toEqual({
      ok: false,
      message: 'This file is not a Clinic Desk backup.',
    });
  });
});
