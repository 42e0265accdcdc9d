import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { firstValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTION_NAMES } from '../../../shared/collections';
import { newId } from '../../../shared/ids';
import { zonedToUtc } from '../../../shared/rules/time-zone';
import type { Booking } from '../../../shared/schemas/booking';
import type { Patient } from '../../../shared/schemas/patient';
import { NeedsConfirmation, type WriteContext } from '../../../renderer/db/actor';
import {
  addPayment,
  changeStatus,
  ClashRefused,
  createBooking,
  NeedsReason,
  updateBooking,
} from '../../../renderer/db/bookings';
import { saveBranchDetails } from '../../../renderer/db/branch-settings';
import { openClinicDatabase, type ClinicDatabase } from '../../../renderer/db/database';
import { DuplicatePhone, registerPatient } from '../../../renderer/db/patients';
import { acceptClash, acceptSharedPhone, resolveConflict } from '../../../renderer/db/inbox-actions';
import { dayBookings$, inbox$, searchPatients, staffDay$, visits$, walkInQueue$ } from '../../../renderer/db/queries';
import { createLocalCredential, signIn, switchBranch } from '../../../renderer/db/session';
import type { TerminalProfile } from '../../../renderer/db/terminal-profile';
import { generateDataset, type Dataset } from '../../../shared/demo/generate';

const PASSWORD = 'correct horse battery';
let data: Dataset;
let db: ClinicDatabase;
let ctx: WriteContext;
const DATE = '2027-03-02'; // a Tuesday

beforeEach(async () => {
  data = generateDataset({ seed: 31, patients: 30, bookings: 120 });
  db = await openClinicDatabase({
    name: `t${newId().toLowerCase()}`,
    storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
  });
  for (const name of COLLECTION_NAMES) await db[name].bulkInsert(data[name] as never[]);
  const branch = data.tenants[0]!;
  ctx = {
    userId: data.users.find((u) => u.email === 'desk.jakarta@glow.example')!.id,
    role: 'frontdesk',
    staffIds: [],
    branch,
    now: () => Date.UTC(2027, 2, 1),
  };
});
afterEach(async () => {
  await db.close();
});

function slot(minutes: number): number {
  return zonedToUtc(DATE, minutes, 'Asia/Jakarta');
}

function workingStaffAndTreatment() {
  const treatment = data.treatments.find((t) => t.tenantId === ctx.branch.id && t.durationMin === 60)!;
  const staffId = treatment.assignedStaff.find((id) =>
    data.staff.find((s) => s.id === id)!.workingHours.some((d) => d.weekday === 2),
  )!;
  return { treatment, staffId };
}

/** A booking of the branch's first patient with a working staff member, at `minutes` past midnight. */
async function bookFirstPatient(minutes: number, source: 'phone' | 'front-desk' = 'phone') {
  const { treatment, staffId } = workingStaffAndTreatment();
  const patient = data.patients.find((p) => p.tenantId === ctx.branch.id)!;
  const booking = await createBooking(
    db,
    { patientId: patient.id, staffId, treatmentId: treatment.id, startAt: slot(minutes), source },
    ctx,
  );
  return { patient, booking };
}

/** A colleague's version arriving by replication: stored beneath the document API, as RxDB does. */
async function landPulled(id: string, change: Partial<Booking>): Promise<void> {
  const stored = (await db.bookings.findOne(id).exec())!._data;
  await db.bookings.storageInstance.bulkWrite([{ previous: stored, document: { ...stored, ...change } }], 'pulled');
}

describe('a write is a function of the version stored when it is written', () => {
  it('keeps a colleague’s change that lands while a move is being checked for clashes', async () => {
    const { booking: b } = await bookFirstPatient(600);
    // The clash check reads the day's bookings; the colleague's note lands while it does.
    const find = db.bookings.find.bind(db.bookings);
    let landed = false;
    db.bookings.find = ((query: Parameters<typeof find>[0]) => {
      const real = find(query);
      if (landed) return real;
      landed = true;
      return {
        exec: async () => {
          await landPulled(b.id, { notes: 'Bring the consent form', updatedAt: b.updatedAt + 5 });
          return real.exec();
        },
      };
    }) as unknown as typeof db.bookings.find;
    const moved = await updateBooking(db, b.id, { startAt: slot(840) }, ctx);
    expect(landed).toBe(true);
    const stored = (await db.bookings.findOne(b.id).exec())!.toJSON();
    expect(stored.startAt).toBe(slot(840));
    expect(stored.notes).toBe('Bring the consent form');
    expect(moved.notes).toBe('Bring the consent form');
  });

  it('refuses a status step that a colleague’s change made illegal, and stores nothing', async () => {
    const { booking: b } = await bookFirstPatient(600);
    await landPulled(b.id, { status: 'cancelled', cancelReason: 'Rang to cancel', updatedAt: b.updatedAt + 5 });
    await expect(changeStatus(db, b.id, 'checked-in', ctx)).rejects.toMatchObject({ code: 'illegal-status' });
    expect((await db.bookings.findOne(b.id).exec())!.status).toBe('cancelled');
  });
});

describe('writes go through the shared rules', () => {
  it('refuses a clashing booking and names the booking it clashes with', async () => {
    const { treatment, staffId } = workingStaffAndTreatment();
    const [p1, p2] = data.patients.filter((p) => p.tenantId === ctx.branch.id);
    await createBooking(
      db,
      { patientId: p1!.id, staffId, treatmentId: treatment.id, startAt: slot(600), source: 'phone' },
      ctx,
    );
    const attempt = createBooking(
      db,
      { patientId: p2!.id, staffId, treatmentId: treatment.id, startAt: slot(630), source: 'phone' },
      ctx,
    );
    await expect(attempt).rejects.toThrow(ClashRefused);
    await expect(attempt).rejects.toThrow(
      `The staff member is already booked: it overlaps ${p1!.name}'s booking at 10:00.`,
    );
    // Back to back is fine.
    await createBooking(
      db,
      { patientId: p2!.id, staffId, treatmentId: treatment.id, startAt: slot(660), source: 'phone' },
      ctx,
    );
  });

  it('asks for a reason under the "warn" policy and stores it', async () => {
    ctx = { ...ctx, branch: { ...ctx.branch, overlapPolicy: 'warn' } };
    const { treatment, staffId } = workingStaffAndTreatment();
    const [p1, p2] = data.patients.filter((p) => p.tenantId === ctx.branch.id);
    await createBooking(
      db,
      { patientId: p1!.id, staffId, treatmentId: treatment.id, startAt: slot(600), source: 'phone' },
      ctx,
    );
    const input = {
      patientId: p2!.id,
      staffId,
      treatmentId: treatment.id,
      startAt: slot(600),
      source: 'phone' as const,
    };
    await expect(createBooking(db, input, ctx)).rejects.toThrow('Give a reason to book it anyway.');
    const b = await createBooking(db, { ...input, overlapReason: 'Two therapists share the room' }, ctx);
    expect(b.overlapReason).toBe('Two therapists share the room');
  });

  it('books a past visit or outside hours only with a reason, and outside hours only where the branch warns', async () => {
    const { treatment, staffId } = workingStaffAndTreatment();
    const [p1] = data.patients.filter((p) => p.tenantId === ctx.branch.id);
    // The desk's clock is a day after DATE: 10:00 on DATE is a visit that has already happened.
    const late = { ...ctx, now: () => slot(24 * 60 + 600) };
    const input = {
      patientId: p1!.id,
      staffId,
      treatmentId: treatment.id,
      startAt: slot(600),
      source: 'phone' as const,
    };
    await expect(createBooking(db, input, late)).rejects.toThrow(NeedsReason);
    await expect(createBooking(db, { ...input, overrideReason: ' ' }, late)).rejects.toThrow('already passed');
    const entered = await createBooking(db, { ...input, overrideReason: 'From the paper book' }, late);
    expect(entered.overrideReason).toBe('From the paper book');
    // 03:00 is outside everyone's hours: refused where the branch refuses, with a reason where it warns.
    const night = { ...input, startAt: slot(24 * 60 + 24 * 60 + 180), overrideReason: 'Early flight' };
    await expect(createBooking(db, night, late)).rejects.toThrow(/outside their hours/);
    await expect(createBooking(db, night, late)).rejects.not.toThrow(NeedsReason);
    const warn = { ...late, branch: { ...late.branch, overlapPolicy: 'warn' as const } };
    await expect(createBooking(db, { ...night, overrideReason: undefined }, warn)).rejects.toThrow(NeedsReason);
    expect((await createBooking(db, night, warn)).overrideReason).toBe('Early flight');
  });

  it('follows the status machine and counts a completed visit from the bookings', async () => {
    const { patient, booking: b } = await bookFirstPatient(540, 'front-desk');
    await expect(changeStatus(db, b.id, 'completed', ctx)).rejects.toThrow('it must be checked-in first');
    const earlier = await firstValueFrom(visits$(db, patient));
    for (const to of ['checked-in', 'in-progress', 'completed'] as const)
      await changeStatus(db, b.id, to, ctx, undefined, true);
    const after = await firstValueFrom(visits$(db, patient));
    const stored = (await db.patients.findOne(patient.id).exec())!.toJSON();
    // The patient's record is not written (two desks completing at once would race on a counter).
    expect(stored.updatedAt).toBe(patient.updatedAt);
    expect(after.count).toBe(earlier.count + 1);
    expect(after.lastVisitAt).toBe(Math.max(patient.lastVisitAt ?? 0, b.endAt));
  });

  it('asks before a step that is legal but early: checking in an hour ahead, starting early, a no-show', async () => {
    const { booking: b } = await bookFirstPatient(600, 'front-desk');
    // The desk's clock is the evening before: 10:00 tomorrow is hours away.
    await expect(changeStatus(db, b.id, 'checked-in', ctx)).rejects.toThrow(
      /is booked for 10:00, 1 day 3 h from now\. Check in this early\?$/,
    );
    await expect(changeStatus(db, b.id, 'no-show', ctx)).rejects.toThrow('has not started yet');
    expect((await db.bookings.findOne(b.id).exec())!.status).toBe('confirmed');
    await changeStatus(db, b.id, 'checked-in', ctx, undefined, true);
    await expect(changeStatus(db, b.id, 'in-progress', ctx)).rejects.toThrow('Start it now');
    // Ten minutes before its time starting still asks; a minute before, it does not.
    const near = { ...ctx, now: () => b.startAt - 10 * 60_000 };
    await expect(changeStatus(db, b.id, 'in-progress', near)).rejects.toBeInstanceOf(NeedsConfirmation);
    await changeStatus(db, b.id, 'in-progress', { ...ctx, now: () => b.startAt - 60_000 });
    expect((await db.bookings.findOne(b.id).exec())!.status).toBe('in-progress');
  });

  it('lets a therapist complete their own treatment without writing the patient record', async () => {
    const { patient, booking: b } = await bookFirstPatient(540, 'front-desk');
    const therapist = { ...ctx, role: 'therapist' as const, staffIds: [b.staffId] };
    for (const to of ['checked-in', 'in-progress', 'completed'] as const)
      await changeStatus(db, b.id, to, to === 'checked-in' ? ctx : therapist, undefined, true);
    expect((await db.patients.findOne(patient.id).exec())!.toJSON().updatedAt).toBe(patient.updatedAt);
    expect((await db.bookings.findOne(b.id).exec())!.status).toBe('completed');
  });

  it('records a retried payment once and refuses a front-desk price change', async () => {
    const booking = data.bookings.find(
      (b) => b.tenantId === ctx.branch.id && b.paymentStatus === 'unpaid' && b.status === 'confirmed',
    )!;
    const payment = { method: 'card' as const, amount: booking.price, at: 1, idempotencyKey: 'checkout-0001' };
    await addPayment(db, booking.id, payment, ctx);
    const twice = await addPayment(db, booking.id, payment, ctx);
    expect(twice.payments).toHaveLength(1);
    // A double click: two attempts with one key at the same moment still record it once.
    const other = data.bookings.find(
      (b) => b.tenantId === ctx.branch.id && b.paymentStatus === 'unpaid' && b.id !== booking.id,
    )!;
    const tap = { ...payment, idempotencyKey: 'checkout-0002', amount: 1 };
    await Promise.all([addPayment(db, other.id, tap, ctx), addPayment(db, other.id, tap, ctx)]);
    expect(
      (await db.bookings.findOne(other.id).exec())!.payments.filter((p) => p.idempotencyKey === tap.idempotencyKey),
    ).toHaveLength(1);
    expect(twice.paymentStatus).toBe('paid');
    await expect(
      updateBooking(db, booking.id, { notes: 'x', startAt: booking.startAt }, { ...ctx, role: 'therapist' }),
    ).rejects.toThrow(/therapist/);
  });

  it("numbers each payment in this terminal's own receipt series, never twice, also after a reset", async () => {
    const unpaid = data.bookings.filter((b) => b.tenantId === ctx.branch.id && b.paymentStatus === 'unpaid');
    const desk = { ...ctx, terminalPrefix: 'C' };
    const pay = (b: Booking, key: string) =>
      addPayment(db, b.id, { method: 'cash', amount: 1, at: 1, idempotencyKey: key }, desk);
    // A terminal still downloading its branch may not have every earlier receipt: it waits, storing nothing.
    await expect(
      addPayment(
        db,
        unpaid[0]!.id,
        { method: 'cash', amount: 1, at: 1, idempotencyKey: 'receipt-key-0' },
        { ...desk, downloading: () => true },
      ),
    ).rejects.toThrow('still downloading');
    expect((await db.bookings.findOne(unpaid[0]!.id).exec())!.payments).toEqual([]);
    // Four payments at once, and a retry of one of them: four numbers, one each, in order.
    const paid = await Promise.all([
      pay(unpaid[0]!, 'receipt-key-1'),
      pay(unpaid[1]!, 'receipt-key-2'),
      pay(unpaid[2]!, 'receipt-key-3'),
      pay(unpaid[3]!, 'receipt-key-4'),
    ]);
    const retried = await pay(unpaid[0]!, 'receipt-key-1');
    const numbers = paid.map((b) => b.payments.at(-1)?.receiptNo);
    expect([...numbers].sort()).toEqual(['C-000001', 'C-000002', 'C-000003', 'C-000004']);
    expect(retried.payments.at(-1)?.receiptNo).toBe(numbers[0]);
    // The terminal forgets its counter (a reset, then its data synced back): it goes on after the last.
    await (await db.getLocal(`receipt-counter-${ctx.branch.id}-C`))?.remove();
    const after = await pay(unpaid[4]!, 'receipt-key-5');
    expect(after.payments.at(-1)?.receiptNo).toBe('C-000005');
    // Another terminal's series is its own.
    const other = await addPayment(
      db,
      unpaid[5]!.id,
      { method: 'cash', amount: 1, at: 1, idempotencyKey: 'receipt-key-6' },
      { ...ctx, terminalPrefix: 'D' },
    );
    expect(other.payments.at(-1)?.receiptNo).toBe('D-000001');
  });

  it('saves the branch locale and receipt details for an owner, and refuses the front desk', async () => {
    const details = {
      locale: 'en-AU',
      receipt: { address: '1 George St, Sydney', taxId: 'ABN 12 345 678 901', taxName: 'GST', taxRate: 1_000 },
    };
    await expect(saveBranchDetails(db, details, ctx)).rejects.toThrow(
      'Only an owner or admin can change branch settings.',
    );
    expect((await db.tenants.findOne(ctx.branch.id).exec())!.receipt).toEqual(data.tenants[0]!.receipt);
    const saved = await saveBranchDetails(db, details, { ...ctx, role: 'owner' });
    expect(saved).toMatchObject(details);
    await expect(saveBranchDetails(db, { locale: 'xx-QQ', receipt: {} }, { ...ctx, role: 'owner' })).rejects.toThrow(
      /must be a language and region/,
    );
    // Emptied, the details go and the locale follows the phone country again.
    const cleared = await saveBranchDetails(db, { receipt: {} }, { ...ctx, role: 'owner' });
    expect(cleared.locale).toBeUndefined();
    expect(cleared.receipt).toBeUndefined();
  });

  it('warns about a phone already registered and normalises what was typed', async () => {
    const existing = data.patients.find((p) => p.tenantId === ctx.branch.id)!;
    const local = `0${existing.phone.slice(2)}`;
    await expect(registerPatient(db, { name: 'Someone Else', phone: local }, ctx)).rejects.toThrow(DuplicatePhone);
    const twin = await registerPatient(db, { name: 'Someone Else', phone: local }, ctx, true);
    expect(twin.phone).toBe(existing.phone);
    await expect(registerPatient(db, { name: '', phone: '0812' }, ctx)).rejects.toThrow(
      'phone: Phone number must have 8 to 15 digits',
    );
  });
});

describe('queries', () => {
  it('lists a day’s bookings in the branch zone, including one that started before midnight', async () => {
    const { treatment, staffId } = workingStaffAndTreatment();
    const patient = data.patients.find((p) => p.tenantId === ctx.branch.id)!;
    const late = {
      ...data.bookings[0]!,
      id: newId(),
      tenantId: ctx.branch.id,
      staffId,
      patientId: patient.id,
      treatmentId: treatment.id,
      startAt: slot(-30),
      endAt: slot(30),
      status: 'confirmed' as const,
      source: 'phone' as const,
      payments: [],
      paymentStatus: 'unpaid' as const,
      ticket: undefined,
      checkedInAt: undefined,
      cancelReason: undefined,
    };
    await db.bookings.insert(JSON.parse(JSON.stringify(late)) as Booking);
    const day = await firstValueFrom(dayBookings$(db, ctx.branch.id, DATE, 'Asia/Jakarta'));
    expect(day.map((b) => b.id)).toContain(late.id);
    expect(day.every((b) => b.endAt > slot(0) && b.startAt < slot(24 * 60))).toBe(true);
    const mine = await firstValueFrom(staffDay$(db, ctx.branch.id, staffId, DATE, 'Asia/Jakarta'));
    expect(mine.map((b) => b.id)).toEqual(day.filter((b) => b.staffId === staffId).map((b) => b.id));
  });

  it('orders the walk-in queue by check-in time', async () => {
    const today = data.bookings.filter((b) => b.source === 'walk-in' && b.status === 'checked-in');
    const date = today[0] ? new Date(today[0].startAt + 7 * 3600_000).toISOString().slice(0, 10) : DATE;
    const queue = await firstValueFrom(walkInQueue$(db, ctx.branch.id, date, 'Asia/Jakarta'));
    for (let i = 1; i < queue.length; i++)
      expect(queue[i]!.checkedInAt!).toBeGreaterThanOrEqual(queue[i - 1]!.checkedInAt!);
  });

  it('finds patients by name prefix or by phone digits typed either way', async () => {
    const p = data.patients.find((x) => x.tenantId === ctx.branch.id)!;
    const byName = await searchPatients(db, ctx.branch.id, p.name.slice(0, 3).toUpperCase(), '62');
    expect(byName.map((x) => x.id)).toContain(p.id);
    const byLocalPhone = await searchPatients(db, ctx.branch.id, `0${p.phone.slice(2, 8)}`, '62');
    expect(byLocalPhone.map((x) => x.id)).toContain(p.id);
    const byTail = await searchPatients(db, ctx.branch.id, p.phone.slice(-5), '62');
    expect(byTail.map((x) => x.id)).toContain(p.id);
  });

  it('counts a shared phone as one item, and lets it go once every patient on it says why', async () => {
    const [a, b] = data.patients.filter((p) => p.tenantId === ctx.branch.id);
    // As the sync server marks two patients registered with one phone on two desks.
    await db.patients.upsert({ ...a!, phone: b!.phone, clashWith: [b!.id] });
    await db.patients.upsert({ ...b!, clashWith: [a!.id] });
    expect((await firstValueFrom(inbox$(db, ctx.branch.id))).count).toBe(1);
    await expect(acceptSharedPhone(db, [a!.id, b!.id], ' ', ctx)).rejects.toThrow('Say why they share the phone');
    await acceptSharedPhone(db, [a!.id, b!.id], 'Family: mother and daughter', ctx);
    const after = await firstValueFrom(inbox$(db, ctx.branch.id));
    expect(after.count).toBe(0);
    expect(after.phoneClashes).toEqual([]);
    expect((await db.patients.findOne(a!.id).exec())!.sharedPhoneReason).toBe('Family: mother and daughter');
  });

  it('keeps the desk’s answer when a new person is registered on a phone already in use', async () => {
    const existing = data.patients.find((p) => p.tenantId === ctx.branch.id)!;
    const input = { name: 'Putri Family', phone: `+${existing.phone}` };
    await expect(registerPatient(db, input, ctx)).rejects.toBeInstanceOf(DuplicatePhone);
    const added = await registerPatient(db, input, ctx, true);
    expect(added.sharedPhoneReason).toBe(`Shares the phone with ${existing.name}; confirmed a different person.`);
    const other = (await db.patients.findOne(existing.id).exec())!.toJSON() as Patient;
    expect(other.sharedPhoneReason).toBe('Shares the phone with Putri Family; confirmed a different person.');
    // When the server marks them, the inbox has nothing to ask: the decision was made at the desk.
    await db.patients.upsert({ ...added, clashWith: [existing.id] });
    await db.patients.upsert({ ...other, clashWith: [added.id] });
    expect((await firstValueFrom(inbox$(db, ctx.branch.id))).count).toBe(0);
  });

  it('counts clashes and open conflicts in the inbox, and drops them once settled', async () => {
    const [a, b] = data.bookings.filter((x) => x.tenantId === ctx.branch.id && x.status === 'confirmed');
    await db.bookings.upsert({ ...a!, clashWith: [b!.id] });
    await db.bookings.upsert({ ...b!, clashWith: [a!.id] });
    const conflictId = newId();
    await db.conflicts.insert({
      id: conflictId,
      tenantId: ctx.branch.id,
      createdAt: 1,
      updatedAt: 1,
      updatedBy: ctx.userId,
      kind: 'merge',
      entity: 'bookings',
      documentId: a!.id,
      fields: ['notes'],
      losing: '{"notes":"x"}',
      status: 'open',
    });
    // One double booking (two bookings) and one conflict: two items.
    expect((await firstValueFrom(inbox$(db, ctx.branch.id))).count).toBe(2);
    await expect(acceptClash(db, [a!.id, b!.id], ' ', ctx)).rejects.toThrow('Say why both bookings stay');
    await acceptClash(db, [a!.id, b!.id], 'Two rooms free today', ctx);
    await resolveConflict(db, conflictId, 'Kept the server copy', ctx);
    const after = await firstValueFrom(inbox$(db, ctx.branch.id));
    expect(after.count).toBe(0);
    expect((await db.bookings.findOne(a!.id).exec())?.overlapReason).toBe('Two rooms free today');
    await expect(resolveConflict(db, conflictId, 'again', { ...ctx, role: 'therapist' })).rejects.toThrow(
      'A therapist cannot resolve conflicts.',
    );
  });
});

describe('sign-in on a terminal without a server', () => {
  it('checks the verifier kept on this terminal, with no hash in any synced user, and refuses a wrong password', async () => {
    const profile: TerminalProfile = {
      mode: 'standalone',
      device: {
        id: newId(),
        organisationId: data.organisations[0]!.id,
        branchIds: data.tenants.map((t) => t.id),
        name: 'Desk',
        prefix: 'A',
        createdAt: 0,
        revokedAt: null,
      },
    };
    for (const email of ['desk.jakarta@glow.example', 'owner@glow.example', 'desk.bali@glow.example']) {
      const user = data.users.find((u) => u.email === email)!;
      await createLocalCredential(db, { userId: user.id, email, name: user.name }, PASSWORD);
    }
    for (const user of await db.users.find().exec()) {
      expect(Object.keys(user.toJSON())).not.toContain('passwordHash');
    }
    const as = (email: string, secret: string) => signIn(db, profile, { email, secret, branchId: ctx.branch.id });
    const session = await as('DESK.jakarta@glow.example', PASSWORD);
    expect(session).toMatchObject({ role: 'frontdesk', branchId: ctx.branch.id, online: false });
    await expect(as('desk.jakarta@glow.example', 'nope')).rejects.toThrow('The email or password is not right.');
    await expect(as('desk.bali@glow.example', PASSWORD)).rejects.toThrow('has no role in this branch');
    await expect(as('therapist@nowhere.example', PASSWORD)).rejects.toThrow('The email or password is not right.');
    const owner = await as('owner@glow.example', PASSWORD);
    expect(owner.branchIds).toHaveLength(2);
    // Sign-in reads the roles in every branch, so switching branch later needs no database read.
    expect(owner.branches.map((b) => b.role)).toEqual(['owner', 'owner']);
    expect(switchBranch(owner, data.tenants[1]!.id)).toMatchObject({ branchId: data.tenants[1]!.id, role: 'owner' });
  });
});
