import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import { generateDataset } from '../../../shared/demo/generate';
import { rxSchemaFor } from '../../../shared/rxdb-schema';
import { openClinicDatabase } from '../../../renderer/db/database';

describe('a terminal database made by the previous version', () => {
  it('keeps its branches when branches gain a phone region (tenants schema 1 → 2)', async () => {
    const indexedDB = new IDBFactory();
    const storage = () => getRxStorageDexie({ indexedDB, IDBKeyRange });
    const name = `u${newId().toLowerCase()}`;
    const data = generateDataset({ seed: 3, patients: 2, bookings: 2 });
    const branches = data.tenants.map(({ phoneRegion: _new, ...branch }) => branch);

    // The previous version: the tenants schema without phoneRegion, at version 1.
    const current = rxSchemaFor('tenants');
    const { phoneRegion: _dropped, ...oldProperties } = current.properties;
    const old = await createRxDatabase({ name, storage: storage(), multiInstance: false });
    await old.addCollections({
      tenants: {
        schema: { ...current, version: 1, properties: oldProperties },
        migrationStrategies: { 1: (d: Record<string, unknown>) => d },
      },
    });
    await old.collections.tenants!.bulkInsert(branches);
    await old.close();

    const db = await openClinicDatabase({ name, storage: storage() });
    const after = (await db.tenants.find().exec()).map((d) => d.toJSON());
    await db.close();
    expect(after.map((b) => b.id).sort()).toEqual(branches.map((b) => b.id).sort());
    expect(after.every((b) => b.phoneRegion === undefined && b.phoneCountryCode === '62')).toBe(true);
  });

  it('keeps its bookings and their payments when payments gain refunds (bookings schema 1 → 2)', async () => {
    const indexedDB = new IDBFactory();
    const storage = () => getRxStorageDexie({ indexedDB, IDBKeyRange });
    const name = `u${newId().toLowerCase()}`;
    const data = generateDataset({ seed: 4, patients: 10, bookings: 40 });

    // The previous version: a payment without the refund reason, at version 1.
    const current = rxSchemaFor('bookings');
    const properties = current.properties as Record<string, { items?: { properties?: Record<string, unknown> } }>;
    const { refundReason: _dropped, ...oldPayment } = properties.payments!.items!.properties!;
    const old = await createRxDatabase({ name, storage: storage(), multiInstance: false });
    await old.addCollections({
      bookings: {
        schema: {
          ...current,
          version: 1,
          properties: {
            ...current.properties,
            payments: { ...properties.payments, items: { ...properties.payments!.items, properties: oldPayment } },
          } as typeof current.properties,
        },
        migrationStrategies: { 1: (d: Record<string, unknown>) => d },
      },
    });
    await old.collections.bookings!.bulkInsert(data.bookings);
    await old.close();

    const db = await openClinicDatabase({ name, storage: storage() });
    const after = (await db.bookings.find().exec()).map((d) => d.toJSON());
    await db.close();
    const byId = new Map(after.map((b) => [b.id, b]));
    expect(byId.size).toBe(data.bookings.length);
    for (const b of data.bookings) expect(byId.get(b.id)?.payments).toEqual(b.payments);
  });

  it('keeps its patients when patients gain the reason a phone is shared (patients schema 1 → 2)', async () => {
    const indexedDB = new IDBFactory();
    const storage = () => getRxStorageDexie({ indexedDB, IDBKeyRange });
    const name = `u${newId().toLowerCase()}`;
    const data = generateDataset({ seed: 5, patients: 30, bookings: 0 });
    const current = rxSchemaFor('patients');
    const { sharedPhoneReason: _dropped, ...oldProperties } = current.properties;
    const old = await createRxDatabase({ name, storage: storage(), multiInstance: false });
    await old.addCollections({
      patients: {
        schema: { ...current, version: 1, properties: oldProperties },
        migrationStrategies: { 1: (d: Record<string, unknown>) => d },
      },
    });
    await old.collections.patients!.bulkInsert(data.patients);
    await old.close();

    const db = await openClinicDatabase({ name, storage: storage() });
    const after = (await db.patients.find().exec()).map((d) => d.toJSON());
    await db.close();
    expect(after.map((p) => p.id).sort()).toEqual(data.patients.map((p) => p.id).sort());
  });

  it('keeps branches and payments when they gain the locale, receipt details and numbers (schema 2 → 3)', async () => {
    const indexedDB = new IDBFactory();
    const storage = () => getRxStorageDexie({ indexedDB, IDBKeyRange });
    const name = `u${newId().toLowerCase()}`;
    const data = generateDataset({ seed: 6, patients: 10, bookings: 40 });
    const same = (d: Record<string, unknown>) => d;
    const tenants = rxSchemaFor('tenants');
    const { locale: _locale, receipt: _receipt, ...oldTenant } = tenants.properties;
    const bookings = rxSchemaFor('bookings');
    const properties = bookings.properties as Record<string, { items?: { properties?: Record<string, unknown> } }>;
    const { tendered: _tendered, receiptNo: _receiptNo, ...oldPayment } = properties.payments!.items!.properties!;
    const old = await createRxDatabase({ name, storage: storage(), multiInstance: false });
    await old.addCollections({
      tenants: { schema: { ...tenants, version: 2, properties: oldTenant }, migrationStrategies: { 1: same, 2: same } },
      bookings: {
        schema: {
          ...bookings,
          version: 2,
          properties: {
            ...bookings.properties,
            payments: { ...properties.payments, items: { ...properties.payments!.items, properties: oldPayment } },
          } as typeof bookings.properties,
        },
        migrationStrategies: { 1: same, 2: same },
      },
    });
    // Branches as the previous version kept them: no receipt details.
    await old.collections.tenants!.bulkInsert(data.tenants.map(({ receipt: _receipt, ...branch }) => branch));
    await old.collections.bookings!.bulkInsert(data.bookings);
    await old.close();

    const db = await openClinicDatabase({ name, storage: storage() });
    const branches = (await db.tenants.find().exec()).map((d) => d.toJSON());
    const kept = new Map((await db.bookings.find().exec()).map((d) => [d.id, d.toJSON()]));
    await db.close();
    expect(branches.map((b) => b.id).sort()).toEqual(data.tenants.map((b) => b.id).sort());
    expect(branches.every((b) => b.locale === undefined && b.receipt === undefined)).toBe(true);
    for (const b of data.bookings) expect(kept.get(b.id)?.payments).toEqual(b.payments);
  });

  it('keeps its patients when patients gain a date of birth and address (patients schema 2 → 3)', async () => {
    const indexedDB = new IDBFactory();
    const storage = () => getRxStorageDexie({ indexedDB, IDBKeyRange });
    const name = `u${newId().toLowerCase()}`;
    const data = generateDataset({ seed: 7, patients: 30, bookings: 0 });
    const patients = data.patients.map(({ dateOfBirth: _born, address: _address, ...p }) => p);
    const current = rxSchemaFor('patients');
    const { dateOfBirth: _d, address: _a, ...oldProperties } = current.properties;
    const same = (d: Record<string, unknown>) => d;
    const old = await createRxDatabase({ name, storage: storage(), multiInstance: false });
    await old.addCollections({
      patients: {
        schema: { ...current, version: 2, properties: oldProperties },
        migrationStrategies: { 1: same, 2: same },
      },
    });
    await old.collections.patients!.bulkInsert(patients);
    await old.close();

    const db = await openClinicDatabase({ name, storage: storage() });
    const after = (await db.patients.find().exec()).map((d) => d.toJSON());
    await db.close();
    expect(after.map((p) => p.id).sort()).toEqual(patients.map((p) => p.id).sort());
    expect(after.every((p) => p.dateOfBirth === undefined && p.address === undefined)).toBe(true);
  });
});
