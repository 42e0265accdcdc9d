import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES } from '../../../shared/schemas/booking';
import { clashKind, type ClashFields } from '../../../shared/rules/clash';
import { MAX_MARKS, refreshClashMarkers } from '../../../sync-server/sync/clash-markers';
import { openSqliteStore } from '../../../sync-server/store/sqlite';
import type { Store, StoredDoc } from '../../../sync-server/store/port';

const SCOPE = 'scope-a';
const HOUR = 3_600_000;

/** The markers every booking should carry, from every stored booking, the slow and obvious way. */
function expectedMarks(all: StoredDoc[]): Map<string, string[]> {
  const live = all.filter((d) => !d.deleted);
  const fields = (d: StoredDoc): ClashFields => ({ ...(d.data as unknown as ClashFields), id: d.id });
  return new Map(
    all.map((d) => [
      d.id,
      d.deleted
        ? []
        : live
            .filter((o) => clashKind(fields(d), fields(o)) !== null)
            .map((o) => o.id)
            .sort(),
    ]),
  );
}

async function allBookings(store: Store): Promise<StoredDoc[]> {
  return store.pull('bookings', [SCOPE], {}, 1000);
}

const change = fc.record({
  id: fc.integer({ min: 0, max: 14 }),
  staff: fc.constantFrom('s1', 's2'),
  patient: fc.constantFrom('p1', 'p2', 'p3'),
  startHour: fc.integer({ min: 0, max: 6 }),
  hours: fc.integer({ min: 1, max: 3 }),
  status: fc.constantFrom(...BOOKING_STATUSES),
  deleted: fc.boolean(),
});

describe('clash markers', () => {
  it('after any sequence of pushes, every booking lists exactly the bookings it clashes with', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(change, { minLength: 1, maxLength: 6 }), { maxLength: 8 }), async (pushes) => {
        const dir = mkdtempSync(join(tmpdir(), 'clinic-marks-'));
        const store = openSqliteStore(join(dir, 'db.sqlite'));
        try {
          for (const push of pushes) {
            await store.write(async (tx) => {
              const written = new Map<string, StoredDoc | undefined>();
              for (const c of push) {
                const id = `b${String(c.id).padStart(2, '0')}`;
                const before = (await tx.get('bookings', [id])).get(id);
                const data = {
                  ...(before?.data ?? {}),
                  id,
                  staffId: c.staff,
                  patientId: c.patient,
                  startAt: c.startHour * HOUR,
                  endAt: (c.startHour + c.hours) * HOUR,
                  status: c.status,
                };
                await tx.put('bookings', { id, scope: SCOPE, deleted: c.deleted, data });
                if (!written.has(id)) written.set(id, before);
              }
              await refreshClashMarkers(tx, 'bookings', written);
            });
            const all = await allBookings(store);
            const expected = expectedMarks(all);
            for (const d of all) {
              const marks = Array.isArray(d.data.clashWith) ? d.data.clashWith : [];
              expect(marks, d.id).toEqual(expected.get(d.id));
            }
          }
        } finally {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a push of 500 bookings at one time marks each with the first partners, at most the limit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinic-marks-'));
    const store = openSqliteStore(join(dir, 'db.sqlite'));
    try {
      const ids = Array.from({ length: 500 }, (_, i) => `b${String(i).padStart(3, '0')}`);
      for (const batch of [ids.slice(0, 250), ids.slice(250)]) {
        await store.write(async (tx) => {
          const written = new Map<string, StoredDoc | undefined>();
          for (const id of batch) {
            const data = { id, staffId: 's1', patientId: id, startAt: 0, endAt: HOUR, status: 'confirmed' };
            await tx.put('bookings', { id, scope: SCOPE, deleted: false, data });
            written.set(id, undefined);
          }
          await refreshClashMarkers(tx, 'bookings', written);
        });
      }
      const all = await allBookings(store);
      const expected = expectedMarks(all);
      for (const d of all) {
        expect(d.data.clashWith).toEqual(expected.get(d.id)!.slice(0, MAX_MARKS));
      }
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
