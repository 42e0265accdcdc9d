import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES, type BookingStatus } from '../../../../shared/schemas/booking';
import { nextStatuses } from '../../../../shared/rules/booking-status';
import { bookingIntegrityRefusal, reachableStatuses } from '../../../../shared/rules/booking-integrity';

const status = fc.constantFrom(...BOOKING_STATUSES);
const payment = fc.record({
  method: fc.constantFrom('cash', 'card'),
  amount: fc.integer({ min: 1, max: 1_000_000 }),
  at: fc.integer({ min: 1, max: 2 ** 40 }),
  idempotencyKey: fc.uuid(),
});

describe('booking integrity', () => {
  it('allows any status an offline terminal could have walked to, one legal step at a time', () => {
    fc.assert(
      fc.property(status, fc.array(fc.nat(), { maxLength: 8 }), (from, choices) => {
        let at: BookingStatus = from;
        for (const c of choices) {
          const next = nextStatuses(at);
          if (next.length === 0) break;
          at = next[c % next.length]!;
        }
        expect(bookingIntegrityRefusal({ status: from }, { status: at })).toBeNull();
      }),
    );
  });

  it('never lets a status come back: the life cycle has no way round', () => {
    fc.assert(
      fc.property(status, status, (a, b) => {
        if (reachableStatuses(a).has(b)) {
          expect(reachableStatuses(b).has(a)).toBe(false);
          expect(bookingIntegrityRefusal({ status: b }, { status: a })).toContain('cannot go back');
        }
      }),
    );
    expect(bookingIntegrityRefusal({ status: 'completed' }, { status: 'pending' })).toBe(
      'A completed booking cannot go back to pending.',
    );
  });

  it('allows payments to be added, never removed or changed', () => {
    fc.assert(
      fc.property(
        fc.array(payment, { maxLength: 5 }),
        fc.array(payment, { maxLength: 5 }),
        fc.nat(),
        (kept, added, pick) => {
          const before = { status: 'completed', payments: kept };
          expect(bookingIntegrityRefusal(before, { ...before, payments: [...kept, ...added] })).toBeNull();
          if (kept.length === 0) return;
          const i = pick % kept.length;
          const removed = kept.filter((_, j) => j !== i);
          expect(bookingIntegrityRefusal(before, { ...before, payments: removed })).toContain('cannot be removed');
          const changed = kept.map((p, j) => (j === i ? { ...p, amount: p.amount + 1 } : p));
          expect(bookingIntegrityRefusal(before, { ...before, payments: changed })).toContain('cannot be removed');
        },
      ),
    );
  });

  it('takes a refund as one more entry with its reason; rewriting one is refused like any payment', () => {
    const paid = { method: 'cash', amount: 500, at: 1, idempotencyKey: 'pay-00000001' };
    const refund = { ...paid, at: 2, idempotencyKey: 'refund-0000001', refundReason: 'Cancelled by the clinic' };
    const before = { status: 'completed', payments: [paid] };
    expect(bookingIntegrityRefusal(before, { ...before, payments: [paid, refund] })).toBeNull();
    const refunded = { ...before, payments: [paid, refund] };
    expect(
      bookingIntegrityRefusal(refunded, { ...before, payments: [paid, { ...refund, refundReason: 'Other' }] }),
    ).toContain('cannot be removed');
    expect(bookingIntegrityRefusal(refunded, before)).toContain('cannot be removed');
  });
});
