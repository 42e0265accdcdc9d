import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '../../../shared/schemas/booking';
import type { Patient } from '../../../shared/schemas/patient';
import type { Inbox } from '../../../renderer/db/queries';
import { canonicalJson } from '../../../shared/sync/merge';
import { workingWindows } from '../../../shared/rules/availability';
import type { Dataset } from '../../../shared/demo/generate';
import { Cluster, eventually } from './cluster';

/**
 * Starts inside a staff member's hours on a Jakarta date, each long enough for the treatment (the
 * desk refuses bookings outside someone's hours): the first window's start, then the next window's.
 */
function startsInHours(data: Dataset, staffId: string, date: string, minutes: number): number[] {
  const person = data.staff.find((s) => s.id === staffId)!;
  const windows = workingWindows(person, date, 'Asia/Jakarta').filter((w) => w.endAt - w.startAt >= minutes * 60_000);
  if (windows.length === 0) throw new Error(`${person.name} does not work on ${date}`);
  return windows.map((w) => w.startAt);
}

/** A date in 2027 on which the staff member works. */
function workingDate(data: Dataset, staffId: string): string {
  const person = data.staff.find((s) => s.id === staffId)!;
  for (let d = 4; d < 18; d++) {
    const date = `2027-01-${String(d).padStart(2, '0')}`;
    if (workingWindows(person, date, 'Asia/Jakarta').length > 0) return date;
  }
  throw new Error(`${person.name} never works`);
}

type Dump = Record<string, { id: string; _meta?: unknown; _rev?: string }[]>;

function comparable(d: Dump): string {
  return canonicalJson(
    Object.fromEntries(Object.entries(d).map(([k, docs]) => [k, docs.map(({ _meta, _rev, ...rest }) => rest)])),
  );
}

/** The documents two dumps disagree on, side by side. */
function differences(x: Dump, y: Dump): unknown[] {
  const out: unknown[] = [];
  for (const name of Object.keys(x)) {
    const ys = new Map((y[name] ?? []).map(({ _meta, _rev, ...d }) => [d.id, canonicalJson(d)]));
    for (const { _meta, _rev, ...d } of x[name] ?? [])
      if (ys.get(d.id) !== canonicalJson(d)) out.push({ name, x: d, y: ys.get(d.id) });
    if ((y[name] ?? []).length !== (x[name] ?? []).length)
      out.push({ name, counts: [(x[name] ?? []).length, (y[name] ?? []).length] });
  }
  return out;
}

let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('terminals against a sync-server process', () => {
  it('converges when two terminals edit different fields of one patient at once', async () => {
    cluster = await new Cluster().start();
    const [a, b] = [await cluster.addTerminal(), await cluster.addTerminal()];
    const patient = cluster.data.patients.find((p) => p.tenantId === cluster!.jakarta)!;
    await Promise.all([
      a.call('updatePatient', {
        id: patient.id,
        input: { name: patient.name, phone: `+${patient.phone}`, notes: 'Prefers mornings' },
      }),
      b.call('updatePatient', {
        id: patient.id,
        input: { name: patient.name, phone: `+${patient.phone}`, allergies: 'Latex' },
      }),
    ]);
    await eventually(async () => {
      const [da, db] = await Promise.all([a.call<Dump>('dump'), b.call<Dump>('dump')]);
      expect(differences(da, db)).toEqual([]);
      const p = (da.patients as unknown as Patient[]).find((x) => x.id === patient.id)!;
      expect([p.notes, p.allergies]).toEqual(['Prefers mornings', 'Latex']);
    });
  }, 90_000);

  it('counts both visits when two offline desks complete visits of one patient', async () => {
    cluster = await new Cluster().start();
    const [a, b] = [await cluster.addTerminal(), await cluster.addTerminal()];
    const patient = cluster.data.patients.find((p) => p.tenantId === cluster!.jakarta)!;
    const treatment = cluster.data.treatments.find(
      (t) => t.tenantId === cluster!.jakarta && t.assignedStaff.length > 0,
    )!;
    const staffId = treatment.assignedStaff[0]!;
    const booked: Booking[] = [];
    const date = workingDate(cluster.data, staffId);
    const starts = startsInHours(cluster.data, staffId, date, treatment.durationMin);
    // Two visits: one at the start of the day, one after the break (or once the first has ended).
    for (const startAt of [starts[0]!, starts[1] ?? starts[0]! + treatment.durationMin * 60_000]) {
      const made = await a.call<Booking>('createBooking', {
        patientId: patient.id,
        staffId,
        treatmentId: treatment.id,
        startAt,
        source: 'phone',
      });
      for (const to of ['checked-in', 'in-progress'] as const) await a.call('changeStatus', { id: made.id, to });
      booked.push(made);
    }
    await a.call('settle');
    await eventually(async () => {
      const onB = (await b.call<Dump>('dump')).bookings as unknown as Booking[];
      expect(booked.every((x) => onB.find((y) => y.id === x.id)?.status === 'in-progress')).toBe(true);
    });
    const earlier = await a.call<{ count: number }>('visits', { patientId: patient.id });
    await Promise.all([a.call('offline'), b.call('offline')]);
    await a.call('changeStatus', { id: booked[0]!.id, to: 'completed' });
    await b.call('changeStatus', { id: booked[1]!.id, to: 'completed' });
    await Promise.all([a.call('online'), b.call('online')]);
    await eventually(async () => {
      for (const t of [a, b]) {
        const visits = await t.call<{ count: number; lastVisitAt: number }>('visits', { patientId: patient.id });
        expect(visits.count).toBe(earlier.count + 2);
        expect(visits.lastVisitAt).toBe(booked[1]!.endAt);
      }
    });
  }, 90_000);

  it('keeps the losing version when one field was changed on both sides, on both terminals', async () => {
    cluster = await new Cluster().start();
    const [a, b] = [await cluster.addTerminal(), await cluster.addTerminal()];
    const booking = cluster.data.bookings.find((x) => x.tenantId === cluster!.jakarta && x.status === 'confirmed')!;
    await a.call('offline');
    await a.call('updateBooking', { id: booking.id, changes: { notes: 'Offline note from A' } });
    await b.call('updateBooking', { id: booking.id, changes: { notes: 'Online note from B' } });
    await b.call('settle');
    await a.call('online');
    await eventually(async () => {
      for (const t of [a, b]) {
        const inbox = await t.call<Inbox>('inbox', { tenantId: cluster!.jakarta, atLeast: 1 });
        expect(inbox.conflicts).toHaveLength(1);
        expect(inbox.conflicts[0]).toMatchObject({ kind: 'merge', documentId: booking.id, fields: ['notes'] });
        expect(JSON.parse(inbox.conflicts[0]!.losing)).toMatchObject({ notes: 'Offline note from A' });
        const dump = await t.call<Dump>('dump');
        expect((dump.bookings as unknown as Booking[]).find((x) => x.id === booking.id)?.notes).toBe(
          'Online note from B',
        );
      }
    });
  }, 90_000);

  it('shows a clash made by two offline terminals in both inboxes, and clears it on both when resolved', async () => {
    cluster = await new Cluster().start();
    const [a, b] = [await cluster.addTerminal(), await cluster.addTerminal()];
    const jakarta = cluster.jakarta;
    const treatment = cluster.data.treatments.find((t) => t.tenantId === jakarta)!;
    const staffId = treatment.assignedStaff[0]!;
    const patients = cluster.data.patients.filter((p) => p.tenantId === jakarta);
    const [startAt] = startsInHours(
      cluster.data,
      staffId,
      workingDate(cluster.data, staffId),
      treatment.durationMin,
    ) as [number];
    await Promise.all([a.call('offline'), b.call('offline')]);
    const one = await a.call<Booking>('createBooking', {
      patientId: patients[0]!.id,
      staffId,
      treatmentId: treatment.id,
      startAt,
      source: 'phone',
    });
    const two = await b.call<Booking>('createBooking', {
      patientId: patients[1]!.id,
      staffId,
      treatmentId: treatment.id,
      startAt,
      source: 'front-desk',
    });
    await Promise.all([a.call('online'), b.call('online')]);
    for (const t of [a, b]) {
      const inbox = await t.call<Inbox>('inbox', { tenantId: jakarta, atLeast: 2 });
      expect(inbox.bookingClashes.map((x) => x.id).sort()).toEqual([one.id, two.id].sort());
    }
    await a.call('changeStatus', { id: two.id, to: 'cancelled', reason: 'Double booked while offline' });
    await eventually(async () => {
      for (const t of [a, b]) {
        const dump = await t.call<Dump>('dump');
        const clashing = (dump.bookings as unknown as Booking[]).filter((x) => x.clashWith?.length);
        expect(clashing).toEqual([]);
      }
    });
  }, 90_000);

  it('loses nothing when the server restarts in the middle of a sync', async () => {
    cluster = await new Cluster().start();
    const [a, b] = [await cluster.addTerminal(), await cluster.addTerminal()];
    await a.call('offline');
    const made: Patient[] = [];
    for (let i = 0; i < 25; i++) {
      made.push(
        await a.call<Patient>('registerPatient', {
          input: { name: `Offline Patient ${i}`, phone: `0813${String(5550000 + i)}` },
        }),
      );
    }
    await a.call('online');
    await new Promise((r) => setTimeout(r, 150));
    await cluster.restartServer(true);
    await eventually(async () => {
      const dump = await b.call<Dump>('dump');
      const ids = new Set(dump.patients!.map((p) => p.id));
      expect(made.filter((p) => !ids.has(p.id))).toEqual([]);
    }, 40_000);
    const status = await a.call<{ pending: number }>('status');
    expect(status.pending).toBe(0);
  }, 120_000);

  it('keeps data and sign-in across an app restart with no network, then syncs what was done offline', async () => {
    cluster = await new Cluster().start();
    const [a, b] = [await cluster.addTerminal(), await cluster.addTerminal()];
    const before = await a.call<Dump>('dump');
    await a.call('offline');
    await a.call('close');
    await a.call('open', { sync: true });
    const after = await a.call<Dump>('dump');
    expect(comparable(after)).toBe(comparable(before));
    await a.call('signIn', {
      email: 'desk.jakarta@glow.example',
      password: 'correct horse battery',
      branchId: cluster.jakarta,
    });
    await expect(
      a.call('signIn', { email: 'desk.jakarta@glow.example', password: 'wrong', branchId: cluster.jakarta }),
    ).rejects.toThrow(/not right/);
    const p = await a.call<Patient>('registerPatient', {
      input: { name: 'Registered While Offline', phone: '081399912345' },
    });
    const status = await a.call<{ online: boolean; pending: number; lastError: string | null }>('status');
    expect(status.online).toBe(false);
    await a.call('online');
    await eventually(async () => {
      const dump = await b.call<Dump>('dump');
      expect(dump.patients!.some((x) => x.id === p.id)).toBe(true);
    });
  }, 90_000);
});
