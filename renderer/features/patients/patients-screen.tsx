import { Search, UserPlus } from 'lucide-react';
import { useState } from 'react';
import { registerPatient } from '../../db/patients';
import { useDesk } from '../workspace/desk';
import { PatientForm } from './patient-form';
import { PatientProfile } from './patient-profile';
import { usePatientSearch } from './use-patient-search';
import { patientDetail } from '../../ui/format';

/** Patients: search by name or phone on the left, the chosen record on the right. */
export function PatientsScreen() {
  const desk = useDesk();
  const { db, branch } = desk;
  const [text, setText] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const [registering, setRegistering] = useState(false);

  const { patients: found, searching } = usePatientSearch(text, 30);

  return (
    <div className="patients">
      <section className="card" aria-labelledby="patients-title">
        <h2 id="patients-title">Patients</h2>
        <div className="field">
          <label htmlFor="patient-search">Search by name or phone</label>
          <div className="search-box">
            <Search size={16} aria-hidden="true" />
            <input
              id="patient-search"
              type="search"
              autoComplete="off"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
              }}
            />
          </div>
        </div>
        {desk.session.role !== 'therapist' && (
          <button
            type="button"
            className="secondary small"
            onClick={() => {
              setRegistering(true);
              setChosen(null);
            }}
          >
            <UserPlus size={14} aria-hidden="true" /> Register new patient
          </button>
        )}
        <ul className="results" aria-label="Patients found">
          {found.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                aria-current={chosen === p.id ? 'true' : undefined}
                onClick={() => {
                  setChosen(p.id);
                  setRegistering(false);
                }}
              >
                <strong>{p.name}</strong> <span className="hint">{patientDetail(p)}</span>
                {p.allergies && <span className="tag warn">allergies</span>}
              </button>
            </li>
          ))}
          {text.trim() && found.length === 0 && (
            <li className="hint">{searching ? 'Searching…' : `No patient matches “${text.trim()}”.`}</li>
          )}
          {!text.trim() && <li className="hint">Type a name or a phone number.</li>}
        </ul>
      </section>
      <section className="card grow" aria-label="Patient record">
        {registering ? (
          <>
            <h2>Register a new patient</h2>
            <PatientForm
              idPrefix="register"
              countryCode={branch.phoneCountryCode}
              region={branch.phoneRegion}
              submitLabel="Register patient"
              onSave={async (input, confirm) => {
                const p = await registerPatient(db, input, desk.ctx, confirm);
                setRegistering(false);
                setChosen(p.id);
              }}
              onUseExisting={(p) => {
                setRegistering(false);
                setChosen(p.id);
              }}
              onCancel={() => {
                setRegistering(false);
              }}
            />
          </>
        ) : chosen ? (
          <PatientProfile key={chosen} id={chosen} />
        ) : (
          <p className="hint">Choose a patient to see their record, visits and upcoming bookings.</p>
        )}
      </section>
    </div>
  );
}
