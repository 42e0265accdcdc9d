import type { RxQuery } from 'rxdb';
import { combineLatest, map, type Observable } from 'rxjs';
import { phoneSearchDigits } from '../../shared/rules/phone';
import { patientSearchKey, queryWords, rankByName } from '../../shared/rules/patient-search';
import { dayRange } from '../../shared/rules/time-zone';
import { visitSummary, type VisitSummary } from '../../shared/rules/visits';
import { queueOrder } from '../../shared/rules/walk-in';
import type { Booking } from '../../shared/schemas/booking';
import type { Conflict } from '../../shared/schemas/conflict';
import type { Patient } from '../../shared/schemas/patient';
import { MAX_TREATMENT_MINUTES } from '../../shared/schemas/treatment';
import type { ClinicDatabase } from './database';
import { escapeRegExp } from '../../shared/rules/text';

/**
 * The reactive queries the screens use. Each reads an index slice starting with tenantId; results
 * are plain documents, re-emitted whenever the local database changes (local edits or replication).
 */
function plain<T>(query: RxQuery): Observable<T[]> {
  return (query.$ as Observable<{ toJSON(): unknown }[]>).pipe(map((docs) => docs.map((d) => d.toJSON() as T)));
}

/** Bookings touching a local day: the index slice startAt ∈ (day start − 480 min, day end), then endAt. */
function bookingsTouchingDay(
  db: ClinicDatabase,
  selector: { tenantId: string; staffId?: string },
  date: string,
  timeZone: string,
): Observable<Booking[]> {
  const day = dayRange(date, timeZone);
  const query = db.bookings.find({
    selector: { ...selector, startAt: { $gt: day.startAt - MAX_TREATMENT_MINUTES * 60_000, $lt: day.endAt } },
    sort: [{ startAt: 'asc' }],
    index: selector.staffId === undefined ? ['tenantId', 'startAt'] : ['tenantId', 'staffId', 'startAt'],
  });
  return plain<Booking>(query).pipe(map((list) => list.filter((b) => b.endAt > day.startAt)));
}

/** A branch's bookings touching a local day (a booking across midnight shows on both days). */
export function dayBookings$(
  db: ClinicDatabase,
  tenantId: string,
  date: string,
  timeZone: string,
): Observable<Booking[]> {
  return bookingsTouchingDay(db, { tenantId }, date, timeZone);
}

/** One staff member's day, for the therapist's own schedule. */
export function staffDay$(
  db: ClinicDatabase,
  tenantId: string,
  staffId: string,
  date: string,
  timeZone: string,
): Observable<Booking[]> {
  return bookingsTouchingDay(db, { tenantId, staffId }, date, timeZone);
}

/** Walk-ins waiting today, first come first served. */
export function walkInQueue$(
  db: ClinicDatabase,
  tenantId: string,
  date: string,
  timeZone: string,
): Observable<Booking[]> {
  const day = dayRange(date, timeZone);
  const query = db.bookings.find({
    selector: {
      tenantId,
      status: 'checked-in',
      startAt: { $gte: day.startAt - MAX_TREATMENT_MINUTES * 60_000, $lt: day.endAt },
    },
    index: ['tenantId', 'status', 'startAt'],
  });
  return plain<Booking>(query).pipe(
    map((list) =>
      queueOrder(
        list.filter((b) => b.source === 'walk-in').map((b) => ({ ...b, checkedInAt: b.checkedInAt ?? b.createdAt })),
      ),
    ),
  );
}

/** Patients by name prefix, or by phone digits when the text is mostly digits. */
export async function searchPatients(
  db: ClinicDatabase,
  tenantId: string,
  text: string,
  countryCode: string,
  limit = 20,
): Promise<Patient[]> {
  const trimmed = text.trim();
  if (!trimmed) return [];
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length >= 3 && digits.length >= trimmed.replace(/\s/g, '').length - 1) {
    const wanted = phoneSearchDigits(trimmed, countryCode);
    if (wanted.startsWith(countryCode)) {
      const byPrefix = await db.patients
        .find({
          selector: { tenantId, phone: { $gte: wanted, $lt: `${wanted}\uffff` } },
          index: ['tenantId', 'phone'],
          limit,
        })
        .exec();
      if (byPrefix.length > 0) return byPrefix.map((d) => d.toJSON() as Patient);
    }
    const anywhere = await db.patients.find({ selector: { tenantId, phone: { $regex: digits } }, limit }).exec();
    return anywhere.map((d) => d.toJSON() as Patient);
  }
  const key = patientSearchKey(trimmed);
  const found = (
    await db.patients
      .find({
        selector: { tenantId, searchName: { $gte: key, $lt: `${key}\uffff` } },
        sort: [{ searchName: 'asc' }],
        index: ['tenantId', 'searchName'],
        limit,
      })
      .exec()
  ).map((d) => d.toJSON() as Patient);
  if (found.length >= limit) return rankByName(found, trimmed);
  // Fewer names start with it: look for names with a word that starts with the query's first word (a
  // surname), then keep those where every word of the query starts a word of the name.
  const [first = key] = queryWords(trimmed);
  const byWord = await db.patients
    .find({ selector: { tenantId, searchName: { $regex: `(^| )${escapeRegExp(first)}` } }, limit: limit * 10 })
    .exec();
  const seen = new Set(found.map((p) => p.id));
  const more = byWord.map((d) => d.toJSON() as Patient).filter((p) => !seen.has(p.id));
  return rankByName([...found, ...more], trimmed).slice(0, limit);
}

export interface Inbox {
  bookingClashes: Booking[];
  phoneClashes: Patient[];
  conflicts: Conflict[];
  count: number;
}

/** One record per group of records marked as clashing with each other: the one with the smallest id. */
export function groupLeads<T extends { id: string; clashWith?: string[] | undefined }>(list: readonly T[]): T[] {
  return list.filter((x) => (x.clashWith ?? []).every((id) => x.id < id || !list.some((y) => y.id === id)));
}

/** The branch's "Needs attention" list: clashes the server marked and versions that lost a merge. */
export function inbox$(db: ClinicDatabase, tenantId: string): Observable<Inbox> {
  const bookings = db.bookings.find({ selector: { tenantId, clashWith: { $exists: true } } });
  const patients = db.patients.find({ selector: { tenantId, clashWith: { $exists: true } } });
  const conflicts = db.conflicts.find({
    selector: { tenantId, status: 'open' },
    sort: [{ createdAt: 'desc' }],
    index: ['tenantId', 'status', 'createdAt'],
  });
  return combineLatest([plain<Booking>(bookings), plain<Patient>(patients), plain<Conflict>(conflicts)]).pipe(
    map(([allBookings, allPatients, open]) => {
      const b = allBookings.filter((x) => (x.clashWith?.length ?? 0) > 0);
      const p = allPatients.filter((x) => (x.clashWith?.length ?? 0) > 0);
      // A clash accepted with a reason on every side is settled: it stays marked but leaves the inbox.
      const reasoned = new Set(b.filter((x) => x.overlapReason).map((x) => x.id));
      const unsettled = b.filter((x) => !(reasoned.has(x.id) && (x.clashWith ?? []).every((id) => reasoned.has(id))));
      // Likewise a phone every one of whose patients says why it is shared (a family).
      const explained = new Set(p.filter((x) => x.sharedPhoneReason).map((x) => x.id));
      const phones = p.filter((x) => !(explained.has(x.id) && (x.clashWith ?? []).every((id) => explained.has(id))));
      return {
        bookingClashes: unsettled,
        phoneClashes: phones,
        conflicts: open,
        // Items, not records: a double booking is one item however many bookings it holds.
        count: groupLeads(unsettled).length + groupLeads(phones).length + open.length,
      };
    }),
  );
}

/** Every booking of one patient, newest first: the profile splits it into upcoming and history. */
export function patientBookings$(db: ClinicDatabase, tenantId: string, patientId: string): Observable<Booking[]> {
  const query = db.bookings.find({
    selector: { tenantId, patientId },
    sort: [{ startAt: 'desc' }],
    index: ['tenantId', 'patientId', 'startAt'],
  });
  return plain<Booking>(query);
}

/** A patient's visit count and last visit, from their completed bookings (see visitSummary). */
export function visits$(db: ClinicDatabase, patient: Patient): Observable<VisitSummary> {
  const query = db.bookings.find({
    selector: { tenantId: patient.tenantId, patientId: patient.id, status: 'completed' },
    index: ['tenantId', 'patientId', 'startAt'],
  });
  return plain<Booking>(query).pipe(map((bookings) => visitSummary(patient, bookings)));
}

/** One document as plain data, re-emitted on every change (local or synced); null once it is gone. */
export function doc$<T>(
  collection: { findOne(id: string): { $: Observable<{ toJSON(): unknown } | null> } },
  id: string,
): Observable<T | null> {
  return collection.findOne(id).$.pipe(map((d) => (d ? (d.toJSON() as T) : null)));
}
