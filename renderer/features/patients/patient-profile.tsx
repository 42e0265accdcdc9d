import { visitSummary } from '../../../shared/rules/visits';
import { CalendarPlus, Pencil } from 'lucide-react';
import { useState } from 'react';
import { localDateOf } from '../../../shared/rules/time-zone';
import type { Booking } from '../../../shared/schemas/booking';
import type { Patient } from '../../../shared/schemas/patient';
import { updatePatient } from '../../db/patients';
import { doc$, patientBookings$ } from '../../db/queries';
import { bornLabel, clockAt, dateLabel, money, STATUS_LABEL } from '../../ui/format';
import { useObservable } from '../../ui/use-observable';
import { useDesk, useWorkspace } from '../workspace/desk';
import { PatientForm } from './patient-form';
import { PatientAlerts } from './patient-picker';

/** A patient's record: contact, alerts, upcoming bookings and visit history; edit with validation. */
export function PatientProfile({ id }: { id: string }) {
  const desk = useDesk();
  const { db, branch, zone } = desk;
  const open = useWorkspace((s) => s.open);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const patient = useObservable(
    () => doc$<Patient>(db.patients, id),
    [db, id],
    undefined as Patient | null | undefined,
  );
  const bookings = useObservable(() => patientBookings$(db, branch.id, id), [db, branch.id, id], [] as Booking[]);
  if (patient === undefined) return null;
  if (patient === null) return <p className="hint">This patient record no longer exists.</p>;
  const now = Date.now();
  const upcoming = bookings
    .filter((b) => b.endAt >= now && !['completed', 'cancelled', 'no-show'].includes(b.status))
    .reverse();
  const history = bookings.filter((b) => !upcoming.includes(b));
  const canEdit = desk.session.role !== 'therapist';
  const visits = visitSummary(patient, bookings);

  const row = (b: Booking) => (
    <tr key={b.id}>
      <td>
        <button
          type="button"
          className="link"
          onClick={() => {
            open({ kind: 'booking', id: b.id });
          }}
        >
          {dateLabel(localDateOf(b.startAt, zone))} {clockAt(b.startAt, zone)}
        </button>
      </td>
      <td>{desk.treatmentName(b.treatmentId)}</td>
      <td>{desk.staffName(b.staffId)}</td>
      <td>
        <span className={`status status-${b.status}`}>{STATUS_LABEL[b.status]}</span>
      </td>
      <td>{money(b.price, branch)}</td>
    </tr>
  );

  return (
    <div className="profile">
      <div className="row">
        <div>
          <h2>{patient.name}</h2>
          <p className="hint">
            +{patient.phone}
            {patient.email ? ` · ${patient.email}` : ''} · {visits.count} visit
            {visits.count === 1 ? '' : 's'}
            {visits.lastVisitAt ? ` · last ${dateLabel(localDateOf(visits.lastVisitAt, zone))}` : ''}
          </p>
          {(patient.dateOfBirth ?? patient.address) && (
            <p className="hint">
              {patient.dateOfBirth ? `Born ${bornLabel(patient.dateOfBirth)}` : ''}
              {patient.dateOfBirth && patient.address ? ' · ' : ''}
              {patient.address ?? ''}
            </p>
          )}
        </div>
        <span className="spacer" />
        {canEdit && !editing && (
          <>
            <button
              type="button"
              className="secondary small"
              onClick={() => {
                setEditing(true);
                setSaved(false);
              }}
            >
              <Pencil size={14} aria-hidden="true" /> Edit details
            </button>
            <button
              type="button"
              className="primary small"
              onClick={() => {
                open({ kind: 'new-booking', patientId: patient.id });
              }}
            >
              <CalendarPlus size={14} aria-hidden="true" /> Book
            </button>
          </>
        )}
      </div>
      {saved && (
        <div className="notice" role="status">
          Saved.
        </div>
      )}
      {editing ? (
        <PatientForm
          key={patient.updatedAt}
          idPrefix="edit-patient"
          countryCode={branch.phoneCountryCode}
          region={branch.phoneRegion}
          initial={patient}
          submitLabel="Save changes"
          onSave={async (input, confirm) => {
            await updatePatient(db, patient.id, input, desk.ctx, confirm, patient);
            setEditing(false);
            setSaved(true);
          }}
          onCancel={() => {
            setEditing(false);
          }}
        />
      ) : (
        <PatientAlerts patient={patient} />
      )}
      <h3>Upcoming</h3>
      {upcoming.length === 0 ? (
        <p className="hint">No upcoming bookings.</p>
      ) : (
        <table aria-label="Upcoming bookings">
          <tbody>{upcoming.map(row)}</tbody>
        </table>
      )}
      <h3>Visit history</h3>
      {history.length === 0 ? (
        <p className="hint">No visits yet.</p>
      ) : (
        <table aria-label="Visit history">
          <tbody>{history.slice(0, 50).map(row)}</tbody>
        </table>
      )}
    </div>
  );
}
