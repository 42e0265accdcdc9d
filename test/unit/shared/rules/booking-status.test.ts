import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyTransition, canTransition, nextStatuses } from '../../../../shared/rules/booking-status';
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
