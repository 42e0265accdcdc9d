import { removeRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openClinicDatabase, type ClinicDatabase } from './database';
import { deleteLocalStores } from './rescue';
import type { FetchLike } from './http';
import { startReplication, type ClinicReplication } from './replication';
import { TokenKeeper } from './token-keeper';
import { createSyncStatusStore } from './sync-status';
import { isStandalone, type TerminalProfile } from './terminal-profile';

/** The one database, replication and sync status of this terminal (browser or Electron window). */
export const LOCAL_DATABASE_NAME = 'clinic-desk';
export const syncStatus = createSyncStatusStore();
let db: Promise<ClinicDatabase> | undefined;
let replication: ClinicReplication | undefined;
let keeper: TokenKeeper | undefined;

export function localDatabase(): Promise<ClinicDatabase> {
  db ??= openClinicDatabase({ name: LOCAL_DATABASE_NAME, storage: getRxStorageDexie() }).catch((error: unknown) => {
    db = undefined;
    throw error;
  });
  return db;
}

export async function startSync(profile: TerminalProfile): Promise<void> {
  if (replication || isStandalone(profile)) return;
  const database = await localDatabase();
  keeper = new TokenKeeper(profile, {
    db: database,
    onEnded: (sentence) => {
      syncStatus.getState().wasRemoved(sentence);
    },
  });
  keeper.start();
  replication = startReplication({
    db: database,
    serverUrl: profile.serverUrl,
    token: keeper.token,
    fetch: keeper.fetch,
    deviceId: profile.device.id,
    status: syncStatus,
  });
}

/** Fetch for calls to the sync server with the device token: renews the token when it has ended. */
export const syncFetch: FetchLike = (input, init) => (keeper ? keeper.fetch(input, init) : fetch(input, init));

/** The way out of a broken local store: drop it; the data comes back from the server (or a backup). */
export async function resetLocalDatabase(): Promise<void> {
  await replication?.stop();
  replication = undefined;
  keeper?.stop();
  keeper = undefined;
  try {
    await (await db)?.close();
  } catch {
    // it may never have opened
  }
  db = undefined;
  // RxDB removes what it can open; a damaged store it cannot is then deleted by name all the same.
  await removeRxDatabase(LOCAL_DATABASE_NAME, getRxStorageDexie()).catch(() => undefined);
  await deleteLocalStores(LOCAL_DATABASE_NAME);
}
