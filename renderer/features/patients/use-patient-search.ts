import { useEffect, useState } from 'react';
import type { Patient } from '../../../shared/schemas/patient';
import { searchPatients } from '../../db/queries';
import { useDesk } from '../workspace/desk';

/**
 * Patients of the branch matching what is typed (any word of the name, or phone digits), a moment after
 * typing stops. Each answer is kept with the text it answers, and only an answer to the text in the box
 * now is ever shown: a click just after typing can never open someone from an earlier search.
 */
export function usePatientSearch(text: string, limit: number): { patients: Patient[]; searching: boolean } {
  const { db, branch } = useDesk();
  const [answer, setAnswer] = useState<{ text: string; patients: Patient[] }>({ text: '', patients: [] });
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      void searchPatients(db, branch.id, text, branch.phoneCountryCode, limit).then((patients) => {
        if (live) setAnswer({ text, patients });
      });
    }, 120);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [db, branch.id, branch.phoneCountryCode, text, limit]);
  return answer.text === text ? { patients: answer.patients, searching: false } : { patients: [], searching: true };
}
