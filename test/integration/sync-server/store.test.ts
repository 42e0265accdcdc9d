import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import { openMongoStore } from '../../../sync-server/store/mongo';
import type { Store } from '../../../sync-server/store/port';
import { openSqliteStore } from '../../../sync-server/store/sqlite';

/**
 * One contract, every store: SQLite always, MongoDB whenever MONGODB_URI points at a replica set
 * (each run uses a fresh database and drops it after).
 */
const factories: [string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>][] = [
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'clinic-store-'));
      const store = openSqliteStore(join(dir, 'store.sqlite'));
      const cleanup = (): Promise<void> => {
        rmSync(dir, { recursive: true, force: true });
        return Promise.resolve();
      };
      return Promise.resolve({ store, cleanup });
    },
  ],
];
const mongoUri = process.env.MONGODB_URI;
if (mongoUri) {
  factories.push([
    'mongodb',
    async () => {
      const name = `clinic-test-${newId().toLowerCase()}`;
      const store = await openMongoStore(mongoUri, name);
      return {
        store,
        cleanup: async () => {
          const { MongoClient } = await import('mongodb');
          const client = new MongoClient(mongoUri);
          await client.db(name).dropDatabase();
          await client.close();
        },
      };
    },
  ]);
}

const A = newId();
const B = newId();
const booking = (id: string, startAt: number, over: Record<string, unknown> = {}) => ({
  id,
  scope: A,
  deleted: false,
  data: {
    id,
    tenantId: A,
    staffId: 's1',
    patientId: 'p1',
    startAt,
    endAt: startAt + 3_600_000,
    status: 'confirmed',
    ...over,
  },
});

describe.each(factories)('%s store', (_kind, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ store, cleanup } = await open());
  });
  afterEach(async () => {
    await store.close();
    await cleanup();
  });

  it('numbers writes per scope, in order, and pulls them by checkpoint', async () => {
    const ids = [newId(), newId(), newId()];
    const seqs = await store.write(async (tx) => [
      await tx.put('bookings', booking(ids[0]!, 1_000)),
      await tx.put('bookings', booking(ids[1]!, 2_000)),
      await tx.put('patients', {
        id: ids[2]!,
        scope: B,
        deleted: false,
        data: { id: ids[2], tenantId: B, phone: '628111' },
      }),
    ]);
    expect(seqs).toEqual([1, 2, 1]);
    expect(await store.maxSeqs([A, B, 'nobody'])).toEqual({ [A]: 2, [B]: 1, nobody: 0 });
    const all = await store.pull('bookings', [A, B], {}, 10);
    expect(all.map((d) => d.seq)).toEqual([1, 2]);
    expect((await store.pull('bookings', [A], { [A]: 1 }, 10)).map((d) => d.id)).toEqual([ids[1]]);
    expect((await store.pull('bookings', [A], {}, 1)).map((d) => d.id)).toEqual([ids[0]]);
    expect(await store.countAfter('bookings', [A, B], {})).toBe(2);
    expect(await store.countAfter('bookings', [A], { [A]: 1 })).toBe(1);
    expect(await store.countAfter('patients', [A, B], { [B]: 1 })).toBe(0);
    const changes = await store.changesSince([A, B], {}, 10);
    expect(changes.map((c) => [c.collection, c.seq])).toEqual([
      ['bookings', 1],
      ['bookings', 2],
      ['patients', 1],
    ]);
  });

  it('replaces a document with a new sequence and keeps soft deletes', async () => {
    const id = newId();
    await store.write(async (tx) => tx.put('bookings', booking(id, 1_000)));
    await store.write(async (tx) => tx.put('bookings', { ...booking(id, 1_000), deleted: true }));
    const got = (await store.get('bookings', [id])).get(id)!;
    expect(got).toMatchObject({ seq: 2, deleted: true, scope: A });
    expect(await store.pull('bookings', [A], {}, 10)).toHaveLength(1);
  });

  it('keeps nothing of a transaction that throws', async () => {
    const id = newId();
    await expect(
      store.write(async (tx) => {
        await tx.put('bookings', booking(id, 1_000));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await store.get('bookings', [id])).size).toBe(0);
    expect(await store.maxSeqs([A])).toEqual({ [A]: 0 });
  });

  it('answers reads while a write transaction is open, from what has committed', async () => {
    const id = newId();
    let release = (): void => undefined;
    const paused = new Promise<void>((resolve) => (release = resolve));
    let entered = (): void => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const writing = store.write(async (tx) => {
      await tx.put('bookings', booking(id, 10_000));
      entered();
      await paused;
    });
    await inside;
    // The write is still open: a pull and a read answer now, without its uncommitted version.
    expect((await store.get('bookings', [id])).size).toBe(0);
    expect(await store.pull('bookings', [A], {}, 10)).toEqual([]);
    expect(await store.maxSeqs([A])).toEqual({ [A]: 0 });
    release();
    await writing;
    expect((await store.get('bookings', [id])).size).toBe(1);
    expect(await store.maxSeqs([A])).toEqual({ [A]: 1 });
  });

  it('finds live bookings near a time for staff or patient, and patients by phone', async () => {
    const [near, far, deleted, otherStaff] = [newId(), newId(), newId(), newId()];
    await store.write(async (tx) => {
      await tx.put('bookings', booking(near, 10_000));
      await tx.put('bookings', booking(far, 99_000_000));
      await tx.put('bookings', { ...booking(deleted, 10_000), deleted: true });
      await tx.put('bookings', booking(otherStaff, 10_000, { staffId: 's2', patientId: 'p2' }));
      await tx.put('patients', { id: near, scope: A, deleted: false, data: { id: near, phone: '62811' } });
    });
    const found = await store.write((tx) => tx.bookingsNear(A, 0, 20_000, ['s1'], []));
    expect(found.map((d) => d.id)).toEqual([near]);
    const byPatient = await store.write((tx) => tx.bookingsNear(A, 0, 20_000, [], ['p2']));
    expect(byPatient.map((d) => d.id)).toEqual([otherStaff]);
    expect((await store.write((tx) => tx.patientsByPhone(A, ['62811']))).map((d) => d.id)).toEqual([near]);
    expect((await store.findBy('bookings', 'staffId', 's2')).map((d) => d.id)).toEqual([otherStaff]);
  });

  it('keeps devices and one shared signing key', async () => {
    const device = {
      id: newId(),
      organisationId: A,
      branchIds: [B],
      name: 'Desk',
      prefix: 'A',
      createdAt: 1,
      revokedAt: null,
    };
    await store.saveDevice(device);
    expect(await store.getDevice(device.id)).toEqual(device);
    expect(await store.listDevices(A)).toEqual([device]);
    expect(await store.getDevice(newId())).toBeNull();
    const key = await store.getOrCreateMeta('k', () => 'first');
    expect(await store.getOrCreateMeta('k', () => 'second')).toBe(key);
  });

  it('serialises concurrent writers so sequences commit in order', async () => {
    const writes = Array.from({ length: 40 }, (_, i) =>
      store.write(async (tx) => tx.put('bookings', booking(newId(), i * 1000))),
    );
    const seqs = await Promise.all(writes);
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await store.pull('bookings', [A], {}, 100)).map((d) => d.seq)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
  });
});

describe('sqlite sequence visibility', () => {
  it('never lets a reader see a later sequence before an earlier one commits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinic-seq-'));
    const file = join(dir, 'store.sqlite');
    try {
      const store = openSqliteStore(file);
      void store.close();
      // Two writers on separate connections (as two server processes would have).
      const w1 = new Database(file);
      const w2 = new Database(file, { timeout: 0 });
      const reader = new Database(file, { readonly: true });
      const bump =
        'INSERT INTO counters (scope, seq) VALUES (?, 1) ON CONFLICT (scope) DO UPDATE SET seq = seq + 1 RETURNING seq';
      w1.exec('BEGIN IMMEDIATE');
      const first = (w1.prepare(bump).get(A) as { seq: number }).seq;
      // The second writer cannot take a sequence while the first holds its uncommitted one.
      expect(() => w2.exec('BEGIN IMMEDIATE')).toThrow(/locked|busy/i);
      expect(reader.prepare('SELECT seq FROM counters WHERE scope = ?').get(A)).toBeUndefined();
      w1.exec('COMMIT');
      w2.exec('BEGIN IMMEDIATE');
      const second = (w2.prepare(bump).get(A) as { seq: number }).seq;
      w2.exec('COMMIT');
      expect([first, second]).toEqual([1, 2]);
      expect(reader.prepare('SELECT seq FROM counters WHERE scope = ?').get(A)).toEqual({ seq: 2 });
      for (const db of [w1, w2, reader]) db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
