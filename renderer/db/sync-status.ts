import { createStore, type StoreApi } from 'zustand/vanilla';

/** What the sync indicator shows: always visible, in plain words. */
export interface SyncStatus {
  online: boolean;
  /** Local changes not yet acknowledged by the server. */
  pending: number;
  lastSyncedAt: number | null;
  lastError: string | null;
  /** Set when the server says this terminal was removed: why, in the server's words. */
  removed: string | null;
  /** True while this terminal's checkpoints are below the server's head: it is still catching up. */
  behind: boolean;
  /** A download under way (the first one on a new terminal, or a long catch-up); null once caught up. */
  download: Download | null;
  /** Whether this terminal has once held everything the server told it of, since it started. */
  caughtUpOnce: boolean;
}

/** Per collection: documents received so far in this download, and what the server said is left. */
export interface Download {
  startedAt: number;
  collections: Record<string, { received: number; remaining: number }>;
}

export interface SyncStatusActions {
  setOnline(online: boolean): void;
  setPending(pending: number): void;
  synced(at: number): void;
  failed(sentence: string): void;
  wasRemoved(sentence: string): void;
  setBehind(behind: boolean): void;
  /** A pull answer arrived during a download: `received` more documents, `remaining` left after them. */
  pulled(collection: string, received: number, remaining: number, at: number): void;
}

/** What the browser says of its network (always true outside a browser). */
export function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine;
}

export type SyncStatusStore = StoreApi<SyncStatus & SyncStatusActions>;

export function createSyncStatusStore(): SyncStatusStore {
  return createStore<SyncStatus & SyncStatusActions>()((set) => ({
    online: false,
    pending: 0,
    lastSyncedAt: null,
    lastError: null,
    removed: null,
    behind: true,
    download: null,
    caughtUpOnce: false,
    setOnline: (online) => {
      set({ online });
    },
    setPending: (pending) => {
      set({ pending });
    },
    synced: (at) => {
      // An answer that lands just after the browser lost its network does not make the terminal online.
      set({ lastSyncedAt: at, lastError: null, online: browserOnline() });
    },
    failed: (sentence) => {
      set({ lastError: sentence });
    },
    setBehind: (behind) => {
      set(behind ? { behind } : { behind, download: null, caughtUpOnce: true });
    },
    pulled: (collection, received, remaining, at) => {
      set(({ download }) => {
        // A short catch-up (nothing left after this answer, none under way) is not a download.
        if (!download && remaining === 0) return {};
        const current = download ?? { startedAt: at, collections: {} };
        const before = current.collections[collection]?.received ?? 0;
        return {
          download: {
            ...current,
            collections: { ...current.collections, [collection]: { received: before + received, remaining } },
          },
        };
      });
    },
    wasRemoved: (sentence) => {
      set({ removed: sentence, lastError: sentence, online: false });
    },
  }));
}

/** Still fetching what the server holds: online, and not caught up since starting or in a long download. */
export function downloading(s: SyncStatus): boolean {
  return s.online && (!s.caughtUpOnce || s.download !== null);
}

/** A download in numbers: received of total over every collection, and the time left at the rate so far. */
export function downloadProgress(
  download: Download,
  now: number,
): { received: number; total: number; secondsLeft: number | null } {
  let received = 0;
  let remaining = 0;
  for (const c of Object.values(download.collections)) {
    received += c.received;
    remaining += c.remaining;
  }
  const elapsed = (now - download.startedAt) / 1000;
  const rate = elapsed > 0.5 ? received / elapsed : 0;
  return {
    received,
    total: received + remaining,
    secondsLeft: rate > 0 ? Math.ceil(remaining / rate) : null,
  };
}
