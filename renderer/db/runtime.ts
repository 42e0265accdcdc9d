import { removeRxDatabase } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { openClinicDatabase, type ClinicDatabase } from './database';
import { startReplication, type ClinicReplication } from './replication';
import { createSyncStatusStore } from './sync-status';
import { isStandalone, type TerminalProfile } from './terminal-profile';

/** The one database, replication and sync status of this terminal (browser or Electron window). */
const DB_NAME = 'clinic-desk';
export const syncStatus = createSyncStatusStore();
let db: Promise<ClinicDatabase> | undefined;
let replication: ClinicReplication | undefined;

export function localDatabase(): Promise<ClinicDatabase> {
  db ??= openClinicDatabase({ name: DB_NAME, storage: getRxStorageDexie() }).catch((error: unknown) => {
    db = undefined;
    throw error;
  });
  return db;
}

export async function startSync(profile: TerminalProfile): Promise<void> {
  if (replication || isStandalone(profile)) return;
  replication = startReplication({
    db: await localDatabase(),
    serverUrl: profile.serverUrl,
    token: profile.token,
    deviceId: profile.device.id,
    status: syncStatus,
  });
}

/** The way out of a broken local store: drop it; the data comes back from the server (or a backup). */
export async function resetLocalDatabase(): Promise<void> {
  await replication?.stop();
  replication = undefined;
  try {
    await (await db)?.close();
  } catch {
    // it may never have opened
  }
  db = undefined;
  await removeRxDatabase(DB_NAME, getRxStorageDexie());
}
