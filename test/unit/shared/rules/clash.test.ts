import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clashKind, clashWindow, findClashes, holdsTime, type ClashFields } from '../../../../shared/rules/clash';
import { zonedToUtc } from '../../../../shared/rules/time-zone';
import { BOOKING_STATUSES } from '../../../../shared/schemas/booking';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 23, 2, 0);
const holding = fc.constantFrom(...BOOKING_STATUSES.filter(holdsTime));

function booking(over: Partial<ClashFields>): ClashFields {
  return { id: 'a', staffId: 's1', patientId: 'p1', startAt: T0, endAt: T0 + 60 * MIN, status: 'confirmed', ...over };
}

const arbBooking = fc
  .record({
    id: fc.uuid(),
    staffId: fc.constantFrom('s1', 's2', 's3'),
    patientId: fc.constantFrom('p1', 'p2', 'p3'),
    start: fc.integer({ min: 0, max: 24 * 60 }),
    duration: fc.integer({ min: 15, max: 480 }),
    status: fc.constantFrom(...BOOKING_STATUSES),
  })
  .map((r): ClashFields => ({
    id: r.id,
    staffId: r.staffId,
    patientId: r.patientId,
    startAt: T0 + r.start * MIN,
    endAt: T0 + (r.start + r.duration) * MIN,
    status: r.status,
  }));

describe('booking clashes', () => {
  it('never reports back-to-back bookings of one therapist as a clash', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 480 }),
        fc.integer({ min: 15, max: 480 }),
        holding,
        holding,
        (d1, d2, s1, s2) => {
          const a = booking({ id: 'a', endAt: T0 + d1 * MIN, status: s1 });
          const b = booking({
            id: 'b',
            startAt: T0 + d1 * MIN,
            endAt: T0 + (d1 + d2) * MIN,
            patientId: 'p2',
            status: s2,
          });
          expect(clashKind(a, b)).toBeNull();
          expect(clashKind(b, a)).toBeNull();
        },
      ),
    );
  });

  it('reports a one-minute overlap of the same therapist or the same patient', () => {
    fc.assert(
      fc.property(fc.integer({ min: 15, max: 480 }), holding, holding, fc.boolean(), (d, s1, s2, sameStaff) => {
        const a = booking({ id: 'a', endAt: T0 + d * MIN, status: s1 });
        const b = booking({
          id: 'b',
          startAt: T0 + (d - 1) * MIN,
          endAt: T0 + (d + 30) * MIN,
          staffId: sameStaff ? 's1' : 's2',
          patientId: sameStaff ? 'p2' : 'p1',
          status: s2,
        });
        expect(clashKind(a, b)).toBe(sameStaff ? 'staff' : 'patient');
      }),
    );
  });

  it('frees the slot once either booking is cancelled or a no-show', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('cancelled' as const, 'no-show' as const),
        holding,
        fc.boolean(),
        (freed, other, flip) => {
          const a = booking({ id: 'a', status: freed });
          const b = booking({ id: 'b', status: other });
          expect(flip ? clashKind(a, b) : clashKind(b, a)).toBeNull();
        },
      ),
    );
  });

  it('is symmetric and never clashes a booking with itself or with other people at other times', () => {
    fc.assert(
      fc.property(arbBooking, arbBooking, (a, b) => {
        expect(clashKind(a, b)).toBe(clashKind(b, a));
        expect(clashKind(a, a)).toBeNull();
        if (a.staffId !== b.staffId && a.patientId !== b.patientId) expect(clashKind(a, b)).toBeNull();
      }),
    );
  });

  it('catches a clash with a booking that crosses midnight in the branch time zone', () => {
    const zone = 'Asia/Jakarta';
    const late = booking({
      id: 'late',
      startAt: zonedToUtc('2026-11-22', 23 * 60 + 30, zone),
      endAt: zonedToUtc('2026-11-23', 30, zone),
    });
    const early = booking({
      id: 'early',
      patientId: 'p2',
      startAt: zonedToUtc('2026-11-23', 0, zone),
      endAt: zonedToUtc('2026-11-23', 15, zone),
    });
    const after = booking({
      id: 'after',
      patientId: 'p3',
      startAt: zonedToUtc('2026-11-23', 30, zone),
      endAt: zonedToUtc('2026-11-23', 60, zone),
    });
    expect(findClashes(late, [early, after]).map((c) => c.booking.id)).toEqual(['early']);
  });

  it('finds every clashing booking inside the (start − 480 min, end) index window', () => {
    fc.assert(
      fc.property(arbBooking, fc.array(arbBooking, { maxLength: 30 }), (candidate, others) => {
        const w = clashWindow(candidate.startAt, candidate.endAt);
        for (const { booking: other } of findClashes(candidate, others)) {
          expect(other.startAt).toBeGreaterThan(w.startAfter);
          expect(other.startAt).toBeLessThan(w.startBefore);
        }
      }),
    );
  });
});
