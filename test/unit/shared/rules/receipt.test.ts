import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookingIntegrityRefusal, newReceiptNumbers } from '../../../../shared/rules/booking-integrity';
import {
  formatReceiptNo,
  includedTax,
  lastReceiptNumber,
  parseReceiptNo,
  rateText,
} from '../../../../shared/rules/receipt';
import { paymentSchema } from '../../../../shared/schemas/booking';

describe('receipt numbers', () => {
  it('are the terminal prefix and its own running number, and read back the same', () => {
    expect(formatReceiptNo('A', 42)).toBe('A-000042');
    expect(parseReceiptNo('AB-000001')).toEqual({ prefix: 'AB', number: 1 });
    expect(parseReceiptNo('A-007')).toBeNull();
    expect(() => formatReceiptNo('a', 1)).toThrow(RangeError);
    expect(() => formatReceiptNo('A', 0)).toThrow(RangeError);
  });

  it('continue after the highest number of their own prefix, whatever the others have used', () => {
    expect(lastReceiptNumber('B', ['A-000009', 'B-000002', 'B-000010', 'nonsense'])).toBe(10);
    expect(lastReceiptNumber('C', ['A-000009'])).toBe(0);
  });

  it('from two terminals offline at the same time never match', () => {
    fc.assert(
      fc.property(fc.nat(200), fc.nat(200), fc.nat(50), fc.nat(50), (startA, startB, countA, countB) => {
        const a = Array.from({ length: countA }, (_, i) => formatReceiptNo('A', startA + i + 1));
        const b = Array.from({ length: countB }, (_, i) => formatReceiptNo('B', startB + i + 1));
        expect(new Set([...a, ...b]).size).toBe(a.length + b.length);
      }),
    );
  });

  it('are part of the payment: never changed once recorded, and new ones are told apart', () => {
    const paid = { method: 'cash', amount: 100, at: 1, idempotencyKey: 'key-00001', receiptNo: 'A-000001' };
    const before = { status: 'completed', payments: [paid] };
    expect(
      bookingIntegrityRefusal(before, { status: 'completed', payments: [{ ...paid, receiptNo: 'A-000002' }] }),
    ).toBe('A recorded payment cannot be removed or changed.');
    const more = { ...paid, idempotencyKey: 'key-00002', receiptNo: 'B-000003' };
    expect(newReceiptNumbers(before, { status: 'completed', payments: [paid, more] })).toEqual(['B-000003']);
    expect(newReceiptNumbers(undefined, { payments: [paid] })).toEqual(['A-000001']);
  });
});

describe('cash handed over', () => {
  const payment = { method: 'cash', amount: 120_000_00, at: 1, idempotencyKey: 'key-00001' } as const;
  it('is kept beside the amount when it is more, so the change given is on record', () => {
    expect(paymentSchema.safeParse({ ...payment, tendered: 150_000_00 }).success).toBe(true);
  });
  it('is refused when it is not more than the amount, not cash, or on a refund', () => {
    expect(paymentSchema.safeParse({ ...payment, tendered: 120_000_00 }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...payment, method: 'card', tendered: 150_000_00 }).success).toBe(false);
    expect(paymentSchema.safeParse({ ...payment, tendered: 150_000_00, refundReason: 'Unhappy' }).success).toBe(false);
  });
});

describe('tax included in a price', () => {
  it('is the part of the gross at the rate, never more than the gross', () => {
    expect(includedTax(111_000_00, 1_100)).toBe(11_000_00);
    expect(rateText(1_100)).toBe('11%');
    expect(rateText(825)).toBe('8.25%');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), fc.integer({ min: 1, max: 5_000 }), (gross, rate) => {
        const tax = includedTax(gross, rate);
        const net = gross - tax;
        expect(tax).toBeGreaterThanOrEqual(0);
        expect(tax).toBeLessThanOrEqual(gross);
        // The net price plus tax on it comes back to the gross, to within one minor unit.
        expect(Math.abs(net + (net * rate) / 10_000 - gross)).toBeLessThanOrEqual(1);
      }),
    );
  });
});
