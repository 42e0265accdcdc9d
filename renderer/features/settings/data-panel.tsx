import { useState } from 'react';
import { localMinutesOf, minutesToClock, localDateOf } from '../../../shared/rules/time-zone';
import type { Booking } from '../../../shared/schemas/booking';
import type { Tenant } from '../../../shared/schemas/tenant';
import type { ClinicDatabase } from '../../db/database';
import { isStandalone, type TerminalProfile } from '../../db/terminal-profile';
import { exportBackup, importBackup } from '../../platform/backup';
import { daySheetHtml, printDocument } from '../../platform/print';

/** This terminal's data: back it up, restore it, print the day sheet. */
export function DataPanel({
  db,
  profile,
  branch,
  bookings,
  names,
}: {
  db: ClinicDatabase;
  profile: TerminalProfile;
  branch: Tenant | null;
  bookings: Booking[];
  names: Map<string, string>;
}) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const run = (work: () => Promise<string>) => {
    setBusy(true);
    setMessage(null);
    work()
      .then(
        (text) => {
          setMessage({ ok: true, text });
        },
        (e: unknown) => {
          setMessage({ ok: false, text: e instanceof Error ? e.message : 'It did not work.' });
        },
      )
      .finally(() => {
        setBusy(false);
      });
  };
  const printDay = () => {
    if (!branch) return;
    const zone = branch.timeZone;
    const rows = bookings.map((b) => ({
      time: minutesToClock(localMinutesOf(b.startAt, zone)),
      staff: names.get(b.staffId) ?? '',
      patient: b.patientName,
      treatment: names.get(b.treatmentId) ?? '',
      status: b.status,
    }));
    run(() => printDocument('day-sheet', daySheetHtml(branch.name, localDateOf(Date.now(), zone), rows)));
  };
  return (
    <section className="card" aria-labelledby="data-title">
      <h2 id="data-title">This terminal</h2>
      <p className="hint">
        {profile.device.name} · prefix {profile.device.prefix} ·{' '}
        {isStandalone(profile) ? 'standalone (no sync server)' : profile.serverUrl}
      </p>
      {message && (
        <div className={message.ok ? 'notice' : 'error'} role="status">
          {message.text}
        </div>
      )}
      <div className="row">
        <button
          className="secondary"
          type="button"
          disabled={busy}
          onClick={() => {
            run(() => exportBackup(db, profile.device.organisationId, profile.device.branchIds));
          }}
        >
          Export backup
        </button>
        <button
          className="secondary"
          type="button"
          disabled={busy}
          onClick={() => {
            run(() => importBackup(db, profile.device.organisationId));
          }}
        >
          Restore backup
        </button>
        <button className="secondary" type="button" disabled={busy || !branch} onClick={printDay}>
          Print day sheet
        </button>
      </div>
    </section>
  );
}
