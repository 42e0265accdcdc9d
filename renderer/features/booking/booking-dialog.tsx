import { AlertTriangle, CreditCard, UserRound } from 'lucide-react';
import { useState, type SyntheticEvent } from 'react';
import { nextStatuses } from '../../../shared/rules/booking-status';
import { paidTotal } from '../../../shared/rules/money';
import { clockToMinutes, localDateOf, zonedToUtc } from '../../../shared/rules/time-zone';
import type { Booking, BookingStatus } from '../../../shared/schemas/booking';
import type { Patient } from '../../../shared/schemas/patient';
import { NeedsConfirmation } from '../../db/actor';
import { changeStatus, ClashRefused, updateBooking } from '../../db/bookings';
import { ConfirmQuestion } from '../../ui/confirm-question';
import { doc$ } from '../../db/queries';
import {
  clockAt,
  dateLabel,
  errorText,
  money,
  PAYMENT_LABEL,
  SOURCE_LABEL,
  STATUS_ACTION,
  STATUS_LABEL,
} from '../../ui/format';
import { Modal } from '../../ui/modal';
import { useObservable } from '../../ui/use-observable';
import { PatientAlerts } from '../patients/patient-picker';
import { useDesk, useWorkspace } from '../workspace/desk';
import { ClashDetails } from './clash-details';

/** One booking: who, what, when, its alerts, every next status step, move or reassign, and checkout. */
export function BookingDialog({ id }: { id: string }) {
  const desk = useDesk();
  const { db, zone, branch } = desk;
  const close = useWorkspace((s) => s.close);
  const booking = useObservable(
    () => doc$<Booking>(db.bookings, id),
    [db, id],
    undefined as Booking | null | undefined,
  );
  const patientId = booking?.patientId;
  const patient = useObservable(
    () => (patientId ? doc$<Patient>(db.patients, patientId) : null),
    [db, patientId],
    null as Patient | null,
  );

  if (booking === undefined) return null;
  if (booking === null) {
    return (
      <Modal title="Booking" onClose={close}>
        <p>This booking no longer exists; it may have been removed on another terminal.</p>
      </Modal>
    );
  }
  const paid = paidTotal(booking.payments);
  const title = `${booking.patientName} · ${clockAt(booking.startAt, zone)}`;
  return (
    <Modal title={title} onClose={close} wide>
      <BookingSummary booking={booking} paid={paid} />
      {patient && <PatientAlerts patient={patient} />}
      {(booking.clashWith?.length ?? 0) > 0 && (
        <p className={booking.overlapReason ? 'note' : 'warning'}>
          <AlertTriangle size={16} aria-hidden="true" /> Double-booked with another booking
          {booking.overlapReason ? `, kept because: ${booking.overlapReason}` : '. See Needs attention.'}
        </p>
      )}
      {booking.overrideReason && (
        <p className="note">Booked although the rules would refuse it, because: {booking.overrideReason}</p>
      )}
      <StatusActions booking={booking} />
      {!['completed', 'cancelled', 'no-show'].includes(booking.status) && desk.session.role !== 'therapist' && (
        <MoveForm key={booking.id} booking={booking} />
      )}
      <NotesForm key={`notes-${booking.id}`} booking={booking} />
      <div className="row">
        {booking.status !== 'cancelled' && booking.status !== 'no-show' && desk.session.role !== 'therapist' && (
          <button
            type="button"
            className="primary"
            onClick={() => {
              useWorkspace.getState().open({ kind: 'checkout', id: booking.id });
            }}
          >
            <CreditCard size={16} aria-hidden="true" /> {paid >= booking.price ? 'Payments and receipt' : 'Checkout'}
          </button>
        )}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            useWorkspace.getState().open({ kind: 'patient', id: booking.patientId });
          }}
        >
          <UserRound size={16} aria-hidden="true" /> Patient profile
        </button>
        <span className="spacer" />
        <span className="hint">
          {branch.name} · {SOURCE_LABEL[booking.source]}
        </span>
      </div>
    </Modal>
  );
}

function BookingSummary({ booking, paid }: { booking: Booking; paid: number }) {
  const { zone, branch, staffName, treatmentName } = useDesk();
  return (
    <dl className="summary-grid">
      <dt>When</dt>
      <dd>
        {dateLabel(localDateOf(booking.startAt, zone))}, {clockAt(booking.startAt, zone)}–{clockAt(booking.endAt, zone)}
      </dd>
      <dt>Treatment</dt>
      <dd>{treatmentName(booking.treatmentId)}</dd>
      <dt>Staff</dt>
      <dd>{staffName(booking.staffId)}</dd>
      <dt>Status</dt>
      <dd>
        <span className={`status status-${booking.status}`}>{STATUS_LABEL[booking.status]}</span>
        {booking.ticket && <span className="tag">Ticket {booking.ticket}</span>}
      </dd>
      <dt>Price</dt>
      <dd>
        {money(booking.price, branch)} · {PAYMENT_LABEL[booking.paymentStatus]}
        {paid > 0 && paid < booking.price ? ` (${money(paid, branch)} paid)` : ''}
      </dd>
      {booking.cancelReason && (
        <>
          <dt>Cancelled</dt>
          <dd>{booking.cancelReason}</dd>
        </>
      )}
    </dl>
  );
}

function StatusActions({ booking }: { booking: Booking }) {
  const desk = useDesk();
  const [problem, setProblem] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [question, setQuestion] = useState<{ to: BookingStatus; text: string; why: string | undefined } | null>(null);
  // A therapist moves their own treatments along; the rest of the life cycle is desk work.
  const steps = nextStatuses(booking.status).filter(
    (to) => desk.session.role !== 'therapist' || to === 'in-progress' || to === 'completed',
  );
  if (steps.length === 0) return null;
  const go = (to: BookingStatus, why?: string, confirmed = false) => {
    setProblem(null);
    setQuestion(null);
    changeStatus(desk.db, booking.id, to, desk.ctx, why, confirmed)
      .then(() => {
        setCancelling(false);
      })
      .catch((e: unknown) => {
        if (e instanceof NeedsConfirmation) setQuestion({ to, text: e.message, why });
        else setProblem(errorText(e));
      });
  };
  return (
    <div className="status-actions">
      <div className="row" role="group" aria-label="Status">
        {steps.map((to) =>
          to === 'cancelled' ? (
            <button
              key={to}
              type="button"
              className="secondary danger"
              onClick={() => {
                setCancelling(true);
              }}
            >
              {STATUS_ACTION[to]}
            </button>
          ) : (
            <button
              key={to}
              type="button"
              className={to === 'no-show' ? 'secondary' : 'primary'}
              onClick={() => {
                go(to);
              }}
            >
              {STATUS_ACTION[to]}
            </button>
          ),
        )}
      </div>
      {question && (
        <ConfirmQuestion
          question={question.text}
          yes={`${STATUS_ACTION[question.to]} anyway`}
          onYes={() => {
            go(question.to, question.why, true);
          }}
          onNo={() => {
            setQuestion(null);
          }}
        />
      )}
      {cancelling && (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim().length < 3) setProblem('Say why it is cancelled, in a few words.');
            else go('cancelled', reason.trim());
          }}
        >
          <label htmlFor="cancel-reason">Why is it cancelled?</label>
          <input
            id="cancel-reason"
            value={reason}
            maxLength={200}
            onChange={(e) => {
              setReason(e.target.value);
            }}
          />
          <button type="submit" className="secondary danger">
            Confirm cancellation
          </button>
        </form>
      )}
      {problem && (
        <div className="error" role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}

function MoveForm({ booking }: { booking: Booking }) {
  const desk = useDesk();
  const { zone, staff, treatments } = desk;
  const [date, setDate] = useState(localDateOf(booking.startAt, zone));
  const [time, setTime] = useState(clockAt(booking.startAt, zone));
  const [staffId, setStaffId] = useState(booking.staffId);
  const [clash, setClash] = useState<ClashRefused | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const treatment = treatments.find((t) => t.id === booking.treatmentId);
  const allowed = new Set(treatment?.assignedStaff ?? []);
  const options = staff.filter(
    (s) => s.isActive && (allowed.size === 0 || allowed.has(s.id) || s.id === booking.staffId),
  );

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setProblem(null);
    setDone(null);
    if (!/^\d{2}:\d{2}$/.test(time) || !date) {
      setProblem('Give a date and a start time.');
      return;
    }
    const startAt = zonedToUtc(date, clockToMinutes(time), zone);
    updateBooking(desk.db, booking.id, { startAt, staffId, ...(clash ? { overlapReason: reason } : {}) }, desk.ctx)
      .then((moved) => {
        setClash(null);
        setDone('Saved.');
        useWorkspace.getState().show(moved.id, localDateOf(moved.startAt, desk.zone));
      })
      .catch((e: unknown) => {
        if (e instanceof ClashRefused) setClash(e);
        else setProblem(errorText(e));
      });
  };
  return (
    <form className="move-form" onSubmit={submit} aria-label="Move or reassign">
      <h3>Move or reassign</h3>
      <div className="row">
        <label className="inline-field">
          Date
          <input
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value);
              setClash(null);
            }}
          />
        </label>
        <label className="inline-field">
          Time
          <input
            type="time"
            step={300}
            value={time}
            onChange={(e) => {
              setTime(e.target.value);
              setClash(null);
            }}
          />
        </label>
        <label className="inline-field">
          Staff
          <select
            value={staffId}
            onChange={(e) => {
              setStaffId(e.target.value);
              setClash(null);
            }}
          >
            {options.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          {clash?.code === 'clash-needs-reason' ? 'Move anyway' : 'Save change'}
        </button>
        {done && <span className="hint">{done}</span>}
      </div>
      {problem && (
        <div className="error" role="alert">
          {problem}
        </div>
      )}
      {clash && <ClashDetails refusal={clash} reason={reason} onReason={setReason} idPrefix="move" />}
    </form>
  );
}

/** Booking notes (the desk's) and treatment notes (the therapist's), saved together. */
function NotesForm({ booking }: { booking: Booking }) {
  const desk = useDesk();
  const therapist = desk.session.role === 'therapist';
  const [notes, setNotes] = useState(booking.notes ?? '');
  const [treatmentNotes, setTreatmentNotes] = useState(booking.treatmentNotes ?? '');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const changed = notes !== (booking.notes ?? '') || treatmentNotes !== (booking.treatmentNotes ?? '');
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setMessage(null);
    updateBooking(
      desk.db,
      booking.id,
      therapist
        ? { treatmentNotes: treatmentNotes.trim() }
        : { notes: notes.trim(), treatmentNotes: treatmentNotes.trim() },
      desk.ctx,
    )
      .then(() => {
        setMessage({ ok: true, text: 'Notes saved.' });
      })
      .catch((e: unknown) => {
        setMessage({ ok: false, text: errorText(e) });
      });
  };
  return (
    <form className="notes-form" onSubmit={submit} aria-label="Notes">
      <div className={therapist ? '' : 'two'}>
        {!therapist && (
          <div className="field">
            <label htmlFor="booking-notes">Booking notes</label>
            <textarea
              id="booking-notes"
              rows={2}
              maxLength={4000}
              value={notes}
              onChange={(e) => {
                setNotes(e.target.value);
              }}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="treatment-notes">Treatment notes</label>
          <textarea
            id="treatment-notes"
            rows={2}
            maxLength={4000}
            value={treatmentNotes}
            onChange={(e) => {
              setTreatmentNotes(e.target.value);
            }}
          />
        </div>
      </div>
      <div className="row">
        <button type="submit" className="secondary small" disabled={!changed}>
          Save notes
        </button>
        {message && <span className={message.ok ? 'hint' : 'field-error'}>{message.text}</span>}
      </div>
    </form>
  );
}
