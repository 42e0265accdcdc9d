import { useStore } from 'zustand';
import { syncStatus } from '../db/runtime';
import { downloadProgress } from '../db/sync-status';
import { useNow } from './use-now';

const COLLECTION_LABEL: Record<string, string> = {
  bookings: 'bookings',
  patients: 'patients',
  staff: 'staff',
  treatments: 'treatments',
  conflicts: 'open items',
  users: 'people',
  memberships: 'roles',
  tenants: 'branches',
  organisations: 'clinic',
};

const count = (n: number) => n.toLocaleString('en-US');

/**
 * While a terminal downloads its branches (first sign-in, or back after a long time offline): what it is
 * fetching, how far it is, about how long is left. What has arrived is already on the screens.
 */
export function DownloadProgress() {
  const download = useStore(syncStatus, (s) => s.download);
  const now = useNow(1_000);
  if (!download) return null;
  const { received, total, secondsLeft } = downloadProgress(download, now);
  const parts = Object.entries(download.collections)
    .filter(([, c]) => c.received + c.remaining > 0)
    .map(([name, c]) =>
      c.remaining === 0
        ? `${COLLECTION_LABEL[name] ?? name} done`
        : `${COLLECTION_LABEL[name] ?? name} ${count(c.received)} of ${count(c.received + c.remaining)}`,
    );
  return (
    <div className="download" role="status" aria-label="Download progress">
      <progress max={Math.max(total, 1)} value={received} aria-label="Downloaded so far" />
      <span>
        <strong>
          Downloading the clinic to this terminal: {count(received)} of {count(total)} records
          {secondsLeft !== null
            ? ` · about ${secondsLeft < 60 ? `${secondsLeft} s` : `${Math.ceil(secondsLeft / 60)} min`} left`
            : ''}
        </strong>
        <small>{parts.join(' · ')}. What has arrived is already shown; you can work meanwhile.</small>
      </span>
    </div>
  );
}
