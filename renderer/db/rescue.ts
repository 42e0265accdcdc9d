import { BACKUP_FORMAT, BACKUP_VERSION, type BackupFile } from '../../shared/backup';
import { COLLECTION_NAMES, COLLECTIONS, type CollectionName } from '../../shared/collections';
import { escapeRegExp } from '../../shared/rules/text';
import { rxSchemaFor } from '../../shared/rxdb-schema';
import { plainOf } from '../platform/backup';

/**
 * When the local database cannot be opened, what it still holds is read straight from IndexedDB,
 * store by store, without RxDB: every record that can be read and passes its schema goes into a file
 * in the backup format, so it can be restored once the terminal is set up again. Nothing is written.
 */
export interface RescueResult {
  /** Null when no branch could be read (a backup names its organisation and branches). */
  backup: BackupFile | null;
  /** Records read and kept, per collection. */
  counts: Partial<Record<CollectionName, number>>;
  /** Collections whose store could not be read at all. */
  unreadable: CollectionName[];
  /** Records read but not valid any more (left out of the file). */
  invalid: number;
}

/** RxDB's Dexie storage keeps one IndexedDB database per collection and schema version, named so. */
const storePrefix = (dbName: string) => `rxdb-dexie-${dbName}--`;

function storeNamePattern(dbName: string, collection: string): RegExp {
  return new RegExp(`^${escapeRegExp(storePrefix(dbName))}(\\d+)--${escapeRegExp(collection)}$`);
}

function booleanIndexes(collection: CollectionName): string[] {
  const schema = rxSchemaFor(collection);
  const properties = schema.properties as Record<string, { type?: unknown }>;
  return [...new Set(schema.indexes.flat())].filter((f) => properties[f]?.type === 'boolean');
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(new Error('IndexedDB request failed', { cause: req.error }));
    };
  });
}

async function readDocs(idb: IDBFactory, name: string): Promise<unknown[]> {
  const open = idb.open(name);
  // Only databases that exist are opened; never create or upgrade one here.
  open.onupgradeneeded = () => {
    open.transaction?.abort();
  };
  const db = await request(open);
  try {
    if (!db.objectStoreNames.contains('docs')) throw new Error(`${name} has no documents store`);
    return (await request(db.transaction('docs', 'readonly').objectStore('docs').getAll())) as unknown[];
  } finally {
    db.close();
  }
}

/** Reads what the terminal's local database still holds; never throws for one unreadable store. */
export async function rescueLocalData(
  dbName: string,
  idb: IDBFactory = indexedDB,
  now = Date.now(),
): Promise<RescueResult> {
  const names = (await idb.databases()).map((d) => d.name ?? '');
  const result: RescueResult = { backup: null, counts: {}, unreadable: [], invalid: 0 };
  const collections: BackupFile['collections'] = {};
  for (const collection of COLLECTION_NAMES) {
    const pattern = storeNamePattern(dbName, collection);
    // The newest schema version holds the current documents (older ones are emptied by migration).
    const stored = names
      .map((n) => {
        const match = pattern.exec(n);
        return { n, v: match ? Number(match[1]) : -1 };
      })
      .filter((x) => x.v >= 0)
      .sort((a, b) => b.v - a.v)[0];
    if (!stored) continue;
    let raw: unknown[];
    try {
      raw = await readDocs(idb, stored.n);
    } catch {
      result.unreadable.push(collection);
      continue;
    }
    const booleans = booleanIndexes(collection);
    const kept: BackupFile['collections'][string] = [];
    for (const doc of raw) {
      if (doc === null || typeof doc !== 'object') {
        result.invalid++;
        continue;
      }
      const record = doc as Record<string, unknown>;
      // Deleted records are not brought back.
      if (record._deleted === '1' || record._deleted === true) continue;
      const entity = plainOf(record);
      // Dexie stores indexed true/false as '1'/'0'.
      for (const field of booleans)
        if (entity[field] === '1' || entity[field] === '0') entity[field] = entity[field] === '1';
      const parsed = COLLECTIONS[collection].schema.safeParse(entity);
      if (!parsed.success) {
        result.invalid++;
        continue;
      }
      kept.push({ ...entity, _deleted: false } as BackupFile['collections'][string][number]);
    }
    kept.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    collections[collection] = kept;
    result.counts[collection] = kept.length;
  }
  const branches = (collections.tenants ?? []) as unknown as { id: string; organisationId: string }[];
  const organisationId = branches[0]?.organisationId;
  if (organisationId !== undefined)
    result.backup = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: now,
      organisationId,
      branchIds: branches.filter((b) => b.organisationId === organisationId).map((b) => b.id),
      collections,
    };
  return result;
}

/**
 * Deletes every IndexedDB database of the terminal's local database by name, also one RxDB cannot
 * open any more (a damaged store); fails if one cannot be deleted.
 */
export async function deleteLocalStores(dbName: string, idb: IDBFactory = indexedDB): Promise<void> {
  const names = (await idb.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(storePrefix(dbName)));
  for (const name of names) await request(idb.deleteDatabase(name));
}
