import { freeSlots } from '../../shared/rules/availability';
import { localDateOf, localMinutesOf, minutesToClock } from '../../shared/rules/time-zone';
import type { Dataset } from '../../shared/demo/generate';
import { nextFreeTherapist } from '../../renderer/db/walk-ins';
import { ZONE } from './web-fixture';

/** A free slot in Jakarta today, after `notBefore`, for a treatment of the given length. */
export function freeSlotToday(data: Dataset, notBefore: number, avoidStaffId?: string, durationMin = 60) {
  const branch = data.tenants[0]!;
  // The treatment most of the staff may give, so the day still has room after the test books it.
  const treatment = data.treatments
    .filter((t) => t.tenantId === branch.id && t.durationMin === durationMin)
    .sort((a, b) => b.assignedStaff.length - a.assignedStaff.length)[0]!;
  const staff = data.staff.filter((s) => s.tenantId === branch.id);
  const slots = freeSlots({
    date: localDateOf(notBefore, ZONE),
    timeZone: ZONE,
    treatment,
    staff,
    bookings: data.bookings.filter((b) => b.tenantId === branch.id),
    notBefore,
  });
  const slot = slots.find((x) => x.staffId !== avoidStaffId);
  if (!slot) throw new Error('no free slot today in the seeded clinic');
  const person = staff.find((s) => s.id === slot.staffId)!;
  return { treatment, staff: person, startAt: slot.startAt, clock: minutesToClock(localMinutesOf(slot.startAt, ZONE)) };
}

/** A short treatment some qualified therapist can start within a couple of minutes of `now`. */
export function walkInTreatmentFreeNow(data: Dataset, now: number) {
  const branch = data.tenants[0]!;
  const staff = data.staff.filter((s) => s.tenantId === branch.id);
  const bookings = data.bookings.filter((b) => b.tenantId === branch.id);
  for (const t of data.treatments.filter((x) => x.tenantId === branch.id && x.durationMin <= 30)) {
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

/** A time two qualified staff are both free (the second one is where a booking gets reassigned to). */
export function twoStaffFree(data: Dataset, notBefore: number) {
  const branch = data.tenants[0]!;
  const staff = data.staff.filter((s) => s.tenantId === branch.id);
  for (const treatment of data.treatments.filter((t) => t.tenantId === branch.id && t.durationMin === 60)) {
    const slots = freeSlots({
      date: localDateOf(notBefore, ZONE),
      timeZone: ZONE,
      treatment,
      staff,
      bookings: data.bookings.filter((b) => b.tenantId === branch.id),
      notBefore,
    });
    for (const x of slots) {
      const y = slots.find((o) => o.startAt === x.startAt && o.staffId !== x.staffId);
      if (y) {
        const name = (id: string) => staff.find((s) => s.id === id)!.name;
        return {
          treatment,
          clock: minutesToClock(localMinutesOf(x.startAt, ZONE)),
          first: name(x.staffId),
          second: name(y.staffId),
        };
      }
    }
  }
  throw new Error('no time with two free staff today in the seeded clinic');
}
