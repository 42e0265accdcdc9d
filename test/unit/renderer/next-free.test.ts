import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { workingWindows } from '../../../shared/rules/availability';
import { holdsTime } from '../../../shared/rules/clash';
import { minutesToClock, zonedToUtc } from '../../../shared/rules/time-zone';
import { BOOKING_STATUSES, type Booking } from '../../../shared/schemas/booking';
import type { Staff } from '../../../shared/schemas/staff';
import { nextFreeTherapist } from '../../../renderer/db/walk-ins';

const ZONE = 'Asia/Jakarta';
const DATE = '2027-03-02'; // a Tuesday
const MIN = 60_000;
const at = (minutes: number) => zonedToUtc(DATE, minutes, ZONE);

const staffArb = fc
  .record({
    start: fc.integer({ min: 6 * 4, max: 12 * 4 }),
    length: fc.integer({ min: 4, max: 12 * 4 }),
    lunch: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
    works: fc.boolean(),
  })
  .map(({ start, length, lunch, works }) => {
    const s = start * 15;
    const e = Math.min(24 * 60, s + length * 15);
    const breaks =
      lunch !== undefined && s + lunch * 15 + 30 < e
        ? [{ start: minutesToClock(s + lunch * 15), end: minutesToClock(s + lunch * 15 + 30) }]
        : [];
    return {
      isActive: true,
      daysOff: [],
      workingHours: works ? [{ weekday: 2, start: minutesToClock(s), end: minutesToClock(e), breaks }] : [],
    };
  });

describe('next free therapist for a walk-in', () => {
  it('is qualified, inside working hours, clashes with nothing, and nobody qualified is free sooner', () => {
    fc.assert(
      fc.property(
        fc.array(staffArb, { minLength: 1, maxLength: 4 }),
        fc.array(
          fc.record({
            staff: fc.nat(3),
            start: fc.integer({ min: 6 * 60, max: 22 * 60 }),
            length: fc.integer({ min: 15, max: 120 }),
            status: fc.constantFrom(...BOOKING_STATUSES),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 5 * 60, max: 23 * 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.boolean(),
        (rawStaff, rawBookings, nowMin, quarters, restricted) => {
          const staff = rawStaff.map((s, i) => ({ ...s, id: `s${i}` })) as unknown as Staff[];
          const bookings = rawBookings.map(
            (b, i) =>
              ({
                id: `b${i}`,
                staffId: `s${b.staff % staff.length}`,
                patientId: `p${i}`,
                startAt: at(b.start),
                endAt: at(b.start + b.length),
                status: b.status,
              }) as Booking,
          );
          const treatment = { durationMin: quarters * 15, assignedStaff: restricted ? ['s0'] : [] };
          const now = at(nowMin) + 17_000;
          const pick = nextFreeTherapist(treatment, staff, bookings, now, ZONE);
          const length = treatment.durationMin * MIN;
          const qualified = staff.filter((s) => !restricted || s.id === 's0');
          const freeFor = (s: Staff, start: number) =>
            workingWindows(s, DATE, ZONE).some((w) => w.startAt <= start && start + length <= w.endAt) &&
            !bookings.some(
              (b) => b.staffId === s.id && holdsTime(b.status) && b.startAt < start + length && start < b.endAt,
            );
          const from = Math.ceil(now / MIN) * MIN;
          const limit = pick ? pick.startAt : at(24 * 60);
          for (const s of qualified)
            for (let m = from; m < limit; m += MIN) expect(freeFor(s, m), `${s.id} free earlier`).toBe(false);
          if (pick) {
            const s = qualified.find((x) => x.id === pick.staffId);
            expect(s).toBeDefined();
            expect(pick.startAt).toBeGreaterThanOrEqual(from);
            expect(freeFor(s!, pick.startAt)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
