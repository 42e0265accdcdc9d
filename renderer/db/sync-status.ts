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
}

export interface SyncStatusActions {
  setOnline(online: boolean): void;
  setPending(pending: number): void;
  synced(at: number): void;
  failed(sentence: string): void;
  wasRemoved(sentence: string): void;
  setBehind(behind: boolean): void;
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
    setOnline: (online) => {
      set({ online });
    },
    setPending: (pending) => {
      set({ pending });
    },
    synced: (at) => {
      set({ lastSyncedAt: at, lastError: null, online: true });
    },
    failed: (sentence) => {
      set({ lastError: sentence });
    },
    setBehind: (behind) => {
      set({ behind });
    },
    wasRemoved: (sentence) => {
      set({ removed: sentence, lastError: sentence, online: false });
    },
  }));
}
