import type { Staff } from '../schemas/staff';
import type { Treatment } from '../schemas/treatment';
import { workingWindows, type Interval } from './availability';
import { localDateOf, localMinutesOf, minutesToClock } from './time-zone';

/**
 * Whether a booking can happen at all, before any clash is looked at: the person gives the treatment,
 * works then, and the time is not already gone or absurdly far off. Each refusal is a sentence with
 * the way round. Shared by every terminal; the server checks the parts that cannot change under an
 * offline terminal (see `bookingDateRefusal`).
 */
export type BookableProblem =
  'in-past' | 'before-branch' | 'too-far-ahead' | 'staff-inactive' | 'unqualified' | 'outside-hours';

export interface BookableRefusal {
  problem: BookableProblem;
  sentence: string;
  /**
   * Whether a reason may let it through: a past time always (a visit entered after it happened), outside
   * working hours where the branch's overlap policy is "warn". See `overridableIn`.
   */
  overridable: boolean;
}

/** A booking made a few minutes late (the desk was busy) is fine; earlier than this is not. */
export const PAST_GRACE_MS = 15 * 60_000;
/** Further ahead than this is a typo in the year, not an appointment. */
export const MAX_AHEAD_MS = 2 * 366 * 24 * 60 * 60_000;

export interface BookableQuery {
  interval: Interval;
  staff: Pick<Staff, 'id' | 'name' | 'isActive' | 'workingHours' | 'daysOff'>;
  treatment: Pick<Treatment, 'name' | 'assignedStaff'>;
  branch: { createdAt: number; timeZone: string };
  now: number;
  /** False when only the person changes: a time already accepted is not questioned again. */
  timeChanged?: boolean;
}

/** The dates no booking can have, whenever and wherever it is checked (the server too). */
export function bookingDateRefusal(startAt: number, branchCreatedAt: number, now: number): BookableRefusal | null {
  // A day of slack: the branch is made in the morning and the first visit booked for that day.
  if (startAt < branchCreatedAt - 24 * 60 * 60_000)
    return {
      problem: 'before-branch',
      sentence: 'That date is before this branch was opened in Clinic Desk. Check the year.',
      overridable: false,
    };
  if (startAt > now + MAX_AHEAD_MS)
    return {
      problem: 'too-far-ahead',
      sentence: 'That date is more than two years ahead. Check the year.',
      overridable: false,
    };
  return null;
}

function hoursText(windows: readonly Interval[], timeZone: string): string {
  if (windows.length === 0) return 'is not working that day';
  const clock = (at: number) => minutesToClock(localMinutesOf(at, timeZone));
  return `works ${windows.map((w) => `${clock(w.startAt)}–${clock(w.endAt)}`).join(' and ')} that day`;
}

/** Null when the booking can happen, otherwise why not and what to do instead. */
export function bookableRefusal(q: BookableQuery): BookableRefusal | null {
  const { interval, staff, treatment, branch, now } = q;
  const timeChanged = q.timeChanged ?? true;
  const dated = timeChanged ? bookingDateRefusal(interval.startAt, branch.createdAt, now) : null;
  if (dated) return dated;
  if (timeChanged && interval.startAt < now - PAST_GRACE_MS)
    return {
      problem: 'in-past',
      sentence: 'That time has already passed. Choose a time from now on.',
      overridable: true,
    };
  if (!staff.isActive)
    return {
      problem: 'staff-inactive',
      sentence: `${staff.name} no longer takes bookings. Choose someone else.`,
      overridable: false,
    };
  if (treatment.assignedStaff.length > 0 && !treatment.assignedStaff.includes(staff.id))
    return {
      problem: 'unqualified',
      sentence: `${staff.name} does not give ${treatment.name}. Choose someone who does.`,
      overridable: false,
    };
  const windows = workingWindows(staff, localDateOf(interval.startAt, branch.timeZone), branch.timeZone);
  if (!windows.some((w) => w.startAt <= interval.startAt && interval.endAt <= w.endAt))
    return {
      problem: 'outside-hours',
      sentence: `${staff.name} ${hoursText(windows, branch.timeZone)}, so this booking falls outside their hours (or in a break). Choose a time inside them.`,
      overridable: true,
    };
  return null;
}

/** Whether a reason may let this refusal through in a branch with this overlap policy. */
export function overridableIn(refusal: BookableRefusal, overlapPolicy: 'refuse' | 'warn'): boolean {
  if (!refusal.overridable) return false;
  return refusal.problem === 'in-past' || overlapPolicy === 'warn';
}

/** What the desk is asked for a refusal a reason can let through. */
export const OVERRIDE_QUESTION: Partial<Record<BookableProblem, string>> = {
  'in-past': 'To enter a visit that has already happened, say why (for example, written on paper during a power cut).',
  'outside-hours': 'This branch lets the desk book outside working hours with a reason.',
};
