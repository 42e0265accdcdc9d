import type { BookingStatus } from '../schemas/booking';
import { nextStatuses } from './booking-status';

/**
 * What no one may do to a booking, whatever their role: take its status backwards through the life
 * cycle, or erase or rewrite a recorded payment (money given back is a refund added with its reason). A terminal that was offline pushes only its latest version, so
 * a status may jump several steps at once (pending to completed): any status reachable from the
 * stored one is allowed, nothing else.
 */
export function reachableStatuses(from: BookingStatus): Set<BookingStatus> {
  const seen = new Set<BookingStatus>();
  const queue = [...nextStatuses(from)];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    if (seen.has(s)) continue;
    seen.add(s);
    queue.push(...nextStatuses(s));
  }
  return seen;
}

interface PaymentLike {
  idempotencyKey: string;
  amount: number;
  method: string;
  at: number;
  refundReason?: string;
  tendered?: number;
  receiptNo?: string;
}

function paymentsOf(doc: Record<string, unknown>): PaymentLike[] {
  return Array.isArray(doc.payments) ? (doc.payments as PaymentLike[]) : [];
}

/** Null when the change keeps the booking's history intact, otherwise why it does not. */
export function bookingIntegrityRefusal(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): string | null {
  if (!before) return null;
  const from = before.status as BookingStatus;
  const to = after.status as BookingStatus;
  if (from !== to && !reachableStatuses(from).has(to)) {
    return `A ${from} booking cannot go back to ${to}.`;
  }
  const kept = new Map(paymentsOf(after).map((p) => [p.idempotencyKey, p]));
  for (const p of paymentsOf(before)) {
    const still = kept.get(p.idempotencyKey);
    if (
      !still ||
      still.amount !== p.amount ||
      still.method !== p.method ||
      still.at !== p.at ||
      still.refundReason !== p.refundReason ||
      still.tendered !== p.tendered ||
      still.receiptNo !== p.receiptNo
    ) {
      return 'A recorded payment cannot be removed or changed.';
    }
  }
  return null;
}

/** Receipt numbers of payments the new version adds (a terminal may only number its own). */
export function newReceiptNumbers(
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): string[] {
  const known = new Set(paymentsOf(before ?? {}).map((p) => p.idempotencyKey));
  return paymentsOf(after)
    .filter((p) => !known.has(p.idempotencyKey) && typeof p.receiptNo === 'string')
    .map((p) => p.receiptNo ?? '');
}
