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

/** Checking in more than this before the booked time is probably the wrong booking. */
export const EARLY_CHECK_IN_MS = 60 * 60_000;
/** Starting a treatment more than this before its time is worth a second look. */
export const EARLY_START_MS = 5 * 60_000;

function ahead(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours >= 24) {
    const days = Math.floor(hours / 24);
    return `${days} day${days === 1 ? '' : 's'}${hours % 24 ? ` ${hours % 24} h` : ''}`;
  }
  return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/**
 * A legal step that is still probably a mistake, as a question, or null: checking in long before the
 * booked time, starting a booked treatment early, a no-show before the time has come. The desk asks;
 * a yes goes through. Walk-ins have an expected time, not a booked one, so they start when they can.
 */
export function stepQuestion(
  booking: Pick<Booking, 'startAt' | 'patientName' | 'source'>,
  to: BookingStatus,
  now: number,
  clock: (at: number) => string,
): string | null {
  const early = booking.startAt - now;
  if (to === 'checked-in' && early > EARLY_CHECK_IN_MS)
    return `${booking.patientName} is booked for ${clock(booking.startAt)}, ${ahead(early)} from now. Check in this early?`;
  if (to === 'in-progress' && booking.source !== 'walk-in' && early > EARLY_START_MS)
    return `The treatment is booked for ${clock(booking.startAt)}. Start it now, ${ahead(early)} early?`;
  if (to === 'no-show' && early > 0)
    return `The booking at ${clock(booking.startAt)} has not started yet. Mark ${booking.patientName} as a no-show anyway?`;
  return null;
}
