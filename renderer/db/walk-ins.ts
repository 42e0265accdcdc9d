import { qualifiedStaff, workingWindows } from '../../shared/rules/availability';
import { holdsTime } from '../../shared/rules/clash';
import { dayRange, localDateOf, localMinutesOf, minutesToClock } from '../../shared/rules/time-zone';
import { earliestFree, nextTicket } from '../../shared/rules/walk-in';
import type { Booking } from '../../shared/schemas/booking';
import type { Staff } from '../../shared/schemas/staff';
import type { Treatment } from '../../shared/schemas/treatment';
import { MAX_TREATMENT_MINUTES } from '../../shared/schemas/treatment';
import { NeedsConfirmation, WriteRefused, type WriteContext } from './actor';
import { changeStatus, createBooking, localClashes, updateBooking } from './bookings';
import type { ClinicDatabase } from './database';

const MINUTE = 60_000;

async function todaysBookings(db: ClinicDatabase, ctx: WriteContext, now: number): Promise<Booking[]> {
  const day = dayRange(localDateOf(now, ctx.branch.timeZone), ctx.branch.timeZone);
  const docs = await db.bookings
    .find({
      selector: {
        tenantId: ctx.branch.id,
        startAt: { $gt: day.startAt - MAX_TREATMENT_MINUTES * MINUTE, $lt: day.endAt },
      },
      index: ['tenantId', 'startAt'],
    })
    .exec();
  return docs.map((d) => d.toJSON() as Booking);
}

/**
 * The qualified therapist on duty today who can start this treatment soonest (from now, rounded up to
 * the minute), fitting it whole inside one of their working windows; null when nobody can today.
 */
export function nextFreeTherapist(
  treatment: Pick<Treatment, 'durationMin' | 'assignedStaff'>,
  staff: readonly Staff[],
  bookings: readonly Booking[],
  now: number,
  timeZone: string,
  ignoreBookingId?: string,
): { staffId: string; startAt: number } | null {
  const from = Math.ceil(now / MINUTE) * MINUTE;
  const length = treatment.durationMin * MINUTE;
  const date = localDateOf(now, timeZone);
  let best: { staffId: string; startAt: number } | null = null;
  for (const s of qualifiedStaff(treatment, staff)) {
    const busy = bookings.filter((b) => b.staffId === s.id && b.id !== ignoreBookingId && holdsTime(b.status));
    for (const w of workingWindows(s, date, timeZone)) {
      if (w.endAt <= from) continue;
      const start = earliestFree(busy, Math.max(from, w.startAt), treatment.durationMin);
      if (start + length > w.endAt) continue;
      if (!best || start < best.startAt || (start === best.startAt && s.id < best.staffId)) {
        best = { staffId: s.id, startAt: start };
      }
      break;
    }
  }
  return best;
}

async function staffAndTreatment(db: ClinicDatabase, ctx: WriteContext, treatmentId: string) {
  const treatment = await db.treatments.findOne(treatmentId).exec();
  if (!treatment || treatment.tenantId !== ctx.branch.id || !treatment.isActive)
    throw new WriteRefused('unknown-treatment', 'Choose a treatment from this branch’s catalogue.');
  const staff = (await db.staff.find({ selector: { tenantId: ctx.branch.id } }).exec()).map((d) => d.toJSON() as Staff);
  return { treatment: treatment.toJSON() as Treatment, staff };
}

/**
 * Adds a walk-in: checked in now, with this terminal's next ticket of the day, given to the qualified
 * therapist who is free soonest. Refused with a reason when nobody qualified is working today.
 */
export async function addWalkIn(
  db: ClinicDatabase,
  input: { patientId: string; treatmentId: string; notes?: string },
  ctx: WriteContext,
  ticketPrefix: string,
): Promise<Booking> {
  const now = ctx.now();
  const { treatment, staff } = await staffAndTreatment(db, ctx, input.treatmentId);
  const bookings = await todaysBookings(db, ctx, now);
  const pick = nextFreeTherapist(treatment, staff, bookings, now, ctx.branch.timeZone);
  if (!pick)
    throw new WriteRefused(
      'no-staff',
      `Nobody qualified for ${treatment.name} has time left today. Book another day, or choose another treatment.`,
    );
  const today = localDateOf(now, ctx.branch.timeZone);
  const tickets = bookings
    .filter((b) => b.ticket && localDateOf(b.createdAt, ctx.branch.timeZone) === today)
    .map((b) => b.ticket ?? '');
  return createBooking(
    db,
    {
      patientId: input.patientId,
      treatmentId: treatment.id,
      staffId: pick.staffId,
      startAt: pick.startAt,
      source: 'walk-in',
      status: 'checked-in',
      ticket: nextTicket(ticketPrefix, tickets),
      ...(input.notes ? { notes: input.notes } : {}),
    },
    ctx,
  );
}

/** Gives a waiting walk-in to whoever qualified is free soonest now (the first therapist ran late, say). */
export async function reassignWalkIn(db: ClinicDatabase, bookingId: string, ctx: WriteContext): Promise<Booking> {
  const now = ctx.now();
  const current = await db.bookings.findOne(bookingId).exec();
  if (!current || current.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-booking', 'That booking is not in this branch.');
  const { treatment, staff } = await staffAndTreatment(db, ctx, current.treatmentId);
  const bookings = await todaysBookings(db, ctx, now);
  const pick = nextFreeTherapist(treatment, staff, bookings, now, ctx.branch.timeZone, bookingId);
  if (!pick) throw new WriteRefused('no-staff', `Nobody qualified for ${treatment.name} has time left today.`);
  return updateBooking(db, bookingId, { staffId: pick.staffId, startAt: pick.startAt }, ctx);
}

/**
 * Calls a waiting walk-in in now: their booking moves to start now with their therapist. Refused,
 * with who the therapist is still with, while that therapist is busy; asked about first when someone
 * waiting for the same therapist came in earlier (calling out of turn).
 */
export async function callWalkIn(
  db: ClinicDatabase,
  bookingId: string,
  ctx: WriteContext,
  confirmed = false,
): Promise<Booking> {
  const now = Math.floor(ctx.now() / MINUTE) * MINUTE;
  const current = await db.bookings.findOne(bookingId).exec();
  if (!current || current.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-booking', 'That booking is not in this branch.');
  const before = current.toJSON() as Booking;
  if (!confirmed) {
    const ahead = (await todaysBookings(db, ctx, now))
      .filter(
        (b) =>
          b.source === 'walk-in' &&
          b.status === 'checked-in' &&
          b.staffId === before.staffId &&
          b.id !== before.id &&
          b.createdAt < before.createdAt,
      )
      .sort((a, b) => a.createdAt - b.createdAt);
    if (ahead.length > 0) {
      const who = ahead.map((b) => `${b.ticket ?? ''} (${b.patientName})`.trim()).join(', ');
      throw new NeedsConfirmation(
        `${who} ${ahead.length === 1 ? 'has' : 'have'} waited longer. Call ${before.ticket ?? before.patientName} first anyway?`,
      );
    }
  }
  await refuseWhileBusy(db, before, now, ctx, 'call');
  if (before.startAt === now) return before;
  return updateBooking(db, bookingId, { startAt: now }, ctx);
}

/** Refused, saying who the therapist is still with and until when, unless they are free from `now`. */
async function refuseWhileBusy(
  db: ClinicDatabase,
  before: Booking,
  now: number,
  ctx: WriteContext,
  action: 'call' | 'start',
): Promise<void> {
  const moved = { ...before, startAt: now, endAt: now + (before.endAt - before.startAt) };
  const busy = (await localClashes(db, moved)).filter((c) => c.kind !== 'patient');
  const first = busy[0];
  if (!first) return;
  const therapist = await db.staff.findOne(before.staffId).exec();
  throw new WriteRefused(
    'therapist-busy',
    `${therapist?.name ?? 'The therapist'} is still with ${first.booking.patientName} until ${minutesToClock(
      localMinutesOf(first.booking.endAt, ctx.branch.timeZone),
    )}. Reassign ${before.ticket ?? 'this walk-in'} to the next free therapist, or ${action} again then.`,
  );
}

/**
 * Starts a waiting walk-in's treatment, by the same rule as calling: never while their therapist is
 * still with someone. The booking moves to start now (the desk moves it; a therapist's own start keeps
 * the time the desk set, as they do not move bookings).
 */
export async function startWalkIn(db: ClinicDatabase, bookingId: string, ctx: WriteContext): Promise<Booking> {
  const now = Math.floor(ctx.now() / MINUTE) * MINUTE;
  const current = await db.bookings.findOne(bookingId).exec();
  if (!current || current.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-booking', 'That booking is not in this branch.');
  const before = current.toJSON() as Booking;
  await refuseWhileBusy(db, before, now, ctx, 'start');
  if (ctx.role !== 'therapist' && before.startAt !== now) await updateBooking(db, bookingId, { startAt: now }, ctx);
  return changeStatus(db, bookingId, 'in-progress', ctx);
}
