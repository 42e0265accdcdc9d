import { join } from 'node:path';
import { openMongoStore } from './mongo';
import type { Store } from './port';
import { openSqliteStore } from './sqlite';

export const SQLITE_FILE = 'clinic-desk.sqlite';

/** MongoDB when a URI is given, otherwise the embedded SQLite file in the data folder. */
export async function openStore(options: { dataDir: string; mongoUri?: string | undefined }): Promise<Store> {
  if (options.mongoUri) return openMongoStore(options.mongoUri);
  return openSqliteStore(join(options.dataDir, SQLITE_FILE));
}
