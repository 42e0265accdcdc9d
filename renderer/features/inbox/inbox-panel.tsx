import { VisitCount } from '../patients/visit-count';
import { useEffect, useState } from 'react';
import { localDateOf } from '../../../shared/rules/time-zone';
import type { Booking } from '../../../shared/schemas/booking';
import type { Patient } from '../../../shared/schemas/patient';
import { changeStatus } from '../../db/bookings';
import { acceptClash, acceptSharedPhone, resolveConflict } from '../../db/inbox-actions';
import { mergePatients } from '../../db/patients';
import { groupLeads, type Inbox } from '../../db/queries';
import { clockAt, dateLabel, errorText, STATUS_LABEL } from '../../ui/format';
import { useDesk, useWorkspace } from '../workspace/desk';

/**
 * "Needs attention": double bookings and shared phones that sync found, and versions that lost a
 * merge, each with what the desk can do about it.
 */
export function InboxScreen({ inbox }: { inbox: Inbox }) {
  const desk = useDesk();
  const { db, ctx, zone } = desk;
  const open = useWorkspace((s) => s.open);
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
  }, [inbox.count]);
  const act = (work: () => Promise<unknown>) => {
    setError(null);
    work().catch((e: unknown) => {
      setError(errorText(e));
    });
  };
  const when = (b: Booking) => `${dateLabel(localDateOf(b.startAt, zone))} ${clockAt(b.startAt, zone)}`;
  // Each clash once: the record with the smaller id leads its group.
  const groups = groupLeads(inbox.bookingClashes);
  const phoneGroups = groupLeads(inbox.phoneClashes);
  return (
    <section className="card inbox" aria-labelledby="inbox-title">
      <h2 id="inbox-title">Needs attention ({inbox.count})</h2>
      {error && (
        <div className="error" role="alert">
          {error}
        </div>
      )}
      {inbox.count === 0 && <p className="hint">Nothing needs attention.</p>}
      {groups.map((lead) => {
        const members = [lead, ...inbox.bookingClashes.filter((x) => (lead.clashWith ?? []).includes(x.id))];
        const key = lead.id;
        return (
          <article key={key} className="inbox-item" aria-label={`Double booking at ${when(lead)}`}>
            <p>
              <strong>Double booking</strong> · {desk.staffName(lead.staffId)} at {when(lead)}
            </p>
            <p className="hint">
              Two terminals booked this while apart. Move or reassign one, cancel one, or keep both with a reason.
            </p>
            <ul>
              {members.map((b) => (
                <li key={b.id} className="row">
                  <span>
                    {clockAt(b.startAt, zone)}–{clockAt(b.endAt, zone)} · {b.patientName} ·{' '}
                    {desk.treatmentName(b.treatmentId)} · {desk.staffName(b.staffId)} · {STATUS_LABEL[b.status]}
                  </span>
                  <span className="spacer" />
                  <button
                    className="secondary small"
                    type="button"
                    aria-label={`Move or reassign ${b.patientName}'s booking`}
                    onClick={() => {
                      open({ kind: 'booking', id: b.id });
                    }}
                  >
                    Move or reassign
                  </button>
                  <button
                    className="secondary small danger"
                    type="button"
                    aria-label={`Cancel ${b.patientName}'s booking`}
                    onClick={() => {
                      act(() => changeStatus(db, b.id, 'cancelled', ctx, 'Double booking resolved at the desk'));
                    }}
                  >
                    Cancel this one
                  </button>
                </li>
              ))}
            </ul>
            <div className="keep-both">
              <label htmlFor={`reason-${key}`} className="hint">
                Reason to keep both
              </label>
              <input
                id={`reason-${key}`}
                value={reason[key] ?? ''}
                onChange={(e) => {
                  setReason({ ...reason, [key]: e.target.value });
                }}
              />
              <button
                className="secondary"
                type="button"
                onClick={() => {
                  act(() =>
                    acceptClash(
                      db,
                      members.map((m) => m.id),
                      reason[key] ?? '',
                      ctx,
                    ),
                  );
                }}
              >
                Keep both
              </button>
            </div>
          </article>
        );
      })}
      {phoneGroups.map((lead) => {
        const members: Patient[] = [lead, ...inbox.phoneClashes.filter((x) => (lead.clashWith ?? []).includes(x.id))];
        return (
          <article key={lead.id} className="inbox-item" aria-label={`Shared phone +${lead.phone}`}>
            <p>
              <strong>Same phone, {members.length} patients</strong> · +{lead.phone}
            </p>
            <p className="hint">
              If they are one person, merge the records (visits move to the kept one). If a number is wrong, open the
              record and correct it. If they share the phone on purpose (a family), keep them all with the reason.
            </p>
            <ul>
              {members.map((p) => (
                <li key={p.id} className="row">
                  <span>
                    {p.name} · <VisitCount patient={p} />
                  </span>
                  <span className="spacer" />
                  <button
                    className="secondary small"
                    type="button"
                    onClick={() => {
                      open({ kind: 'patient', id: p.id });
                    }}
                  >
                    Open record
                  </button>
                  {members
                    .filter((other) => other.id !== p.id)
                    .map((other) => (
                      <button
                        key={other.id}
                        className="secondary small"
                        type="button"
                        onClick={() => {
                          act(() => mergePatients(db, p.id, other.id, ctx));
                        }}
                      >
                        Keep {p.name}, merge {other.name} into it
                      </button>
                    ))}
                </li>
              ))}
            </ul>
            <div className="keep-both">
              <label htmlFor={`phone-reason-${lead.id}`} className="hint">
                Why they share the phone
              </label>
              <input
                id={`phone-reason-${lead.id}`}
                placeholder="Family: mother and daughter"
                value={reason[lead.id] ?? ''}
                onChange={(e) => {
                  setReason({ ...reason, [lead.id]: e.target.value });
                }}
              />
              <button
                className="secondary"
                type="button"
                onClick={() => {
                  act(() =>
                    acceptSharedPhone(
                      db,
                      members.map((m) => m.id),
                      reason[lead.id] ?? '',
                      ctx,
                    ),
                  );
                }}
              >
                Keep them all
              </button>
            </div>
          </article>
        );
      })}
      {inbox.conflicts.map((c) => (
        <article key={c.id} className="inbox-item">
          <p>
            <strong>
              {c.kind === 'refused'
                ? 'Change refused by the server'
                : c.reason
                  ? 'Backup version kept aside'
                  : 'Edited on two terminals'}
            </strong>{' '}
            · {c.entity}
            {c.fields.length > 0 ? ` · ${c.fields.join(', ')}` : ''}
          </p>
          {c.reason && <p className="hint">{c.reason}</p>}
          <details>
            <summary>The version that was not kept</summary>
            <pre className="hint">{JSON.stringify(JSON.parse(c.losing), null, 1)}</pre>
          </details>
          <button
            className="secondary"
            type="button"
            onClick={() => {
              act(() => resolveConflict(db, c.id, 'Reviewed at the desk', ctx));
            }}
          >
            Mark as reviewed
          </button>
        </article>
      ))}
    </section>
  );
}
