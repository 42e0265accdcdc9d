import type { Booking, BookingStatus } from '../schemas/booking';

/** The booking life cycle. Anything not listed is refused with a reason a receptionist can act on. */
const NEXT: Record<BookingStatus, readonly BookingStatus[]> = {
  pending: ['confirmed', 'cancelled', 'no-show'],
  confirmed: ['checked-in', 'cancelled', 'no-show'],
  'checked-in': ['in-progress', 'cancelled', 'no-show'],
  'in-progress': ['completed'],
  completed: [],
  cancelled: [],
  'no-show': [],
};

export type TransitionResult = { ok: true } | { ok: false; reason: string };

export function nextStatuses(from: BookingStatus): readonly BookingStatus[] {
  return NEXT[from];
}

export function canTransition(from: BookingStatus, to: BookingStatus): TransitionResult {
  if (NEXT[from].includes(to)) return { ok: true };
  if (from === to) return { ok: false, reason: `The booking is already ${from}.` };
  if (NEXT[from].length === 0) {
    return { ok: false, reason: `A ${from} booking is closed and cannot become ${to}.` };
  }
  if (from === 'in-progress') {
    return { ok: false, reason: `A treatment in progress cannot become ${to}; complete it instead.` };
  }
  if (to === 'completed' || to === 'in-progress') {
    return {
      ok: false,
      reason: `A ${from} booking cannot become ${to} yet; it must be ${NEXT[from][0]} first.`,
    };
  }
  return {
    ok: false,
    reason: `A ${from} booking cannot become ${to}; it can become ${NEXT[from].join(', ')}.`,
  };
}

/** Applies a legal transition, stamping check-in time; refuses an illegal one with its reason. */
export function applyTransition<T extends Pick<Booking, 'status' | 'checkedInAt' | 'updatedAt'>>(
  booking: T,
  to: BookingStatus,
  now: number,
): { ok: true; booking: T } | { ok: false; reason: string } {
  const check = canTransition(booking.status, to);
  if (!check.ok) return check;
  const next: T = { ...booking, status: to, updatedAt: Math.max(now, booking.updatedAt) };
  if (to === 'checked-in' && next.checkedInAt === undefined) next.checkedInAt = now;
  return { ok: true, booking: next };
}
