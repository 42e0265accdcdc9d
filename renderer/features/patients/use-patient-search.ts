import { useEffect, useState } from 'react';
import type { Patient } from '../../../shared/schemas/patient';
import { searchPatients } from '../../db/queries';
import { useDesk } from '../workspace/desk';

/** Patients of the branch matching what is typed (name prefix or phone digits), a moment after typing stops. */
export function usePatientSearch(text: string, limit: number): Patient[] {
  const { db, branch } = useDesk();
  const [found, setFound] = useState<Patient[]>([]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void searchPatients(db, branch.id, text, branch.phoneCountryCode, limit).then((list) => {
        if (live) setFound(list);
      });
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [db, branch.id, branch.phoneCountryCode, text, limit]);
  return found;
}
