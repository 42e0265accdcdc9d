import type { Patient } from '../../../shared/schemas/patient';
import type { VisitSummary } from '../../../shared/rules/visits';
import { visits$ } from '../../db/queries';
import { useObservable } from '../../ui/use-observable';
import { useDesk } from '../workspace/desk';

/** A patient's visits, counted live from their completed bookings. */
export function usePatientVisits(patient: Patient): VisitSummary {
  const { db } = useDesk();
  return useObservable(() => visits$(db, patient), [db, patient], {
    count: patient.totalVisits,
    lastVisitAt: patient.lastVisitAt,
  });
}

export function VisitCount({ patient }: { patient: Patient }) {
  const { count } = usePatientVisits(patient);
  return (
    <>
      {count} visit{count === 1 ? '' : 's'}
    </>
  );
}
