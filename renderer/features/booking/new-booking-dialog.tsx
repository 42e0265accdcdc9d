import { useEffect, useMemo, useState, type SyntheticEvent } from 'react';
import { freeSlots, qualifiedStaff } from '../../../shared/rules/availability';
import { clockToMinutes, localDateOf, zonedToUtc } from '../../../shared/rules/time-zone';
import type { BookingSource } from '../../../shared/schemas/booking';
import type { Patient } from '../../../shared/schemas/patient';
import { ClashRefused, createBooking, NeedsReason } from '../../db/bookings';
import { dayBookings$ } from '../../db/queries';
import { clockAt, dateLabel, errorText, money } from '../../ui/format';
import { Modal } from '../../ui/modal';
import { useObservable } from '../../ui/use-observable';
import { PatientPicker } from '../patients/patient-picker';
import { useDesk, useWorkspace, type OpenDialog } from '../workspace/desk';
import { ClashDetails } from './clash-details';
import { OverrideReason } from './override-reason';

type Request = Extract<OpenDialog, { kind: 'new-booking' }>;

/**
 * New booking: the patient (found or registered here), the treatment, then a free slot with a
 * qualified staff member — or any time typed in, which is checked for clashes before it is saved.
 */
export function NewBookingDialog({ request }: { request: Request }) {
  const desk = useDesk();
  const { zone, branch, staff, treatments } = desk;
  const close = useWorkspace((s) => s.close);
  const open = useWorkspace((s) => s.open);
  const [patient, setPatient] = useState<Patient | null>(null);
  const [treatmentId, setTreatmentId] = useState('');
  const [date, setDate] = useState(request.date ?? localDateOf(request.startAt ?? Date.now(), zone));
  const [chosenStaffId, setStaffId] = useState(request.staffId ?? '');
  const [time, setTime] = useState(request.startAt ? clockAt(request.startAt, zone) : '');
  const [source, setSource] = useState<BookingSource>('phone');
  const [notes, setNotes] = useState('');
  const [clash, setClash] = useState<ClashRefused | null>(null);
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState<NeedsReason | null>(null);
  const [overrideText, setOverrideText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!request.patientId) return;
    void desk.db.patients
      .findOne(request.patientId)
      .exec()
      .then((doc) => {
        if (doc) setPatient(doc.toJSON() as Patient);
      });
  }, [desk.db, request.patientId]);

  // A reason given for one time, person or treatment is no reason for another: ask again.
  useEffect(() => {
    setOverride(null);
    setOverrideText('');
  }, [date, time, chosenStaffId, treatmentId]);

  const treatment = treatments.find((t) => t.id === treatmentId);
  const qualified = treatment ? qualifiedStaff(treatment, staff) : staff.filter((s) => s.isActive);
  // Someone chosen before the treatment changed, who does not give it, is no choice: "Anyone qualified".
  const staffId = qualified.some((s) => s.id === chosenStaffId) ? chosenStaffId : '';
  const bookings = useObservable(
    () => dayBookings$(desk.db, branch.id, date, zone),
    [desk.db, branch.id, date, zone],
    [],
  );
  const slots = useMemo(() => {
    if (!treatment) return [];
    const all = freeSlots({
      date,
      timeZone: zone,
      treatment,
      staff,
      bookings,
      notBefore: Date.now(),
      ...(patient ? { patientId: patient.id } : {}),
    });
    return staffId ? all.filter((s) => s.staffId === staffId) : all;
  }, [treatment, date, zone, staff, bookings, patient, staffId]);
  // One button per start time: the first qualified person free then, unless someone was chosen.
  const byTime = useMemo(() => {
    const seen = new Map<number, string>();
    for (const s of slots) if (!seen.has(s.startAt)) seen.set(s.startAt, s.staffId);
    return [...seen.entries()].slice(0, 48);
  }, [slots]);

  const categories = [...new Set(treatments.filter((t) => t.isActive).map((t) => t.category))];
  const startAt = /^\d{2}:\d{2}$/.test(time) ? zonedToUtc(date, clockToMinutes(time), zone) : null;

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!patient) {
      setProblem('Choose or register the patient first.');
      return;
    }
    if (!treatment) {
      setProblem('Choose a treatment.');
      return;
    }
    if (!staffId) {
      setProblem('Choose a staff member, or pick a free time below.');
      return;
    }
    if (startAt === null) {
      setProblem('Choose a start time, or pick a free time below.');
      return;
    }
    setBusy(true);
    createBooking(
      desk.db,
      {
        patientId: patient.id,
        treatmentId: treatment.id,
        staffId,
        startAt,
        source,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
        ...(clash ? { overlapReason: reason } : {}),
        ...(override ? { overrideReason: overrideText } : {}),
      },
      desk.ctx,
    )
      .then((booking) => {
        useWorkspace.getState().show(booking.id, localDateOf(booking.startAt, zone));
        open({ kind: 'booking', id: booking.id });
      })
      .catch((e: unknown) => {
        if (e instanceof NeedsReason) {
          if (override?.problem === e.problem) setProblem('Give the reason in a few words (at least 3 characters).');
          setOverride(e);
        } else if (e instanceof ClashRefused) setClash(e);
        else {
          setOverride(null);
          setProblem(errorText(e));
        }
      })
      .finally(() => {
        setBusy(false);
      });
  };

  return (
    <Modal title="New booking" onClose={close} wide>
      {/* Not a <form>: the patient registration form sits inside, and forms cannot nest. */}
      <div className="booking-form">
        <PatientPicker value={patient} onChange={setPatient} idPrefix="nb-patient" />
        <div className="three wide-first">
          <div className="field">
            <label htmlFor="nb-treatment">Treatment</label>
            <select
              id="nb-treatment"
              value={treatmentId}
              onChange={(e) => {
                setTreatmentId(e.target.value);
                setClash(null);
              }}
            >
              <option value="">Choose a treatment…</option>
              {categories.map((c) => (
                <optgroup key={c} label={c}>
                  {treatments
                    .filter((t) => t.category === c && t.isActive)
                    .map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name} · {t.durationMin} min · {money(t.price, branch)}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="nb-date">Date</label>
            <input
              id="nb-date"
              type="date"
              value={date}
              onChange={(e) => {
                if (e.target.value) setDate(e.target.value);
                setClash(null);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="nb-staff">Staff</label>
            <select
              id="nb-staff"
              value={staffId}
              onChange={(e) => {
                setStaffId(e.target.value);
                setClash(null);
              }}
            >
              <option value="">Anyone qualified</option>
              {qualified.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name} ({s.role})
                </option>
              ))}
            </select>
          </div>
        </div>
        {treatment && (
          <fieldset className="slots">
            <legend>
              Free times on {dateLabel(date)}
              {staffId ? ` for ${desk.staffName(staffId)}` : ''}
            </legend>
            {byTime.length === 0 ? (
              <p className="hint">No free time left that day. Try another day or staff member.</p>
            ) : (
              <div className="slot-list">
                {byTime.map(([at, who]) => (
                  <button
                    key={at}
                    type="button"
                    className={`slot ${startAt === at && staffId === who ? 'chosen' : ''}`}
                    aria-pressed={startAt === at && staffId === who}
                    aria-label={`${clockAt(at, zone)} with ${desk.staffName(who)}`}
                    onClick={() => {
                      setTime(clockAt(at, zone));
                      setStaffId(who);
                      setClash(null);
                    }}
                  >
                    {clockAt(at, zone)}
                    {!staffId && <small>{desk.staffName(who)}</small>}
                  </button>
                ))}
              </div>
            )}
          </fieldset>
        )}
        <div className="three">
          <div className="field">
            <label htmlFor="nb-time">Start time</label>
            <input
              id="nb-time"
              type="time"
              step={300}
              value={time}
              onChange={(e) => {
                setTime(e.target.value);
                setClash(null);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="nb-source">Booked by</label>
            <select
              id="nb-source"
              value={source}
              onChange={(e) => {
                setSource(e.target.value as BookingSource);
              }}
            >
              <option value="phone">Phone</option>
              <option value="front-desk">At the desk</option>
              <option value="online">Online</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="nb-notes">Booking notes</label>
            <input
              id="nb-notes"
              value={notes}
              maxLength={4000}
              onChange={(e) => {
                setNotes(e.target.value);
              }}
            />
          </div>
        </div>
        {problem && (
          <div className="error" role="alert">
            {problem}
          </div>
        )}
        {override && (
          <OverrideReason refusal={override} reason={overrideText} onReason={setOverrideText} idPrefix="nb" />
        )}
        {clash && <ClashDetails refusal={clash} reason={reason} onReason={setReason} idPrefix="nb" />}
        <div className="row summary">
          <span>
            {treatment && startAt !== null && staffId
              ? `${treatment.name} on ${dateLabel(date)} at ${time} with ${desk.staffName(staffId)}, ${money(treatment.price, branch)}`
              : 'Choose patient, treatment and time.'}
          </span>
          <span className="spacer" />
          <button className="secondary" type="button" onClick={close}>
            Cancel
          </button>
          <button className="primary" type="button" onClick={submit} disabled={busy}>
            {clash?.code === 'clash-needs-reason' || override ? 'Book anyway' : 'Confirm booking'}
          </button>
        </div>
      </div>
    </Modal>
  );
}
