import type { ClinicDatabase } from './database';
import { newId } from '../../shared/ids';
import { applyTransition } from '../../shared/rules/booking-status';
import { clashWindow, findClashes, type ClashKind } from '../../shared/rules/clash';
import { recordPayment } from '../../shared/rules/money';
import { writeRefusal } from '../../shared/rules/permissions';
import { localMinutesOf, minutesToClock } from '../../shared/rules/time-zone';
import {
  bookingSchema,
  type Booking,
  type BookingSource,
  type BookingStatus,
  type Payment,
} from '../../shared/schemas/booking';
import { describeProblems } from '../../shared/validation';
import { WriteRefused, type WriteContext } from './actor';

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

function checkRole(
  ctx: WriteContext,
  before: Booking | undefined,
  after: Booking,
  deleted = false,
  treatmentPrice?: number,
): void {
  const reason = writeRefusal({
    collection: 'bookings',
    role: ctx.role,
    before,
    after,
    deleted,
    actingStaffIds: ctx.staffIds,
    ...(treatmentPrice !== undefined ? { treatmentPrice } : {}),
  });
  if (reason) throw new WriteRefused('forbidden', reason);
}

function validate(doc: Booking): Booking {
  const parsed = bookingSchema.safeParse(doc);
  if (!parsed.success) throw new WriteRefused('invalid', describeProblems(parsed.error));
  return parsed.data;
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
  doc = validate(doc);
  checkRole(ctx, undefined, doc, false, treatment.price);
  doc = await guardClashes(db, doc, ctx, input.overlapReason);
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
  changes: Partial<Pick<Booking, 'startAt' | 'staffId' | 'notes' | 'treatmentNotes'>> & { overlapReason?: string },
  ctx: WriteContext,
): Promise<Booking> {
  const current = await load(db, id, ctx);
  const before = current.toJSON() as Booking;
  const { overlapReason, ...fields } = changes;
  const startAt = fields.startAt ?? before.startAt;
  let next: Booking = validate({
    ...before,
    ...fields,
    startAt,
    endAt: startAt + (before.endAt - before.startAt),
    updatedAt: Math.max(ctx.now(), before.updatedAt),
    updatedBy: ctx.userId,
  });
  checkRole(ctx, before, next);
  if (next.startAt !== before.startAt || next.staffId !== before.staffId)
    next = await guardClashes(db, next, ctx, overlapReason);
  await current.incrementalModify(() => next);
  return next;
}

/** One step of the status machine; completing a booking counts the patient's visit. */
export async function changeStatus(
  db: ClinicDatabase,
  id: string,
  to: BookingStatus,
  ctx: WriteContext,
  reason?: string,
): Promise<Booking> {
  const current = await load(db, id, ctx);
  const before = current.toJSON() as Booking;
  const result = applyTransition(before, to, ctx.now());
  if (!result.ok) throw new WriteRefused('illegal-status', result.reason);
  const next = validate({
    ...result.booking,
    updatedBy: ctx.userId,
    ...(to === 'cancelled' && reason ? { cancelReason: reason } : {}),
  });
  checkRole(ctx, before, next);
  await current.incrementalModify(() => next);
  if (to === 'completed') {
    const patient = await db.patients.findOne(before.patientId).exec();
    if (patient) {
      await patient.incrementalModify((p) => ({
        ...p,
        totalVisits: p.totalVisits + 1,
        lastVisitAt: Math.max(p.lastVisitAt ?? 0, before.endAt),
        updatedAt: Math.max(ctx.now(), p.updatedAt),
        updatedBy: ctx.userId,
      }));
    }
  }
  return next;
}

/** Records a payment once per idempotency key: a retried checkout never charges twice. */
export async function addPayment(
  db: ClinicDatabase,
  id: string,
  payment: Payment,
  ctx: WriteContext,
): Promise<Booking> {
  const current = await load(db, id, ctx);
  const before = current.toJSON() as Booking;
  const next = recordPayment(before, payment);
  if (next === before) return before;
  const out = validate({ ...next, updatedAt: Math.max(ctx.now(), before.updatedAt), updatedBy: ctx.userId });
  checkRole(ctx, before, out);
  await current.incrementalModify(() => out);
  return out;
}

/** Soft delete (replicated as _deleted); only for bookings made by mistake. */
export async function deleteBooking(db: ClinicDatabase, id: string, ctx: WriteContext): Promise<void> {
  const current = await load(db, id, ctx);
  const before = current.toJSON() as Booking;
  checkRole(ctx, before, before, true);
  await current.incrementalModify((d) => ({
    ...d,
    updatedAt: Math.max(ctx.now(), d.updatedAt),
    updatedBy: ctx.userId,
  }));
  await current.getLatest().remove();
}
