import { bookingSchema, type Booking } from '../../shared/schemas/booking';
import { conflictSchema, type Conflict } from '../../shared/schemas/conflict';
import { patientSchema, type Patient } from '../../shared/schemas/patient';
import { checkedWrite, writeFromCurrent, WriteRefused, type WriteContext } from './actor';
import type { ClinicDatabase } from './database';

/**
 * What the desk does with an item in "Needs attention": accept a clash with a reason (both bookings
 * stay; the reason is stored on each), or mark a kept losing version as reviewed. Cancelling or moving
 * one of two clashing bookings goes through the normal booking writes.
 */
export async function acceptClash(
  db: ClinicDatabase,
  bookingIds: string[],
  reason: string,
  ctx: WriteContext,
): Promise<void> {
  const text = keptReason(reason, 'Say why both bookings stay, in at least 3 characters.');
  for (const id of bookingIds) {
    const current = await db.bookings.findOne(id).exec();
    if (!current || current.tenantId !== ctx.branch.id)
      throw new WriteRefused('unknown-booking', 'That booking is not in this branch.');
    await writeFromCurrent(current, (before: Booking) =>
      checkedWrite('bookings', bookingSchema, before, stamped({ ...before, overlapReason: text }, ctx), ctx),
    );
  }
}

/**
 * Patients who share a phone on purpose (a family, a carer's number): each keeps the reason, and the
 * shared phone leaves Needs attention once every one of them has it.
 */
export async function acceptSharedPhone(
  db: ClinicDatabase,
  patientIds: string[],
  reason: string,
  ctx: WriteContext,
): Promise<void> {
  const text = keptReason(reason, 'Say why they share the phone (a family, say), in at least 3 characters.');
  for (const id of patientIds) {
    const current = await db.patients.findOne(id).exec();
    if (!current || current.tenantId !== ctx.branch.id)
      throw new WriteRefused('unknown-patient', 'That patient is not in this branch.');
    await writeFromCurrent(current, (before: Patient) =>
      checkedWrite('patients', patientSchema, before, stamped({ ...before, sharedPhoneReason: text }, ctx), ctx),
    );
  }
}

/** The reason typed to keep records as they are, trimmed; refused with `ask` when too short to mean anything. */
function keptReason(reason: string, ask: string): string {
  const text = reason.trim();
  if (text.length < 3) throw new WriteRefused('invalid', ask);
  return text;
}

/** A new version made by the person at the desk, now (never before the version it replaces). */
function stamped<T extends { updatedAt: number }>(doc: T, ctx: WriteContext): T {
  return { ...doc, updatedAt: Math.max(ctx.now(), doc.updatedAt), updatedBy: ctx.userId };
}

export async function resolveConflict(
  db: ClinicDatabase,
  conflictId: string,
  resolution: string,
  ctx: WriteContext,
): Promise<void> {
  const current = await db.conflicts.findOne(conflictId).exec();
  if (!current || current.tenantId !== ctx.branch.id)
    throw new WriteRefused('unknown-conflict', 'That item is not in this branch’s list.');
  await writeFromCurrent(current, (before: Conflict) => {
    const now = Math.max(ctx.now(), before.updatedAt);
    return checkedWrite(
      'conflicts',
      conflictSchema,
      before,
      {
        ...before,
        status: 'resolved',
        resolvedAt: now,
        resolution: resolution.trim() || 'Reviewed',
        updatedAt: now,
        updatedBy: ctx.userId,
      },
      ctx,
    );
  });
}
