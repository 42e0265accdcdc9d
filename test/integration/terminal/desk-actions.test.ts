import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES } from '../../../shared/collections';
import { generateDataset, type Dataset } from '../../../shared/demo/generate';
import { newId } from '../../../shared/ids';
import { workingWindows } from '../../../shared/rules/availability';
import { zonedToUtc } from '../../../shared/rules/time-zone';
import type { Booking } from '../../../shared/schemas/booking';
import type { WriteContext } from '../../../renderer/db/actor';
import { changeStatus, createBooking } from '../../../renderer/db/bookings';
import { openClinicDatabase, type ClinicDatabase } from '../../../renderer/db/database';
import { mergePatients, registerPatient } from '../../../renderer/db/patients';
import { patientBookings$ } from '../../../renderer/db/queries';
import { switchBranch, type Session } from '../../../renderer/db/session';
import { addWalkIn, callWalkIn, reassignWalkIn, startWalkIn } from '../../../renderer/db/walk-ins';

const ZONE = 'Asia/Jakarta';
const DATE = '2027-03-02'; // a Tuesday
let data: Dataset;
let db: ClinicDatabase;
let ctx: WriteContext;
let clock: number;

beforeEach(async () => {
  data = generateDataset({ seed: 41, patients: 30, bookings: 0 });
  db = await openClinicDatabase({
    name: `d${newId().toLowerCase()}`,
    storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
  });
  for (const name of COLLECTION_NAMES) await db[name].bulkInsert(data[name] as never[]);
  clock = zonedToUtc(DATE, 10 * 60, ZONE);
  ctx = {
    userId: data.users.find((u) => u.email === 'desk.jakarta@glow.example')!.id,
    role: 'frontdesk',
    staffIds: [],
    branch: data.tenants[0]!,
    now: () => clock,
  };
});
afterEach(async () => {
  await db.close();
});

function jakarta() {
  const branchId = ctx.branch.id;
  const patients = data.patients.filter((p) => p.tenantId === branchId);
  const treatment = data.treatments.find((t) => t.tenantId === branchId && t.durationMin === 60)!;
  const qualified = data.staff.filter(
    (s) => treatment.assignedStaff.includes(s.id) && workingWindows(s, DATE, ZONE).some((w) => w.endAt > clock),
  );
  return { patients, treatment, qualified };
}

describe('walk-ins', () => {
  it('numbers tickets per terminal and gives each walk-in to whoever qualified is free soonest', async () => {
    const { patients, treatment, qualified } = jakarta();
    expect(qualified.length).toBeGreaterThan(1);
    const first = await addWalkIn(db, { patientId: patients[0]!.id, treatmentId: treatment.id }, ctx, 'C');
    expect(first).toMatchObject({ ticket: 'C-001', status: 'checked-in', source: 'walk-in', checkedInAt: clock });
    const second = await addWalkIn(db, { patientId: patients[1]!.id, treatmentId: treatment.id }, ctx, 'C');
    expect(second.ticket).toBe('C-002');
    // Another terminal's prefix counts on its own.
    const other = await addWalkIn(db, { patientId: patients[2]!.id, treatmentId: treatment.id }, ctx, 'D');
    expect(other.ticket).toBe('D-001');
    // Nobody waits while a qualified therapist stands free: no two share a therapist at the same time.
    const all = [first, second, other];
    for (const a of all)
      for (const b of all)
        if (a !== b && a.staffId === b.staffId) expect(a.startAt >= b.endAt || b.startAt >= a.endAt).toBe(true);
    for (const b of all) expect(treatment.assignedStaff).toContain(b.staffId);
  });

  it('refuses a walk-in nobody qualified can take today, saying so', async () => {
    const { patients, treatment } = jakarta();
    clock = zonedToUtc(DATE, 23 * 60 + 30, ZONE);
    await expect(addWalkIn(db, { patientId: patients[0]!.id, treatmentId: treatment.id }, ctx, 'C')).rejects.toThrow(
      `Nobody qualified for ${treatment.name} has time left today.`,
    );
    expect(await db.bookings.count().exec()).toBe(0);
  });

  it('calls a walk-in in now only when their therapist is free, and reassigns to whoever is free first', async () => {
    const { patients, treatment } = jakarta();
    const walkIn = await addWalkIn(db, { patientId: patients[0]!.id, treatmentId: treatment.id }, ctx, 'C');
    // Their therapist gets busy now with someone else (booked at the desk under "warn").
    const busy = await createBooking(
      db,
      {
        patientId: patients[1]!.id,
        staffId: walkIn.staffId,
        treatmentId: treatment.id,
        startAt: clock,
        source: 'front-desk',
        overlapReason: 'VIP came in',
      },
      { ...ctx, branch: { ...ctx.branch, overlapPolicy: 'warn' } },
    );
    await expect(callWalkIn(db, walkIn.id, ctx)).rejects.toThrow(`is still with ${patients[1]!.name} until`);
    // Starting follows the same rule: one therapist is never in two treatments at once.
    await expect(startWalkIn(db, walkIn.id, ctx)).rejects.toThrow(`is still with ${patients[1]!.name} until`);
    expect((await db.bookings.findOne(walkIn.id).exec())!.status).toBe('checked-in');
    const moved = await reassignWalkIn(db, walkIn.id, ctx);
    expect(moved.staffId === busy.staffId && moved.startAt < busy.endAt).toBe(false);
    const called = await callWalkIn(db, walkIn.id, { ...ctx, now: () => moved.startAt + 20_000 });
    expect(called.startAt).toBe(moved.startAt);
    // Started a little late, it moves on the board to when it really began.
    const started = await startWalkIn(db, walkIn.id, { ...ctx, now: () => moved.startAt + 5 * 60_000 });
    expect(started.status).toBe('in-progress');
    expect(started.startAt).toBe(moved.startAt + 5 * 60_000);
    expect(started.endAt - started.startAt).toBe(moved.endAt - moved.startAt);
  });

  it('asks before calling a walk-in ahead of someone who has waited longer for the same therapist', async () => {
    const { patients, qualified } = jakarta();
    // A treatment only one therapist gives: everyone queues for them.
    const only = { ...jakarta().treatment, assignedStaff: [qualified[0]!.id] };
    await db.treatments.upsert(only);
    const first = await addWalkIn(db, { patientId: patients[0]!.id, treatmentId: only.id }, ctx, 'C');
    clock += 60_000;
    const second = await addWalkIn(db, { patientId: patients[1]!.id, treatmentId: only.id }, ctx, 'C');
    expect(second.staffId).toBe(first.staffId);
    await expect(callWalkIn(db, second.id, ctx)).rejects.toThrow(
      `C-001 (${patients[0]!.name}) has waited longer. Call C-002 first anyway?`,
    );
    expect((await db.bookings.findOne(second.id).exec())!.startAt).toBe(second.startAt);
    // Once the one who waited longer has gone (left unseen), C-002 is called without a question.
    await changeStatus(db, first.id, 'cancelled', ctx, 'Left before being seen');
    await expect(callWalkIn(db, second.id, ctx)).resolves.toMatchObject({ id: second.id });
  });
});

describe('patients', () => {
  it('merges a duplicate record: visits move over, notes and allergies are kept, the duplicate goes', async () => {
    const { patients, treatment, qualified } = jakarta();
    const keep = patients[0]!;
    const dupe = await registerPatient(
      db,
      { name: 'Duplicate Person', phone: `+${keep.phone}`, allergies: 'Latex', notes: 'Prefers mornings' },
      ctx,
      true,
    );
    const booking = await createBooking(
      db,
      {
        patientId: dupe.id,
        staffId: qualified[0]!.id,
        treatmentId: treatment.id,
        // The first time from now that fits in the therapist's hours.
        startAt: Math.max(
          clock,
          workingWindows(qualified[0]!, DATE, ZONE).find(
            (w) => w.endAt - Math.max(w.startAt, clock) >= treatment.durationMin * 60_000,
          )!.startAt,
        ),
        source: 'phone',
      },
      ctx,
    );
    const merged = await mergePatients(db, keep.id, dupe.id, ctx);
    expect(merged.allergies).toContain('Latex');
    expect(merged.notes).toContain('Prefers mornings');
    expect(await db.patients.findOne(dupe.id).exec()).toBeNull();
    const moved = (await db.bookings.findOne(booking.id).exec())!.toJSON() as Booking;
    expect(moved).toMatchObject({ patientId: keep.id, patientName: keep.name });
    const history = await firstValueFrom(patientBookings$(db, ctx.branch.id, keep.id));
    expect(history.map((b) => b.id)).toContain(booking.id);
    await expect(mergePatients(db, keep.id, keep.id, ctx)).rejects.toThrow('two different patient records');
    await expect(mergePatients(db, keep.id, patients[1]!.id, { ...ctx, role: 'therapist' })).rejects.toThrow(
      'A therapist cannot change patient records.',
    );
    expect(await db.patients.findOne(patients[1]!.id).exec()).not.toBeNull();
  });
});

describe('branch switching', () => {
  it('gives the owner their role in the other branch, and refuses a branch the person has no role in', () => {
    const owner = data.users.find((u) => u.email === 'owner@glow.example')!;
    const [jkt, bali] = data.tenants as [(typeof data.tenants)[0], (typeof data.tenants)[0]];
    const session: Session = {
      userId: owner.id,
      email: owner.email,
      name: owner.name,
      role: 'owner',
      branchId: jkt.id,
      branchIds: [jkt.id, bali.id],
      staffIds: [],
      branches: [
        { branchId: jkt.id, role: 'owner', staffIds: [] },
        { branchId: bali.id, role: 'admin', staffIds: ['s1'] },
      ],
      signer: { userId: owner.id, keyId: 'k'.repeat(22), secretKey: new Uint8Array(32) },
      online: false,
      credentialVersion: 0,
    };
    expect(switchBranch(session, bali.id)).toMatchObject({ branchId: bali.id, role: 'admin', staffIds: ['s1'] });
    expect(() => switchBranch({ ...session, branches: session.branches.slice(0, 1) }, bali.id)).toThrow(
      'Olivia Owner has no role in that branch.',
    );
  });
});
