import type { ClinicDatabase } from './database';
import { newId } from '../../shared/ids';
import { bookableRefusal, overridableIn, type BookableProblem } from '../../shared/rules/bookable';
import { applyTransition, stepQuestion } from '../../shared/rules/booking-status';
import { clashWindow, findClashes, type ClashKind } from '../../shared/rules/clash';
import { recordPayment } from '../../shared/rules/money';
import { localMinutesOf, minutesToClock } from '../../shared/rules/time-zone';
import {
  bookingSchema,
  type Booking,
  type BookingSource,
  type BookingStatus,
  type Payment,
} from '../../shared/schemas/booking';
import {
  checkedWrite,
  NeedsConfirmation,
  writeFromCurrent,
  WriteRefused,
  type WriteContext,
  type WriteOptions,
} from './actor';
import { takeReceiptNumber } from './receipts';

export interface Clash {
  booking: Booking;
  kind: ClashKind;
}

/** Refused because it clashes; names the clashing bookings so the desk can act. */
export class ClashRefused extends WriteRefused {
  constructor(
    readonly clashes: Clash[],
    timeZone: string,
    needsReason: boolean,
  ) {
    const first = clashes[0];
    const at = first ? minutesToClock(localMinutesOf(first.booking.startAt, timeZone)) : '';
    const who = first ? `${first.booking.patientName}'s booking at ${at}` : 'another booking';
    const what = first?.kind === 'patient' ? 'The patient is already booked' : 'The staff member is already booked';
    super(
      needsReason ? 'clash-needs-reason' : 'clash',
      needsReason
        ? `${what}: it overlaps ${who}. Give a reason to book it anyway.`
        : `${what}: it overlaps ${who}. Choose another time or staff member.`,
    );
  }
}

/** Active bookings that would clash with this one, read from the (tenantId, startAt) index slice. */
export async function localClashes(
  db: ClinicDatabase,
  booking: Pick<Booking, 'id' | 'tenantId' | 'staffId' | 'patientId' | 'startAt' | 'endAt' | 'status'>,
): Promise<Clash[]> {
  const w = clashWindow(booking.startAt, booking.endAt);
  const near = await db.bookings
    .find({
      selector: { tenantId: booking.tenantId, startAt: { $gt: w.startAfter, $lt: w.startBefore } },
      index: ['tenantId', 'startAt'],
    })
    .exec();
  return findClashes(
    booking,
    near.map((d) => d.toJSON() as Booking),
  );
}

/**
 * The booking write guard: schema and role (the shared guard), then the clash policy when the booking
 * is new or moves in time or to another staff member.
 */
async function guardBooking(
  db: ClinicDatabase,
  before: Booking | undefined,
  after: Booking,
  ctx: WriteContext,
  options: WriteOptions & { overlapReason?: string | undefined; overrideReason?: string | undefined } = {},
): Promise<Booking> {
  const { overlapReason, overrideReason, ...rest } = options;
  const next = checkedWrite('bookings', bookingSchema, before, after, ctx, rest);
  const moved = !before || next.startAt !== before.startAt || next.staffId !== before.staffId;
  if (!moved || rest.deleted) return next;
  const allowed = await guardBookable(db, before, next, ctx, overrideReason);
  return guardClashes(db, allowed, ctx, overlapReason);
}

/**
 * A new, moved or reassigned booking must be one that can happen: the person gives the treatment and
 * works then, and a new time is not already past (a reassignment keeps its time, however late).
 */
async function guardBookable(
  db: ClinicDatabase,
  before: Booking | undefined,
  next: Booking,
  ctx: WriteContext,
  overrideReason: string | undefined,
): Promise<Booking> {
  const [staff, treatment] = await Promise.all([
    db.staff.findOne(next.staffId).exec(),
    db.treatments.findOne(next.treatmentId).exec(),
  ]);
  if (!staff || staff.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-staff', 'Choose a staff member of this branch.');
  if (!treatment) throw new WriteRefused('unknown-treatment', 'Choose a treatment from this branch’s catalogue.');
  const refusal = bookableRefusal({
    interval: next,
    staff,
    treatment,
    branch: ctx.branch,
    now: ctx.now(),
    timeChanged: !before || next.startAt !== before.startAt,
  });
  if (!refusal) return next;
  if (!overridableIn(refusal, ctx.branch.overlapPolicy)) throw new WriteRefused(refusal.problem, refusal.sentence);
  const reason = overrideReason?.trim() ?? '';
  if (reason.length < 3) throw new NeedsReason(refusal.problem, refusal.sentence);
  return { ...next, overrideReason: reason };
}

/** Refused unless the desk says why: a past visit entered afterwards, or outside hours under "warn". */
export class NeedsReason extends WriteRefused {
  constructor(
    readonly problem: BookableProblem,
    sentence: string,
  ) {
    super(`${problem}-needs-reason`, sentence);
  }
}

async function guardClashes(
  db: ClinicDatabase,
  doc: Booking,
  ctx: WriteContext,
  overlapReason: string | undefined,
): Promise<Booking> {
  const clashes = await localClashes(db, doc);
  if (clashes.length === 0) return doc;
  if (ctx.branch.overlapPolicy === 'refuse') throw new ClashRefused(clashes, ctx.branch.timeZone, false);
  if (!overlapReason || overlapReason.trim().length < 3) throw new ClashRefused(clashes, ctx.branch.timeZone, true);
  return { ...doc, overlapReason: overlapReason.trim() };
}

export interface NewBooking {
  patientId: string;
  staffId: string;
  treatmentId: string;
  startAt: number;
  source: BookingSource;
  status?: BookingStatus;
  notes?: string;
  ticket?: string;
  overlapReason?: string;
  /** Why it is booked although the rules would refuse it (see NeedsReason). */
  overrideReason?: string;
}

/** Books a treatment: the catalogue sets length and price; a clash is refused (or needs a reason). */
export async function createBooking(db: ClinicDatabase, input: NewBooking, ctx: WriteContext): Promise<Booking> {
  const [patient, treatment] = await Promise.all([
    db.patients.findOne(input.patientId).exec(),
    db.treatments.findOne(input.treatmentId).exec(),
  ]);
  if (!patient || patient.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-patient', 'Choose a patient registered in this branch.');
  if (!treatment || treatment.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-treatment', 'Choose a treatment from this branch’s catalogue.');
  const now = ctx.now();
  const status = input.status ?? 'confirmed';
  let doc: Booking = {
    id: newId(now),
    tenantId: ctx.branch.id,
    createdAt: now,
    updatedAt: now,
    updatedBy: ctx.userId,
    patientId: patient.id,
    patientName: patient.name,
    staffId: input.staffId,
    treatmentId: treatment.id,
    startAt: input.startAt,
    endAt: input.startAt + treatment.durationMin * 60_000,
    status,
    source: input.source,
    price: treatment.price,
    paymentStatus: 'unpaid',
    payments: [],
    ...(input.notes ? { notes: input.notes } : {}),
    ...(input.ticket ? { ticket: input.ticket } : {}),
    ...(status === 'checked-in' ? { checkedInAt: now } : {}),
  };
  doc = await guardBooking(db, undefined, doc, ctx, {
    treatmentPrice: treatment.price,
    overlapReason: input.overlapReason,
    overrideReason: input.overrideReason,
  });
  await db.bookings.insert(doc);
  return doc;
}

async function load(db: ClinicDatabase, id: string, ctx: WriteContext) {
  const current = await db.bookings.findOne(id).exec();
  if (!current || current.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-booking', 'That booking is not in this branch.');
  return current;
}

/** Moves or reassigns a booking, or edits its notes; a move onto a clash is refused like a new one. */
export async function updateBooking(
  db: ClinicDatabase,
  id: string,
  changes: Partial<Pick<Booking, 'startAt' | 'staffId' | 'notes' | 'treatmentNotes'>> & {
    overlapReason?: string;
    overrideReason?: string;
  },
  ctx: WriteContext,
): Promise<Booking> {
  const { overlapReason, overrideReason, ...fields } = changes;
  return writeFromCurrent(await load(db, id, ctx), (before) => {
    const startAt = fields.startAt ?? before.startAt;
    const next: Booking = {
      ...before,
      ...fields,
      startAt,
      endAt: startAt + (before.endAt - before.startAt),
      updatedAt: Math.max(ctx.now(), before.updatedAt),
      updatedBy: ctx.userId,
    };
    return guardBooking(db, before, next, ctx, { overlapReason, overrideReason });
  });
}

/**
 * One step of the status machine, from the status stored now (a step another desk took meanwhile may
 * make this one illegal). A completed visit is counted from the bookings (see visitSummary), so the
 * patient's record is not written and two desks completing visits at once both count.
 */
export async function changeStatus(
  db: ClinicDatabase,
  id: string,
  to: BookingStatus,
  ctx: WriteContext,
  reason?: string,
  confirmed = false,
): Promise<Booking> {
  return writeFromCurrent(await load(db, id, ctx), (before) => {
    const result = applyTransition(before, to, ctx.now());
    if (!result.ok) throw new WriteRefused('illegal-status', result.reason);
    const clock = (at: number) => minutesToClock(localMinutesOf(at, ctx.branch.timeZone));
    const question = confirmed ? null : stepQuestion(before, to, ctx.now(), clock);
    if (question) throw new NeedsConfirmation(question);
    const next = {
      ...result.booking,
      updatedBy: ctx.userId,
      ...(to === 'cancelled' && reason ? { cancelReason: reason } : {}),
    };
    return guardBooking(db, before, next, ctx);
  });
}

/** Records a payment once per idempotency key: a retried checkout never charges twice. */
export async function addPayment(
  db: ClinicDatabase,
  id: string,
  payment: Payment,
  ctx: WriteContext,
): Promise<Booking> {
  const current = await load(db, id, ctx);
  // A new payment takes this terminal's next receipt number; a retried one keeps the one it has.
  const numbered =
    payment.receiptNo === undefined &&
    ctx.terminalPrefix !== undefined &&
    !current.payments.some((p) => p.idempotencyKey === payment.idempotencyKey)
      ? { ...payment, receiptNo: await takeReceiptNumber(db, ctx.branch.id, ctx.terminalPrefix, ctx.downloading) }
      : payment;
  return writeFromCurrent(current, (before) => {
    const next = recordPayment(before, numbered);
    if (next === before) return null;
    return guardBooking(
      db,
      before,
      {
        ...next,
        updatedAt: Math.max(ctx.now(), before.updatedAt),
        updatedBy: ctx.userId,
      },
      ctx,
    );
  });
}

/** Soft delete (replicated as _deleted); only for bookings made by mistake. */
export async function deleteBooking(db: ClinicDatabase, id: string, ctx: WriteContext): Promise<void> {
  await writeFromCurrent(await load(db, id, ctx), async (before) => {
    const stamped = { ...before, updatedAt: Math.max(ctx.now(), before.updatedAt), updatedBy: ctx.userId };
    return { ...(await guardBooking(db, before, stamped, ctx, { deleted: true })), _deleted: true };
  });
}
