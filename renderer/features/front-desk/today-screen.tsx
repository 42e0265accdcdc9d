import { useEffect, useState } from 'react';
import { localDateOf, localMinutesOf, minutesToClock } from '../../../shared/rules/time-zone';
import type { Booking } from '../../../shared/schemas/booking';
import type { Tenant } from '../../../shared/schemas/tenant';
import type { ClinicDatabase } from '../../db/database';
import { dayBookings$, inbox$, type Inbox } from '../../db/queries';
import type { WriteContext } from '../../db/actor';
import { InboxPanel } from '../inbox/inbox-panel';
import type { Session } from '../../db/session';
import type { TerminalProfile } from '../../db/terminal-profile';
import { SyncIndicator } from '../../ui/sync-indicator';
import { DataPanel } from '../settings/data-panel';

function writeContext(session: Session, branch: Tenant): WriteContext {
  return { userId: session.userId, role: session.role, staffIds: session.staffIds, branch, now: () => Date.now() };
}

/** The day at a glance: today's bookings in the branch's time zone, with the terminal's tools beside. */
export function TodayScreen({
  db,
  profile,
  session,
  onSignOut,
}: {
  db: ClinicDatabase;
  profile: TerminalProfile;
  session: Session;
  onSignOut: () => void;
}) {
  const [branch, setBranch] = useState<Tenant | null>(null);
  const [bookings, setBookings] = useState<Booking[]>([]);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [inbox, setInbox] = useState<Inbox>({ bookingClashes: [], phoneClashes: [], conflicts: [], count: 0 });

  useEffect(() => {
    const sub = inbox$(db, session.branchId).subscribe(setInbox);
    return () => {
      sub.unsubscribe();
    };
  }, [db, session.branchId]);

  useEffect(() => {
    const sub = db.tenants.findOne(session.branchId).$.subscribe((doc) => {
      setBranch(doc ? doc.toJSON() : null);
    });
    const lookup = db.staff.find({ selector: { tenantId: session.branchId } }).$.subscribe((staff) => {
      void db.treatments
        .find({ selector: { tenantId: session.branchId } })
        .exec()
        .then((treatments) => {
          setNames(
            new Map([...staff.map((s) => [s.id, s.name] as const), ...treatments.map((t) => [t.id, t.name] as const)]),
          );
        });
    });
    return () => {
      sub.unsubscribe();
      lookup.unsubscribe();
    };
  }, [db, session.branchId]);

  useEffect(() => {
    if (!branch) return;
    const today = localDateOf(Date.now(), branch.timeZone);
    const sub = dayBookings$(db, branch.id, today, branch.timeZone).subscribe(setBookings);
    return () => {
      sub.unsubscribe();
    };
  }, [db, branch]);

  useEffect(() => {
    if (branch) {
      document.documentElement.style.setProperty('--primary', branch.config.theme.primaryColor);
      document.documentElement.style.setProperty('--secondary', branch.config.theme.secondaryColor);
    }
  }, [branch]);

  const zone = branch?.timeZone ?? 'UTC';
  return (
    <>
      <header className="topbar">
        <span className="brand">Clinic Desk</span>
        <span>{branch?.name ?? '…'}</span>
        <span className="spacer" />
        {inbox.count > 0 && (
          <span className="badge" aria-label={`${inbox.count} items need attention`}>
            Needs attention · {inbox.count}
          </span>
        )}
        <SyncIndicator />
        <span>
          {session.name} · {session.role}
        </span>
        <button className="secondary" type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main>
        <section className="card wide" aria-labelledby="today-title">
          <h2 id="today-title">Today{branch ? ` · ${localDateOf(Date.now(), zone)} (${zone})` : ''}</h2>
          {bookings.length === 0 ? (
            <p className="hint">No bookings today.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Patient</th>
                  <th>Treatment</th>
                  <th>Staff</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                {bookings.map((b) => (
                  <tr key={b.id}>
                    <td>
                      {minutesToClock(localMinutesOf(b.startAt, zone))}–{minutesToClock(localMinutesOf(b.endAt, zone))}
                    </td>
                    <td>
                      {b.patientName}
                      {b.ticket ? ` (${b.ticket})` : ''}
                    </td>
                    <td>{names.get(b.treatmentId) ?? '—'}</td>
                    <td>{names.get(b.staffId) ?? '—'}</td>
                    <td>
                      <span className="status">{b.status}</span>
                      {(b.clashWith?.length ?? 0) > 0 && !b.overlapReason && (
                        <span className="status clash">double-booked</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <aside className="stack">
          {branch && <InboxPanel db={db} inbox={inbox} ctx={writeContext(session, branch)} names={names} />}
          <DataPanel db={db} profile={profile} branch={branch} bookings={bookings} names={names} />
        </aside>
      </main>
    </>
  );
}
