import type { CollectionName } from '../collections';
import type { Role } from '../schemas/organisation';
import { bookingIntegrityRefusal } from './booking-integrity';

/**
 * Who may write what. Pure, so the sync server enforces it on every pushed document and the terminal
 * can hide what the signed-in user may not do.
 * - owner and admin manage everything in their branches (users, staff, treatments, branch settings);
 *   only an owner grants or changes an owner role, or edits the organisation;
 * - front desk books and registers: patients and bookings, but no prices, catalogue, staff or users;
 * - a therapist moves their own bookings along (in progress, completed) and writes treatment notes.
 */
export interface WriteAttempt {
  collection: CollectionName;
  role: Role;
  /** The stored version, or undefined for a new document. */
  before: Record<string, unknown> | undefined;
  after: Record<string, unknown>;
  deleted: boolean;
  /** Staff records linked to the acting user (a therapist's own bookings are the ones for them). */
  actingStaffIds: readonly string[];
  /**
   * The catalogue price of the booking's treatment in the booking's branch, when the writer knows it:
   * undefined for an unknown treatment or one of another branch.
   */
  treatmentPrice?: number;
}

// The proof of who made a version changes with every version, whoever makes it.
const THERAPIST_FIELDS = new Set(['status', 'treatmentNotes', 'updatedAt', 'updatedBy', 'checkedInAt', 'proof']);
const THERAPIST_STATUSES = new Set(['in-progress', 'completed']);

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

const ADMIN_THINGS = {
  users: 'user accounts',
  tenants: 'branch settings',
  staff: 'staff',
  treatments: 'treatments',
} as const;

/** Null when allowed, otherwise the reason it is refused. */
export function writeRefusal(a: WriteAttempt): string | null {
  const { role, collection } = a;
  if (collection === 'bookings') {
    const broken = bookingIntegrityRefusal(a.before, a.after);
    if (broken) return broken;
  }
  if (role === 'owner') return null;
  switch (collection) {
    case 'organisations':
      return 'Only an owner can change the organisation.';
    case 'memberships':
      if (role !== 'admin') return 'Only an owner or admin can manage who works in a branch.';
      if (a.after.role === 'owner' || a.before?.role === 'owner')
        return 'Only an owner can grant or change an owner role.';
      return null;
    case 'users':
    case 'tenants':
    case 'staff':
    case 'treatments':
      return role === 'admin' ? null : `Only an owner or admin can change ${ADMIN_THINGS[collection]}.`;
    case 'patients':
      return role === 'therapist' ? 'A therapist cannot change patient records.' : null;
    case 'bookings':
      return bookingRefusal(a);
    case 'conflicts':
      // Any terminal records what lost a merge; resolving is desk work.
      return role === 'therapist' && a.before ? 'A therapist cannot resolve conflicts.' : null;
  }
}

/** Refunds in the new version that the stored one does not have. */
function addsRefund(a: WriteAttempt): boolean {
  const keys = (doc: Record<string, unknown> | undefined) =>
    new Set(
      (Array.isArray(doc?.payments) ? (doc.payments as { idempotencyKey: string; refundReason?: string }[]) : [])
        .filter((p) => p.refundReason !== undefined)
        .map((p) => p.idempotencyKey),
    );
  const before = keys(a.before);
  return [...keys(a.after)].some((k) => !before.has(k));
}

function bookingRefusal(a: WriteAttempt): string | null {
  if (a.role === 'admin') return null;
  if (addsRefund(a)) return 'Only an owner or admin can refund a payment.';
  if (a.role === 'frontdesk') {
    // A new booking, or one whose treatment changes, takes the catalogue price of that treatment.
    if (!a.before || a.before.treatmentId !== a.after.treatmentId) {
      if (a.treatmentPrice === undefined)
        return 'The front desk can only book a treatment from this branch’s catalogue.';
      if (a.after.price !== a.treatmentPrice) return 'The front desk must book at the catalogue price.';
      return null;
    }
    if (a.before.price !== a.after.price) return 'The front desk cannot change the price of a booking.';
    return null;
  }
  if (!a.before) return 'A therapist cannot create bookings.';
  if (a.deleted) return 'A therapist cannot delete bookings.';
  if (!a.actingStaffIds.includes(String(a.before.staffId))) return 'A therapist can only update their own bookings.';
  const changed = changedFields(a.before, a.after);
  const other = changed.filter((f) => !THERAPIST_FIELDS.has(f));
  if (other.length > 0) return `A therapist can only record progress and notes, not ${other.join(', ')}.`;
  if (changed.includes('status') && !THERAPIST_STATUSES.has(String(a.after.status))) {
    return 'A therapist can only start or complete a treatment.';
  }
  return null;
}
