import { useEffect, useState } from 'react';
import { localMinutesOf, minutesToClock, localDateOf } from '../../../shared/rules/time-zone';
import type { Booking } from '../../../shared/schemas/booking';
import type { WriteContext } from '../../db/actor';
import { changeStatus } from '../../db/bookings';
import type { ClinicDatabase } from '../../db/database';
import { acceptClash, resolveConflict } from '../../db/inbox-actions';
import type { Inbox } from '../../db/queries';

/** "Needs attention": clashes sync found and versions that lost a merge, each with what to do. */
export function InboxPanel({
  db,
  inbox,
  ctx,
  names,
}: {
  db: ClinicDatabase;
  inbox: Inbox;
  ctx: WriteContext;
  names: Map<string, string>;
}) {
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
  }, [inbox.count]);
  const act = (work: () => Promise<unknown>) => {
    setError(null);
    work().catch((e: unknown) => {
      setError(e instanceof Error ? e.message : 'That did not work.');
    });
  };
  const zone = ctx.branch.timeZone;
  const when = (b: Booking) => `${localDateOf(b.startAt, zone)} ${minutesToClock(localMinutesOf(b.startAt, zone))}`;
  // Each clash once: the booking with the smaller id leads its group.
  const groups = inbox.bookingClashes.filter((b) =>
    (b.clashWith ?? []).every((id) => b.id < id || !inbox.bookingClashes.some((x) => x.id === id)),
  );
  return (
    <section className="card" aria-labelledby="inbox-title">
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
          <div key={key} className="inbox-item">
            <p>
              <strong>Double booking</strong> · {names.get(lead.staffId) ?? 'Staff'} at {when(lead)}
            </p>
            <ul>
              {members.map((b) => (
                <li key={b.id} className="row">
                  <span>
                    {b.patientName} · {names.get(b.treatmentId) ?? ''} · {b.status}
                  </span>
                  <button
                    className="secondary"
                    type="button"
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
          </div>
        );
      })}
      {inbox.phoneClashes.map((p) => (
        <div key={p.id} className="inbox-item">
          <p>
            <strong>Same phone, two patients</strong> · {p.name} · +{p.phone}
          </p>
          <p className="hint">Open the patient records to correct the phone number or merge the visits.</p>
        </div>
      ))}
      {inbox.conflicts.map((c) => (
        <div key={c.id} className="inbox-item">
          <p>
            <strong>{c.kind === 'refused' ? 'Change refused by the server' : 'Edited on two terminals'}</strong> ·{' '}
            {c.entity}
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
        </div>
      ))}
    </section>
  );
}
