import { Megaphone, Printer } from 'lucide-react';
import { useMemo, useState, type SyntheticEvent } from 'react';
import { holdsTime } from '../../../shared/rules/clash';
import { normalisePhone } from '../../../shared/rules/phone';
import { patientSearchKey } from '../../../shared/rules/patient-search';
import { localDateOf } from '../../../shared/rules/time-zone';
import { estimateWaits } from '../../../shared/rules/walk-in';
import type { Booking } from '../../../shared/schemas/booking';
import type { Patient } from '../../../shared/schemas/patient';
import { changeStatus } from '../../db/bookings';
import { registerPatient } from '../../db/patients';
import { dayBookings$, walkInQueue$ } from '../../db/queries';
import { NeedsConfirmation } from '../../db/actor';
import { addWalkIn, callWalkIn, reassignWalkIn, startWalkIn } from '../../db/walk-ins';
import { ConfirmQuestion } from '../../ui/confirm-question';
import { printDocument, walkInTicketHtml } from '../../platform/print';
import { clockAt, errorText, waitText } from '../../ui/format';
import { useNow } from '../../ui/use-now';
import { useObservable } from '../../ui/use-observable';
import { PatientAlerts } from '../patients/patient-picker';
import { useDesk, useWorkspace } from '../workspace/desk';

/** The walk-in queue: add in a few keystrokes, see tickets and waits, call, start, finish, no-show. */
export function WalkInScreen() {
  const desk = useDesk();
  const { db, branch, zone } = desk;
  const now = useNow();
  const today = localDateOf(now, zone);
  const queue = useObservable(() => walkInQueue$(db, branch.id, today, zone), [db, branch.id, today, zone], []);
  const day = useObservable(() => dayBookings$(db, branch.id, today, zone), [db, branch.id, today, zone], []);
  const [called, setCalled] = useState<Booking | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [question, setQuestion] = useState<{ booking: Booking; text: string } | null>(null);

  const waits = useMemo(() => {
    const queued = new Set(queue.map((q) => q.id));
    // The queue is served in order from now, but never before the time each walk-in was given.
    const served = estimateWaits(
      queue.map((q) => ({
        id: q.id,
        staffId: q.staffId,
        checkedInAt: q.checkedInAt ?? q.createdAt,
        durationMin: Math.round((q.endAt - q.startAt) / 60_000),
      })),
      day.filter((b) => !queued.has(b.id) && holdsTime(b.status) && b.status !== 'completed'),
      now,
    );
    const out = new Map<string, { startAt: number; waitMin: number }>();
    for (const q of queue) {
      const startAt = Math.max(q.startAt, served.get(q.id)?.startAt ?? now);
      out.set(q.id, { startAt, waitMin: Math.max(0, Math.round((startAt - now) / 60_000)) });
    }
    return out;
  }, [queue, day, now]);
  const inTreatment = day.filter((b) => b.status === 'in-progress');
  // Served in the order they are expected, ticket order between equals.
  const ordered = [...queue].sort(
    (a, b) =>
      (waits.get(a.id)?.startAt ?? a.startAt) - (waits.get(b.id)?.startAt ?? b.startAt) ||
      (a.ticket ?? '').localeCompare(b.ticket ?? ''),
  );
  // A therapist serves their own walk-ins (start, complete); the desk runs the queue.
  const runsQueue = desk.session.role !== 'therapist';
  const mayServe = (b: Booking) => runsQueue || desk.session.staffIds.includes(b.staffId);

  const act = (work: () => Promise<unknown>) => {
    setProblem(null);
    work().catch((e: unknown) => {
      setProblem(errorText(e));
    });
  };

  return (
    <div className="walk-ins">
      {runsQueue && (
        <section className="card" aria-labelledby="walkin-add-title">
          <h2 id="walkin-add-title">Add a walk-in</h2>
          <QuickWalkIn waits={waits} statusOf={(id) => day.find((b) => b.id === id)?.status} />
        </section>
      )}
      <section className="card grow" aria-labelledby="queue-title">
        <h2 id="queue-title">
          Waiting now <span className="count">{queue.length}</span>
        </h2>
        {called && queue.some((q) => q.id === called.id) && (
          <p className="calling" role="status">
            <Megaphone size={18} aria-hidden="true" /> Calling <strong>{called.ticket}</strong> · {called.patientName}{' '}
            to {desk.staffName(called.staffId)}
          </p>
        )}
        {problem && (
          <div className="error" role="alert">
            {problem}
          </div>
        )}
        {question && (
          <ConfirmQuestion
            question={question.text}
            yes={`Call ${question.booking.ticket ?? question.booking.patientName} now`}
            onYes={() => {
              const { booking } = question;
              setQuestion(null);
              act(async () => {
                await callWalkIn(db, booking.id, desk.ctx, true);
                setCalled(booking);
              });
            }}
            onNo={() => {
              setQuestion(null);
            }}
          />
        )}
        {queue.length === 0 ? (
          <p className="hint">Nobody is waiting.</p>
        ) : (
          <table aria-label="Walk-in queue">
            <thead>
              <tr>
                <th>Ticket</th>
                <th>Patient</th>
                <th>Treatment</th>
                <th>Therapist</th>
                <th>Expected</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {ordered.map((b) => {
                const w = waits.get(b.id);
                const calledIn = called?.id === b.id;
                return (
                  <tr key={b.id}>
                    <td className="nowrap">
                      <strong className="ticket">{b.ticket}</strong>
                    </td>
                    <td>{b.patientName}</td>
                    <td>{desk.treatmentName(b.treatmentId)}</td>
                    <td>{desk.staffName(b.staffId)}</td>
                    <td className="nowrap">
                      {w ? (w.waitMin <= 0 ? 'now' : `${clockAt(w.startAt, zone)} · in ~${waitText(w.waitMin)}`) : '—'}
                    </td>
                    <td className="actions">
                      {runsQueue && (
                        <button
                          type="button"
                          className={`${calledIn ? 'secondary' : 'primary'} small`}
                          aria-label={`Call ${b.ticket}`}
                          onClick={() => {
                            setQuestion(null);
                            act(async () => {
                              try {
                                await callWalkIn(db, b.id, desk.ctx);
                                setCalled(b);
                              } catch (e) {
                                if (!(e instanceof NeedsConfirmation)) throw e;
                                setQuestion({ booking: b, text: e.message });
                              }
                            });
                          }}
                        >
                          Call
                        </button>
                      )}
                      {mayServe(b) && (
                        <button
                          type="button"
                          className={`${calledIn || !runsQueue ? 'primary' : 'secondary'} small`}
                          aria-label={`Start ${b.ticket}`}
                          onClick={() => {
                            act(() => startWalkIn(db, b.id, desk.ctx));
                          }}
                        >
                          Start
                        </button>
                      )}
                      {runsQueue && (
                        <details className="menu">
                          <summary aria-label={`More for ${b.ticket}`}>More</summary>
                          <div className="menu-items">
                            <button
                              type="button"
                              className="secondary small"
                              aria-label={`Give ${b.ticket} to the next free therapist`}
                              onClick={() => {
                                act(() => reassignWalkIn(db, b.id, desk.ctx));
                              }}
                            >
                              Reassign
                            </button>
                            <button
                              type="button"
                              className="secondary small"
                              aria-label={`Mark ${b.ticket} as no-show`}
                              onClick={() => {
                                act(() => changeStatus(db, b.id, 'no-show', desk.ctx));
                              }}
                            >
                              No-show
                            </button>
                          </div>
                        </details>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <h2 id="in-treatment-title" className="spaced">
          In treatment
        </h2>
        {inTreatment.length === 0 ? (
          <p className="hint">Nobody is in treatment.</p>
        ) : (
          <table aria-labelledby="in-treatment-title">
            <thead>
              <tr>
                <th>Ticket or booked time</th>
                <th>Patient</th>
                <th>Treatment</th>
                <th>Therapist</th>
                <th>
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {inTreatment.map((b) => (
                <tr key={b.id}>
                  <td>{b.ticket ?? clockAt(b.startAt, zone)}</td>
                  <td>{b.patientName}</td>
                  <td>{desk.treatmentName(b.treatmentId)}</td>
                  <td>{desk.staffName(b.staffId)}</td>
                  <td className="actions">
                    {mayServe(b) && (
                      <button
                        type="button"
                        className="primary small"
                        aria-label={`Complete ${b.patientName}'s treatment`}
                        onClick={() => {
                          act(async () => {
                            await changeStatus(db, b.id, 'completed', desk.ctx);
                            // The desk takes the payment; a therapist hands over to it.
                            if (runsQueue) useWorkspace.getState().open({ kind: 'checkout', id: b.id });
                          });
                        }}
                      >
                        Complete
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

/** Phone, name, treatment, Enter: finds the returning patient by phone or registers a new one. */
function QuickWalkIn({
  waits,
  statusOf,
}: {
  waits: Map<string, { startAt: number; waitMin: number }>;
  statusOf: (id: string) => Booking['status'] | undefined;
}) {
  const desk = useDesk();
  const { db, branch, zone, treatments } = desk;
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [treatmentId, setTreatmentId] = useState('');
  const [choices, setChoices] = useState<Patient[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [added, setAdded] = useState<{ booking: Booking; patient: Patient } | null>(null);
  const [busy, setBusy] = useState(false);

  const finish = async (patient: Patient) => {
    const booking = await addWalkIn(db, { patientId: patient.id, treatmentId }, desk.ctx, desk.profile.device.prefix);
    setAdded({ booking, patient });
    setChoices(null);
    setPhone('');
    setName('');
  };

  const submit = (event: SyntheticEvent, registerAnyway = false) => {
    event.preventDefault();
    setProblem(null);
    const normal = normalisePhone(phone, branch.phoneCountryCode, branch.phoneRegion);
    if (!normal.ok) {
      setProblem(normal.reason);
      return;
    }
    if (!name.trim()) {
      setProblem('Name is required.');
      return;
    }
    if (!treatmentId) {
      setProblem('Choose a treatment.');
      return;
    }
    setBusy(true);
    (async () => {
      const same = (
        await db.patients
          .find({ selector: { tenantId: branch.id, phone: normal.phone }, index: ['tenantId', 'phone'] })
          .exec()
      ).map((d) => d.toJSON() as Patient);
      const match = same.find((p) => p.searchName === patientSearchKey(name));
      if (match) return finish(match);
      if (same.length > 0 && !registerAnyway) {
        setChoices(same);
        return;
      }
      return finish(await registerPatient(db, { name, phone }, desk.ctx, true));
    })()
      .catch((e: unknown) => {
        setProblem(errorText(e));
      })
      .finally(() => {
        setBusy(false);
      });
  };

  const wait = added ? waits.get(added.booking.id) : undefined;
  // Still waiting until the booking moves on from checked in (called in, served, no-show).
  const status = added ? statusOf(added.booking.id) : undefined;
  const waiting = status === undefined || status === 'checked-in';
  const waitMin = wait?.waitMin ?? (added ? Math.max(0, Math.round((added.booking.startAt - Date.now()) / 60_000)) : 0);
  return (
    <>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="wi-phone">Phone</label>
          <input
            id="wi-phone"
            inputMode="tel"
            autoComplete="off"
            value={phone}
            onChange={(e) => {
              setPhone(e.target.value);
              setChoices(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="wi-name">Name</label>
          <input
            id="wi-name"
            autoComplete="off"
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setChoices(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="wi-treatment">Treatment</label>
          <select
            id="wi-treatment"
            value={treatmentId}
            onChange={(e) => {
              setTreatmentId(e.target.value);
            }}
          >
            <option value="">Choose…</option>
            {treatments
              .filter((t) => t.isActive)
              .map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.durationMin} min)
                </option>
              ))}
          </select>
        </div>
        {choices && (
          <div className="warning" role="alert">
            <p>This phone belongs to {choices.map((c) => c.name).join(', ')}. Is it one of them?</p>
            <div className="row">
              {choices.map((c) => (
                <button
                  key={c.id}
                  type="button"
                  className="secondary small"
                  onClick={() => {
                    setBusy(true);
                    finish(c)
                      .catch((e: unknown) => {
                        setProblem(errorText(e));
                      })
                      .finally(() => {
                        setBusy(false);
                      });
                  }}
                >
                  Yes, {c.name}
                </button>
              ))}
              <button
                type="button"
                className="secondary small"
                onClick={(e) => {
                  submit(e, true);
                }}
              >
                No, register {name.trim() || 'a new patient'}
              </button>
            </div>
          </div>
        )}
        {problem && (
          <div className="error" role="alert">
            {problem}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Add walk-in
        </button>
      </form>
      {added && (
        <div className="ticket-card" role="status" aria-label="New walk-in ticket">
          <span className="hint">Ticket</span>
          <strong className="ticket big">{added.booking.ticket}</strong>
          <span>
            {added.patient.name} · {desk.treatmentName(added.booking.treatmentId)} with{' '}
            {desk.staffName(added.booking.staffId)}
          </span>
          <span>
            {waiting
              ? `Expected at ${clockAt(wait?.startAt ?? added.booking.startAt, zone)} · ${waitMin <= 0 ? 'no wait' : `about ${waitText(waitMin)} wait`}`
              : 'Called in: no longer waiting.'}
          </span>
          <PatientAlerts patient={added.patient} />
          <button
            type="button"
            className="secondary small"
            onClick={() => {
              printDocument(
                'walk-in-ticket',
                walkInTicketHtml(
                  branch.name,
                  added.booking.ticket ?? '',
                  waitMin,
                  desk.treatmentName(added.booking.treatmentId),
                ),
              ).catch((e: unknown) => {
                setProblem(errorText(e));
              });
            }}
          >
            <Printer size={14} aria-hidden="true" /> Print ticket
          </button>
        </div>
      )}
    </>
  );
}
