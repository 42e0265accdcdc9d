import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import { nextStatuses } from '../../../shared/rules/booking-status';
import { freeSlots } from '../../../shared/rules/availability';
import { addDays, localDateOf } from '../../../shared/rules/time-zone';
import type { Staff } from '../../../shared/schemas/staff';
import type { Tenant } from '../../../shared/schemas/tenant';
import type { Treatment } from '../../../shared/schemas/treatment';
import { createBooking } from '../../../renderer/db/bookings';
import { openClinicDatabase, type ClinicDatabase } from '../../../renderer/db/database';
import { registerPatient } from '../../../renderer/db/patients';
import { signIn, SignInRefused } from '../../../renderer/db/session';
import {
  DEMO_PASSWORD,
  DEMO_SIGN_IN,
  loadDemoClinic,
  startStandaloneClinic,
  type NewClinic,
} from '../../../renderer/db/standalone';
import { isStandalone, loadTerminalProfile } from '../../../renderer/db/terminal-profile';

let db: ClinicDatabase;
beforeEach(async () => {
  db = await openClinicDatabase({
    name: `s${newId().toLowerCase()}`,
    storage: getRxStorageDexie({ indexedDB: new IDBFactory(), IDBKeyRange }),
  });
});
afterEach(async () => {
  await db.close();
});

const clinic: NewClinic = {
  clinicName: 'Lotus Skin',
  branchName: 'Lotus Skin Singapore',
  timeZone: 'Asia/Singapore',
  currency: 'SGD',
  phoneCountryCode: '65',
  ownerName: 'Mei Tan',
  email: 'Mei@Lotus.example',
  password: 'lotus-owner-1',
};

describe('a clinic that starts on this terminal alone', () => {
  it('creates a branch its owner can sign in to and book in straight away, offline', async () => {
    const now = Date.UTC(2027, 0, 4, 1); // Monday morning in Singapore
    const profile = await startStandaloneClinic(db, clinic, now);
    expect(isStandalone(profile)).toBe(true);
    expect(await loadTerminalProfile(db)).toEqual(profile);

    const branchId = profile.device.branchIds[0]!;
    const session = await signIn(db, profile, { email: ' mei@lotus.example ', secret: clinic.password, branchId });
    expect(session.role).toBe('owner');
    expect(session.staffIds).toHaveLength(1);
    await expect(
      signIn(db, profile, { email: clinic.email, secret: 'wrong-password', branchId }),
    ).rejects.toBeInstanceOf(SignInRefused);

    const branch = (await db.tenants.findOne(branchId).exec())!.toJSON() as Tenant;
    expect(branch.slug).toBe('lotus-skin-singapore');
    const treatments = await db.treatments.find().exec();
    expect(treatments.length).toBeGreaterThan(5);
    // Starter prices are whole dollars in cents, not rupiah.
    expect(treatments.every((t) => t.price % 100 === 0 && t.price < 100_000)).toBe(true);

    const ctx = { ...session, branch, now: () => now };
    const patient = await registerPatient(db, { name: 'Ann Lee', phone: '9123 4567' }, ctx);
    expect(patient.phone).toBe('6591234567');
    const staff = (await db.staff.find().exec()).map((s) => s.toJSON() as Staff);
    const treatment = treatments[0]!.toJSON() as Treatment;
    const date = localDateOf(now, branch.timeZone);
    const [slot] = freeSlots({ date, timeZone: branch.timeZone, treatment, staff, bookings: [], notBefore: now });
    expect(slot).toBeDefined();
    const booking = await createBooking(
      db,
      {
        patientId: patient.id,
        staffId: slot!.staffId,
        treatmentId: treatment.id,
        startAt: slot!.startAt,
        source: 'phone',
      },
      ctx,
    );
    expect(nextStatuses(booking.status)).toContain('checked-in');
  });

  it('refuses a bad form with the field named, and stores nothing', async () => {
    await expect(startStandaloneClinic(db, { ...clinic, timeZone: 'Mars/Olympus', password: 'short' })).rejects.toThrow(
      /timeZone.*IANA|password.*8 characters/s,
    );
    expect(await loadTerminalProfile(db)).toBeNull();
    expect(await db.tenants.count().exec()).toBe(0);
    expect(await db.users.count().exec()).toBe(0);
  });
});

describe('the demo clinic', () => {
  it('loads both branches with bookings around today, and the demo desk user signs in', async () => {
    const now = Date.now();
    const profile = await loadDemoClinic(db, now);
    expect(profile.device.branchIds).toHaveLength(2);
    const session = await signIn(db, profile, {
      email: DEMO_SIGN_IN,
      secret: DEMO_PASSWORD,
      branchId: profile.device.branchIds[0]!,
    });
    expect(session.role).toBe('frontdesk');
    const branch = (await db.tenants.findOne(session.branchId).exec())!;
    const soon = await db.bookings
      .find({
        selector: {
          tenantId: branch.id,
          startAt: { $gt: now, $lt: Date.parse(addDays(localDateOf(now, branch.timeZone), 8)) },
        },
      })
      .exec();
    expect(soon.length).toBeGreaterThan(10);
  });
});
