import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { syncStatus } from '../db/runtime';
import { browserOnline, downloadProgress } from '../db/sync-status';

/** The browser's own view of its network, as it changes. */
function useBrowserOnline(): boolean {
  const [online, setOnline] = useState(browserOnline);
  useEffect(() => {
    const update = () => {
      setOnline(browserOnline());
    };
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, []);
  return online;
}

function ago(at: number | null): string {
  if (at === null) return 'never';
  const s = Math.round((Date.now() - at) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** The indicator's words: "all saved" only once this terminal holds everything the server told it of. */
export function syncState({
  online,
  pending,
  behind,
  downloaded,
}: {
  online: boolean;
  pending: number;
  behind: boolean;
  /** Share of a download under way, 0 to 1. */
  downloaded?: number;
}): string {
  if (pending > 0) return `${pending} change${pending === 1 ? '' : 's'} waiting`;
  // Offline, nothing is "saved" to the server: say only that nothing is waiting.
  if (!online) return 'nothing waiting';
  if (downloaded !== undefined) return `downloading ${Math.floor(downloaded * 100)}%`;
  return behind ? 'catching up' : 'all saved';
}

/** Always visible: online or offline, changes waiting, last sync, and the last problem in words. */
export function SyncIndicator({ standalone = false }: { standalone?: boolean }) {
  const status = useStore(syncStatus);
  const { pending, lastSyncedAt, lastError, behind, download } = status;
  // Checked against the browser too, so the dot goes grey the moment the network does.
  const browser = useBrowserOnline();
  const online = status.online && browser;
  if (standalone) {
    return (
      <span className="sync standalone" role="status" aria-label="Sync: standalone">
        <span className="dot" aria-hidden="true" />
        Standalone · saved on this terminal only
      </span>
    );
  }
  const label = online ? 'Online' : 'Offline';
  const progress = download ? downloadProgress(download, Date.now()) : null;
  const state = syncState({
    online,
    pending,
    behind,
    ...(progress ? { downloaded: progress.received / Math.max(progress.total, 1) } : {}),
  });
  const detail = `synced ${ago(lastSyncedAt)}${lastError ? ` · ${lastError}` : ''}`;
  return (
    <span
      className={`sync ${online ? 'online' : ''}`}
      role="status"
      aria-label={`Sync: ${label}`}
      title={`${label} · ${state} · ${detail}`}
    >
      <span className="dot" aria-hidden="true" />
      <span className="sync-lines">
        <span>
          {label} · {state}
        </span>
        <small className={lastError ? 'sync-error' : ''}>{detail}</small>
      </span>
    </span>
  );
}
