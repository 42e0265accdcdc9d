import { freeSlots } from '../../shared/rules/availability';
import { localDateOf, localMinutesOf, minutesToClock } from '../../shared/rules/time-zone';
import type { Dataset } from '../../shared/demo/generate';
import type { Treatment } from '../../shared/schemas/treatment';
import { nextFreeTherapist } from '../../renderer/db/walk-ins';
import { ZONE } from './web-fixture';

/** The Jakarta branch of the seeded clinic: its staff, bookings, treatments and a clock formatter. */
function jakarta(data: Dataset) {
  const branch = data.tenants[0]!;
  return {
    staff: data.staff.filter((s) => s.tenantId === branch.id),
    bookings: data.bookings.filter((b) => b.tenantId === branch.id),
    treatments: data.treatments.filter((t) => t.tenantId === branch.id),
  };
}

function clock(at: number): string {
  return minutesToClock(localMinutesOf(at, ZONE));
}

function slotsToday(data: Dataset, treatment: Treatment, notBefore: number) {
  const { staff, bookings } = jakarta(data);
  return freeSlots({ date: localDateOf(notBefore, ZONE), timeZone: ZONE, treatment, staff, bookings, notBefore });
}

function staffName(data: Dataset, id: string): string {
  return data.staff.find((s) => s.id === id)!.name;
}

/** A free slot in Jakarta today after `notBefore`, for the hour-long treatment most of the staff may give. */
export function freeSlotToday(data: Dataset, notBefore: number, avoidStaffId?: string) {
  // The most widely given treatment, so the day still has room after the test books it.
  const treatment = jakarta(data)
    .treatments.filter((t) => t.durationMin === 60)
    .sort((a, b) => b.assignedStaff.length - a.assignedStaff.length)[0]!;
  const slot = slotsToday(data, treatment, notBefore).find((x) => x.staffId !== avoidStaffId);
  if (!slot) throw new Error('no free slot today in the seeded clinic');
  return {
    treatment,
    staff: data.staff.find((s) => s.id === slot.staffId)!,
    startAt: slot.startAt,
    clock: clock(slot.startAt),
  };
}

/** A time two qualified staff are both free (the second one is where a booking gets reassigned to). */
export function twoStaffFree(data: Dataset, notBefore: number) {
  for (const treatment of jakarta(data).treatments.filter((t) => t.durationMin === 60)) {
    const slots = slotsToday(data, treatment, notBefore);
    for (const x of slots) {
      const y = slots.find((o) => o.startAt === x.startAt && o.staffId !== x.staffId);
      if (y)
        return {
          treatment,
          clock: clock(x.startAt),
          first: staffName(data, x.staffId),
          second: staffName(data, y.staffId),
        };
    }
  }
  throw new Error('no time with two free staff today in the seeded clinic');
}

/** A short treatment some qualified therapist can start within a couple of minutes of `now`. */
export function walkInTreatmentFreeNow(data: Dataset, now: number) {
  const { staff, bookings, treatments } = jakarta(data);
  for (const t of treatments.filter((x) => x.durationMin <= 30)) {
    const pick = nextFreeTherapist(t, staff, bookings, now, ZONE);
    if (pick && pick.startAt <= now + 2 * 60_000) return t;
  }
  throw new Error('nobody in the seeded clinic is free for a short treatment now');
}

/** Patients of the Jakarta branch whose names are unique there, so a name search finds just them. */
export function uniquePatients(data: Dataset, count: number): string[] {
  const branch = data.tenants[0]!;
  const names = data.patients.filter((p) => p.tenantId === branch.id).map((p) => p.name);
  const unique = names.filter((n) => names.filter((m) => m.startsWith(n)).length === 1);
  if (unique.length < count) throw new Error('not enough uniquely named patients in the seeded clinic');
  return unique.slice(0, count);
}
