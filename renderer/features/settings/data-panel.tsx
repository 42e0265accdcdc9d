import { useState } from 'react';
import { localDateOf } from '../../../shared/rules/time-zone';
import { dayBookings$ } from '../../db/queries';
import { isStandalone } from '../../db/terminal-profile';
import { exportBackup, importBackup } from '../../platform/backup';
import { daySheetHtml, printDocument } from '../../platform/print';
import { clockAt, dateLabel, errorText, STATUS_LABEL } from '../../ui/format';
import { useObservable } from '../../ui/use-observable';
import { useDesk, useWorkspace } from '../workspace/desk';
import { BranchDetailsCard } from './branch-details';

/** The Data screen: this terminal's data tools, the branch's money and receipt details, the keyboard shortcuts. */
export function DataPanel() {
  const { session } = useDesk();
  return (
    <div className="settings">
      <DataCard />
      {(session.role === 'owner' || session.role === 'admin') && <BranchDetailsCard />}
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Keyboard shortcuts</h2>
        <dl className="summary-grid keys">
          <dt>Alt+1 … Alt+5</dt>
          <dd>Day board, Walk-ins, Patients, Needs attention, Data</dd>
          <dt>N</dt>
          <dd>New booking (on the day board)</dd>
          <dt>Alt+← / Alt+→</dt>
          <dd>Previous / next day</dd>
          <dt>Alt+Home</dt>
          <dd>Back to today</dd>
          <dt>Escape</dt>
          <dd>Close a dialog</dd>
        </dl>
      </section>
    </div>
  );
}

/** Back this terminal up, restore it, print the day sheet of the day on the board. */
function DataCard() {
  const { db, profile, branch, zone, staffName, treatmentName, session } = useDesk();
  const date = useWorkspace((s) => s.date) ?? localDateOf(Date.now(), zone);
  const bookings = useObservable(() => dayBookings$(db, branch.id, date, zone), [db, branch.id, date, zone], []);
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
          setMessage({ ok: false, text: errorText(e, 'It did not work.') });
        },
      )
      .finally(() => {
        setBusy(false);
      });
  };
  const printDay = () => {
    const rows = bookings.map((b) => ({
      time: clockAt(b.startAt, zone),
      staff: staffName(b.staffId),
      patient: b.patientName,
      treatment: treatmentName(b.treatmentId),
      status: STATUS_LABEL[b.status],
    }));
    run(() => printDocument('day-sheet', daySheetHtml(branch.name, dateLabel(date), rows)));
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
        {(session.role === 'owner' || session.role === 'admin') && (
          <button
            className="secondary"
            type="button"
            disabled={busy}
            onClick={() => {
              run(() => importBackup(db, profile.device.organisationId, session.userId));
            }}
          >
            Restore backup
          </button>
        )}
        <button className="secondary" type="button" disabled={busy} onClick={printDay}>
          Print day sheet ({dateLabel(date)})
        </button>
      </div>
    </section>
  );
}
