import { useState } from 'react';
import type { StorageFault } from '../../db/storage-fault';
import { rescueLocalData } from '../../db/rescue';
import { LOCAL_DATABASE_NAME } from '../../db/runtime';
import { saveBackupFile } from '../../platform/backup';
import type { CollectionName } from '../../../shared/collections';
import { errorText } from '../../ui/format';
import { ResetTerminalButton } from './reset-terminal-button';

/**
 * Starts the window afresh: the storage layer keeps a store that failed to open as failed for as long
 * as the page lives, so trying again means loading the page again.
 */
function restart(): void {
  window.location.reload();
}

const IN_WORDS: Record<CollectionName, string> = {
  organisations: 'the organisation',
  users: 'people',
  tenants: 'branches',
  memberships: 'roles',
  patients: 'patients',
  staff: 'staff',
  treatments: 'treatments',
  bookings: 'bookings and walk-ins',
  conflicts: 'Needs attention',
};

/**
 * Shown instead of a blank window when the local database cannot open. A full disk: free space and
 * try again, nothing is lost. Damaged data: first save a copy of every record that can still be read
 * (it holds changes not yet synced), then start again from the server and restore that copy.
 */
export function StorageErrorScreen({ fault }: { fault: StorageFault }) {
  const [saved, setSaved] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const rescue = () => {
    setBusy(true);
    setSaved(null);
    void rescueLocalData(LOCAL_DATABASE_NAME)
      .then(async (r) => {
        const lost = r.unreadable.map((c) => IN_WORDS[c]).join(', ');
        const notes = `${lost ? ` Could not be read: ${lost}.` : ''}${r.invalid ? ` ${r.invalid} damaged records left out.` : ''}`;
        if (!r.backup) return { ok: false, text: `No branch could be read, so no copy can be made.${notes}` };
        const where = await saveBackupFile(r.backup, 'rescue');
        if (where === null) return { ok: false, text: 'The copy was not saved.' };
        const total = Object.values(r.counts).reduce((a, b) => a + b, 0);
        return { ok: true, text: `Saved ${total.toLocaleString()} records to ${where}.${notes}` };
      })
      .catch((e: unknown) => ({ ok: false, text: errorText(e, 'The copy could not be made.') }))
      .then(setSaved)
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <div className="center">
      <div className="card storage-error" role="alert">
        <h1>{fault.kind === 'full' ? 'This computer’s disk is full' : 'This terminal’s data could not be opened'}</h1>
        <p>{fault.sentence}</p>
        {saved && (
          <div className={saved.ok ? 'notice' : 'error'} role="status">
            {saved.text}
          </div>
        )}
        {fault.kind === 'full' ? (
          <div className="row">
            <button className="primary" type="button" onClick={restart}>
              Try again
            </button>
          </div>
        ) : (
          <>
            <ol className="steps">
              <li>
                Save a copy of what this terminal still holds. It includes changes made while offline that the server
                may not have yet.
                <div className="row">
                  <button
                    className={saved?.ok ? 'secondary' : 'primary'}
                    type="button"
                    disabled={busy}
                    onClick={rescue}
                  >
                    {busy ? 'Saving a copy…' : 'Save a copy of this terminal’s data'}
                  </button>
                </div>
              </li>
              <li>
                Start again: this terminal’s data is removed and it is set up once more; everything synced comes back
                from your clinic’s server. Then restore the copy from the Data screen (Restore backup): only what the
                server does not have is added.
                <ResetTerminalButton label="Start again" primary={saved?.ok === true} onReset={restart} />
              </li>
            </ol>
          </>
        )}
      </div>
    </div>
  );
}
