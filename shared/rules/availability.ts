import type { Staff } from '../schemas/staff';
import type { Treatment } from '../schemas/treatment';
import { holdsTime, intervalsOverlap, type ClashFields } from './clash';
import { clockToMinutes, localDateOf, weekdayOf, zonedToUtc } from './time-zone';

export interface Interval {
  startAt: number;
  endAt: number;
}

export interface Slot extends Interval {
  staffId: string;
}

/** Active staff who may perform the treatment; an empty assignedStaff list means anyone active. */
export function qualifiedStaff<S extends Pick<Staff, 'id' | 'isActive'>>(
  treatment: Pick<Treatment, 'assignedStaff'>,
  staff: readonly S[],
): S[] {
  const allowed = new Set(treatment.assignedStaff);
  return staff.filter((s) => s.isActive && (allowed.size === 0 || allowed.has(s.id)));
}

/** A staff member's working time on a branch-local date, with breaks cut out; empty on a day off. */
export function workingWindows(
  staff: Pick<Staff, 'workingHours' | 'daysOff'>,
  date: string,
  timeZone: string,
): Interval[] {
  if (staff.daysOff.includes(date)) return [];
  const day = staff.workingHours.find((d) => d.weekday === weekdayOf(date));
  if (!day) return [];
  const at = (clock: string): number => zonedToUtc(date, clockToMinutes(clock), timeZone);
  const breaks = [...day.breaks].sort((a, b) => clockToMinutes(a.start) - clockToMinutes(b.start));
  const windows: Interval[] = [];
  let cursor = at(day.start);
  for (const b of breaks) {
    const bs = at(b.start);
    const be = at(b.end);
    if (bs > cursor) windows.push({ startAt: cursor, endAt: bs });
    cursor = Math.max(cursor, be);
  }
  const end = at(day.end);
  if (end > cursor) windows.push({ startAt: cursor, endAt: end });
  return windows;
}

export interface SlotQuery {
  date: string;
  timeZone: string;
  treatment: Pick<Treatment, 'durationMin' | 'assignedStaff'>;
  staff: readonly Pick<Staff, 'id' | 'isActive' | 'workingHours' | 'daysOff'>[];
  bookings: readonly ClashFields[];
  /** Slot starts fall on this grid of minutes from the start of each working window. */
  stepMin?: number;
  /** No slot starts before this instant (now, for same-day booking). */
  notBefore?: number;
  /** When set, slots where this patient is already booked are left out too. */
  patientId?: string;
}

/**
 * Free slots for a treatment on a branch-local day: every qualified staff member's working windows,
 * stepped on a grid, keeping slots that fit whole inside a window and clash with no booking that
 * still holds its time. Sorted by start, then staff id.
 */
export function freeSlots(q: SlotQuery): Slot[] {
  const step = (q.stepMin ?? 15) * 60_000;
  const length = q.treatment.durationMin * 60_000;
  const holding = q.bookings.filter((b) => holdsTime(b.status));
  const slots: Slot[] = [];
  for (const s of qualifiedStaff(q.treatment, q.staff)) {
    const busy = holding.filter(
      (b) => b.staffId === s.id || (q.patientId !== undefined && b.patientId === q.patientId),
    );
    for (const w of workingWindows(s, q.date, q.timeZone)) {
      for (let start = w.startAt; start + length <= w.endAt; start += step) {
        if (q.notBefore !== undefined && start < q.notBefore) continue;
        if (busy.some((b) => intervalsOverlap(start, start + length, b.startAt, b.endAt))) continue;
        slots.push({ staffId: s.id, startAt: start, endAt: start + length });
      }
    }
  }
  return slots.sort((a, b) => a.startAt - b.startAt || (a.staffId < b.staffId ? -1 : 1));
}

/** Whether an interval lies wholly inside one of the staff member's working windows on its day. */
export function withinWorkingHours(
  staff: Pick<Staff, 'workingHours' | 'daysOff'>,
  interval: Interval,
  timeZone: string,
): boolean {
  const date = localDateOf(interval.startAt, timeZone);
  return workingWindows(staff, date, timeZone).some((w) => w.startAt <= interval.startAt && interval.endAt <= w.endAt);
}
