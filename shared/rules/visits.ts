import type { Booking } from '../schemas/booking';
import type { Patient } from '../schemas/patient';

export interface VisitSummary {
  count: number;
  lastVisitAt: number | undefined;
}

/**
 * A patient's visits, counted from their completed bookings, so two desks completing visits at once
 * both count (a counter on the patient record would keep only one). The record's own figures are what
 * it was imported with (visits before Clinic Desk): the summary never shows less than those.
 */
export function visitSummary(
  patient: Pick<Patient, 'id' | 'totalVisits' | 'lastVisitAt'>,
  bookings: readonly Pick<Booking, 'patientId' | 'status' | 'endAt'>[],
): VisitSummary {
  let count = 0;
  let last = patient.lastVisitAt ?? 0;
  for (const b of bookings) {
    if (b.patientId !== patient.id || b.status !== 'completed') continue;
    count++;
    last = Math.max(last, b.endAt);
  }
  return { count: Math.max(count, patient.totalVisits), lastVisitAt: last > 0 ? last : undefined };
}
