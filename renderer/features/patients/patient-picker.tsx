import { VisitCount } from './visit-count';
import { AlertTriangle, Search, UserPlus } from 'lucide-react';
import { useState } from 'react';
import type { Patient } from '../../../shared/schemas/patient';
import { registerPatient } from '../../db/patients';
import { useDesk } from '../workspace/desk';
import { PatientForm } from './patient-form';
import { usePatientSearch } from './use-patient-search';
import { patientDetail } from '../../ui/format';

/** Allergies and notes, where nobody can miss them. */
export function PatientAlerts({ patient }: { patient: Patient }) {
  if (!patient.allergies && !patient.notes) return null;
  return (
    <div className="alerts">
      {patient.allergies && (
        <p className="allergy" role="note">
          <AlertTriangle size={16} aria-hidden="true" /> <strong>Allergies:</strong> {patient.allergies}
        </p>
      )}
      {patient.notes && (
        <p className="note" role="note">
          <strong>Notes:</strong> {patient.notes}
        </p>
      )}
    </div>
  );
}

/** Find a patient by name or phone, or register a new one in place; the chosen one shows their alerts. */
export function PatientPicker({
  value,
  onChange,
  idPrefix,
}: {
  value: Patient | null;
  onChange: (patient: Patient | null) => void;
  idPrefix: string;
}) {
  const desk = useDesk();
  const [text, setText] = useState('');
  const [registering, setRegistering] = useState(false);

  const { patients: found, searching } = usePatientSearch(text, 8);

  if (value) {
    return (
      <div className="picked">
        <div className="row">
          <span>
            <strong>{value.name}</strong> · {patientDetail(value)} · <VisitCount patient={value} />
          </span>
          <span className="spacer" />
          <button
            type="button"
            className="secondary small"
            onClick={() => {
              onChange(null);
            }}
          >
            Change patient
          </button>
        </div>
        <PatientAlerts patient={value} />
      </div>
    );
  }

  if (registering) {
    return (
      <div className="picked">
        <h3>Register a new patient</h3>
        <PatientForm
          idPrefix={`${idPrefix}-new`}
          countryCode={desk.branch.phoneCountryCode}
          region={desk.branch.phoneRegion}
          initial={/^[\d\s+()-]+$/.test(text) ? { phone: text.replace(/\D/g, '') } : { name: text }}
          submitLabel="Register patient"
          onSave={async (input, confirm) => {
            onChange(await registerPatient(desk.db, input, desk.ctx, confirm));
            setRegistering(false);
          }}
          onUseExisting={(p) => {
            onChange(p);
            setRegistering(false);
          }}
          onCancel={() => {
            setRegistering(false);
          }}
        />
      </div>
    );
  }

  return (
    <div className="picker">
      <div className="field">
        <label htmlFor={`${idPrefix}-search`}>Patient</label>
        <div className="search-box">
          <Search size={16} aria-hidden="true" />
          <input
            id={`${idPrefix}-search`}
            type="search"
            placeholder="Name or phone"
            autoComplete="off"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
            }}
          />
        </div>
      </div>
      {text.trim() && (
        <ul className="results" aria-label="Matching patients">
          {found.map((p) => (
            <li key={p.id}>
              <button
                type="button"
                onClick={() => {
                  onChange(p);
                }}
              >
                <strong>{p.name}</strong> <span className="hint">{patientDetail(p)}</span>
                {p.allergies && <span className="tag warn">allergies</span>}
              </button>
            </li>
          ))}
          {found.length === 0 && (
            <li className="hint">{searching ? 'Searching…' : `No patient matches “${text.trim()}”.`}</li>
          )}
        </ul>
      )}
      <button
        type="button"
        className="secondary small"
        onClick={() => {
          setRegistering(true);
        }}
      >
        <UserPlus size={14} aria-hidden="true" /> Register new patient
      </button>
    </div>
  );
}
