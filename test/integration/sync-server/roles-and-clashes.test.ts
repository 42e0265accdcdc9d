import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import type { WireDocument } from '../../../shared/sync/protocol';
import { startHarness, TestClient, wire, type Harness } from './harness';

let h: Harness;
let desk: TestClient;
let userId: (email: string) => string;
beforeAll(async () => {
  h = await startHarness();
  desk = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'Desk');
  userId = (email) => h.data.users.find((u) => u.email === email)!.id;
});
afterAll(async () => {
  await h.close();
});

async function current(
  collection: 'bookings' | 'patients' | 'treatments' | 'memberships',
  id: string,
): Promise<WireDocument> {
  return (await desk.pullAll(collection)).get(id)!;
}

describe('roles on push', () => {
  it('lets a therapist start and note their own booking, but not change its time or someone else’s', async () => {
    const therapist = h.data.staff.find((s) => s.tenantId === h.jakarta)!;
    const tUser = therapist.userId!;
    await desk.signIn(h.data.users.find((u) => u.id === tUser)!.email);
    const mine =
      h.data.bookings.find((b) => b.staffId === therapist.id && b.status === 'checked-in') ??
      h.data.bookings.find((b) => b.staffId === therapist.id)!;
    const theirs = h.data.bookings.find((b) => b.tenantId === h.jakarta && b.staffId !== therapist.id)!;
    const notes = await desk.update('bookings', await current('bookings', mine.id), {
      treatmentNotes: 'Used the mild peel',
      updatedBy: tUser,
    });
    expect(notes.status).toBe(200);
    const moved = await desk.update('bookings', await current('bookings', mine.id), {
      notes: 'moved',
      updatedBy: tUser,
    });
    expect(moved.status).toBe(403);
    expect(JSON.stringify(moved.body)).toContain('only record progress and notes, not notes');
    const other = await desk.update('bookings', await current('bookings', theirs.id), {
      treatmentNotes: 'x',
      updatedBy: tUser,
    });
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).toContain('only update their own bookings');
  });

  it('keeps the front desk away from prices, the catalogue and roles', async () => {
    const deskUser = userId('desk.jakarta@glow.example');
    await desk.signIn('desk.jakarta@glow.example');
    const treatment = h.data.treatments.find((t) => t.tenantId === h.jakarta)!;
    const t = await desk.update('treatments', await current('treatments', treatment.id), {
      price: 1,
      updatedBy: deskUser,
    });
    expect(t.status).toBe(403);
    const booking = h.data.bookings.find((b) => b.tenantId === h.jakarta && b.status === 'confirmed')!;
    const price = await desk.update('bookings', await current('bookings', booking.id), {
      price: 0,
      updatedBy: deskUser,
    });
    expect(price.status).toBe(403);
    expect(JSON.stringify(price.body)).toContain('cannot change the price');
    const notes = await desk.update('bookings', await current('bookings', booking.id), {
      notes: 'Prefers room 2',
      updatedBy: deskUser,
    });
    expect(notes.status).toBe(200);
  });

  it('refuses a change by someone with no role in the branch', async () => {
    const baliAdmin = userId('admin.bali@glow.example');
    // Bali's admin cannot even sign in on a Jakarta terminal…
    expect((await desk.signInRaw('admin.bali@glow.example')).status).toBe(403);
    const p = h.data.patients.find((x) => x.tenantId === h.jakarta)!;
    const res = await desk.update('patients', await current('patients', p.id), { notes: 'x', updatedBy: baliAdmin });
    expect(res.status).toBe(403);
  });
});

describe('clash markers', () => {
  it('marks two offline bookings of one therapist at one time on both, and clears them when one is cancelled', async () => {
    const deskUser = userId('desk.jakarta@glow.example');
    await desk.signIn('desk.jakarta@glow.example');
    const template = h.data.bookings.find((b) => b.tenantId === h.jakarta && b.status === 'confirmed')!;
    const startAt = template.startAt + 30 * 24 * 3600_000;
    const make = (patient: string) => {
      const now = Date.now();
      return wire({
        ...template,
        id: newId(now),
        patientId: patient,
        startAt,
        endAt: startAt + 3600_000,
        createdAt: now,
        updatedAt: now,
        updatedBy: deskUser,
        payments: [],
        paymentStatus: 'unpaid',
      });
    };
    const patients = h.data.patients.filter((p) => p.tenantId === h.jakarta);
    const a = make(patients[0]!.id);
    const b = make(patients[1]!.id);
    expect((await desk.push('bookings', [{ assumedMasterState: null, newDocumentState: a }])).body).toEqual([]);
    expect((await desk.push('bookings', [{ assumedMasterState: null, newDocumentState: b }])).body).toEqual([]);
    const [sa, sb] = [await current('bookings', a.id), await current('bookings', b.id)];
    expect(sa.clashWith).toEqual([b.id]);
    expect(sb.clashWith).toEqual([a.id]);
    const cancelled = await desk.update('bookings', sb, {
      status: 'cancelled',
      cancelReason: 'Double booked',
      clashWith: undefined,
    });
    expect(cancelled.status).toBe(200);
    expect((await current('bookings', a.id)).clashWith).toBeUndefined();
    expect((await current('bookings', b.id)).clashWith).toBeUndefined();
  });

  it('marks two patients registered with one phone, and clears it when one is corrected', async () => {
    const deskUser = userId('desk.jakarta@glow.example');
    await desk.signIn('desk.jakarta@glow.example');
    const base = h.data.patients.find((p) => p.tenantId === h.jakarta)!;
    const now = Date.now();
    const twin = wire({
      ...base,
      id: newId(now),
      name: 'Ayu Twin',
      searchName: 'ayu twin',
      createdAt: now,
      updatedAt: now,
      updatedBy: deskUser,
      totalVisits: 0,
    });
    delete (twin as Record<string, unknown>).lastVisitAt;
    expect((await desk.push('patients', [{ assumedMasterState: null, newDocumentState: twin }])).body).toEqual([]);
    expect((await current('patients', base.id)).clashWith).toEqual([twin.id]);
    const stored = await current('patients', twin.id);
    expect(stored.clashWith).toEqual([base.id]);
    expect((await desk.update('patients', stored, { phone: '6281234500099' })).status).toBe(200);
    expect((await current('patients', base.id)).clashWith).toBeUndefined();
    expect((await current('patients', twin.id)).clashWith).toBeUndefined();
  });
});
