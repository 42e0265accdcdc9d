import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyTransition,
  canTransition,
  EARLY_CHECK_IN_MS,
  EARLY_START_MS,
  nextStatuses,
  stepQuestion,
} from '../../../../shared/rules/booking-status';
import { BOOKING_STATUSES, type BookingStatus } from '../../../../shared/schemas/booking';

const LEGAL: [BookingStatus, BookingStatus][] = [
  ['pending', 'confirmed'],
  ['pending', 'cancelled'],
  ['pending', 'no-show'],
  ['confirmed', 'checked-in'],
  ['confirmed', 'cancelled'],
  ['confirmed', 'no-show'],
  ['checked-in', 'in-progress'],
  ['checked-in', 'cancelled'],
  ['checked-in', 'no-show'],
  ['in-progress', 'completed'],
];
const status = fc.constantFrom(...BOOKING_STATUSES);

describe('booking status machine', () => {
  it('allows exactly the documented steps and refuses every other with a reason', () => {
    fc.assert(
      fc.property(status, status, (from, to) => {
        const legal = LEGAL.some(([f, t]) => f === from && t === to);
        const result = canTransition(from, to);
        expect(result.ok).toBe(legal);
        if (!result.ok) expect(result.reason).toMatch(/\w+.*\./);
      }),
    );
  });

  it('ends the life cycle at completed, cancelled and no-show', () => {
    for (const end of ['completed', 'cancelled', 'no-show'] as const) expect(nextStatuses(end)).toEqual([]);
    expect(canTransition('completed', 'cancelled')).toEqual({
      ok: false,
      reason: 'A completed booking is closed and cannot become cancelled.',
    });
  });

  it('refuses to cancel a treatment in progress and says what to do instead', () => {
    const r = canTransition('in-progress', 'cancelled');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('complete it instead');
  });

  it('names the missing step when one is skipped', () => {
    const r = canTransition('pending', 'in-progress');
    expect(r).toEqual({
      ok: false,
      reason: 'A pending booking cannot become in-progress yet; it must be confirmed first.',
    });
  });

  it('stamps the check-in time and never moves updatedAt backwards', () => {
    const r = applyTransition({ status: 'confirmed', checkedInAt: undefined, updatedAt: 5_000 }, 'checked-in', 4_000);
    expect(r).toEqual({ ok: true, booking: { status: 'checked-in', checkedInAt: 4_000, updatedAt: 5_000 } });
    const refused = applyTransition({ status: 'pending', checkedInAt: undefined, updatedAt: 1 }, 'completed', 2);
    expect(refused.ok).toBe(false);
  });
});

describe('steps that are legal but probably a mistake', () => {
  const clock = () => '18:30';
  it('asks about checking in over an hour early, starting a booked treatment early, a no-show before its time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -3 * 60, max: 3 * 24 * 60 }),
        fc.constantFrom('phone', 'walk-in', 'online', 'front-desk' as const),
        (minutesAhead, source) => {
          const now = 1_800_000_000_000;
          const booking = { startAt: now + minutesAhead * 60_000, patientName: 'Ayu', source };
          const early = minutesAhead * 60_000;
          expect(stepQuestion(booking, 'checked-in', now, clock) !== null).toBe(early > EARLY_CHECK_IN_MS);
          expect(stepQuestion(booking, 'in-progress', now, clock) !== null).toBe(
            source !== 'walk-in' && early > EARLY_START_MS,
          );
          expect(stepQuestion(booking, 'no-show', now, clock) !== null).toBe(early > 0);
          expect(stepQuestion(booking, 'completed', now, clock)).toBeNull();
          expect(stepQuestion(booking, 'cancelled', now, clock)).toBeNull();
        },
      ),
    );
    expect(
      stepQuestion({ startAt: 1_000 + 90 * 60_000, patientName: 'Ayu', source: 'phone' }, 'checked-in', 1_000, clock),
    ).toBe('Ayu is booked for 18:30, 1 h 30 min from now. Check in this early?');
  });
});
