import type { Booking, BookingStatus } from '../schemas/booking';
import { MAX_TREATMENT_MINUTES } from '../schemas/treatment';

/** Statuses in which a booking still holds its time; cancelled and no-show free the slot. */
export const HOLDING_STATUSES: readonly BookingStatus[] = [
  'pending',
  'confirmed',
  'checked-in',
  'in-progress',
  'completed',
];

export type ClashFields = Pick<Booking, 'id' | 'staffId' | 'patientId' | 'startAt' | 'endAt' | 'status'>;
export type ClashKind = 'staff' | 'patient' | 'staff-and-patient';

export function holdsTime(status: BookingStatus): boolean {
  return HOLDING_STATUSES.includes(status);
}

/** Half-open intervals: back-to-back bookings ([9:00, 10:00) and [10:00, 11:00)) do not overlap. */
export function intervalsOverlap(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  return aStart < bEnd && bStart < aEnd;
}

export function clashKind(a: ClashFields, b: ClashFields): ClashKind | null {
  if (a.id === b.id || !holdsTime(a.status) || !holdsTime(b.status)) return null;
  if (!intervalsOverlap(a.startAt, a.endAt, b.startAt, b.endAt)) return null;
  const staff = a.staffId === b.staffId;
  const patient = a.patientId === b.patientId;
  if (staff && patient) return 'staff-and-patient';
  if (staff) return 'staff';
  if (patient) return 'patient';
  return null;
}

export function findClashes<T extends ClashFields>(
  candidate: ClashFields,
  others: Iterable<T>,
): { booking: T; kind: ClashKind }[] {
  const out: { booking: T; kind: ClashKind }[] = [];
  for (const other of others) {
    const kind = clashKind(candidate, other);
    if (kind) out.push({ booking: other, kind });
  }
  return out;
}

/**
 * The only startAt range that can hold a clash with [startAt, endAt): no treatment lasts longer than
 * 480 minutes, so anything starting at or before startAt − 480 min has ended by startAt. Both bounds
 * are exclusive; queries read just this slice of the (tenantId, startAt) index.
 */
export function clashWindow(startAt: number, endAt: number): { startAfter: number; startBefore: number } {
  return { startAfter: startAt - MAX_TREATMENT_MINUTES * 60_000, startBefore: endAt };
}
