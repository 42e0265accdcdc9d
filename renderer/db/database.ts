import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { COLLECTION_NAMES, type CollectionName, type DocOf } from '../../shared/collections';
import { rxSchemaFor } from '../../shared/rxdb-schema';
import { newId } from '../../shared/ids';
import { clinicConflictHandler, RefusalRegistry, type LostVersion } from './conflict-handler';
import { installSigning } from './signer';

addRxPlugin(RxDBLocalDocumentsPlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

export type ClinicCollections = { [C in CollectionName]: RxCollection<DocOf<C>> };
export type ClinicDatabase = RxDatabase<ClinicCollections>;

export interface OpenOptions {
  /** One database per terminal profile (IndexedDB database name). */
  name: string;
  storage: Parameters<typeof createRxDatabase>[0]['storage'];
}

/**
 * The terminal's local database: every collection from the shared schemas, and local documents for
 * the terminal's own settings (enrolment, last sync). All screens read and write this copy; the
 * replication keeps it in step with the server.
 */
export async function openClinicDatabase(options: OpenOptions): Promise<ClinicDatabase> {
  const db = await createRxDatabase<ClinicCollections>({
    name: options.name,
    storage: options.storage,
    multiInstance: false,
    localDocuments: true,
    eventReduce: true,
  });
  const refusals = new RefusalRegistry();
  // The conflict handler keeps every losing version in this same database, in the document's branch
  // (organisation-wide documents go to the first branch this terminal holds).
  const recorder = async (lost: LostVersion): Promise<void> => {
    const branch = await db.tenants.findOne(lost.tenantId).exec();
    const tenantId = branch ? branch.id : ((await db.tenants.findOne().exec())?.id ?? lost.tenantId);
    const now = Date.now();
    await db.conflicts.insert({
      id: newId(now),
      tenantId,
      createdAt: now,
      updatedAt: now,
      updatedBy: lost.updatedBy,
      kind: lost.kind,
      entity: lost.entity,
      documentId: lost.documentId,
      fields: lost.fields,
      losing: lost.losing,
      ...(lost.kept !== undefined ? { kept: lost.kept } : {}),
      ...(lost.reason !== undefined ? { reason: lost.reason } : {}),
      status: 'open',
    });
  };
  try {
    await addClinicCollections(db, recorder, refusals);
    // Every store is opened now, so a damaged one is found at start, not halfway through someone's work.
    await Promise.all(COLLECTION_NAMES.map((name) => db[name].storageInstance.findDocumentsById([PROBE_ID], true)));
  } catch (error) {
    // A store that cannot be opened (disk full, damaged): let go of the ones that did, so they can
    // be read for a rescue copy or deleted.
    await db.close().catch(() => undefined);
    throw error;
  }
  installSigning(db);
  registries.set(db, refusals);
  return db;
}

function addClinicCollections(
  db: ClinicDatabase,
  recorder: (lost: LostVersion) => Promise<void>,
  refusals: RefusalRegistry,
): Promise<unknown> {
  return db.addCollections(
    Object.fromEntries(
      COLLECTION_NAMES.map((name) => [
        name,
        {
          schema: rxSchemaFor(name),
          conflictHandler: clinicConflictHandler(name, recorder, refusals),
          migrationStrategies: COLLECTION_MIGRATIONS[name] ?? MIGRATIONS,
        },
      ]),
    ),
  );
}

/**
 * Version 1 adds proofs (optional, so documents stay as they are) and takes the credential hashes off
 * users: terminals no longer hold any; people sign in online once on each terminal after the upgrade.
 */
const MIGRATIONS = {
  1: (doc: Record<string, unknown>) => {
    const { passwordHash: _password, pinHash: _pin, ...rest } = doc;
    return rest;
  },
};

/** Steps that only add an optional field: documents stay as they are. */
const unchanged = (doc: Record<string, unknown>) => doc;
const COLLECTION_MIGRATIONS: Partial<Record<CollectionName, Record<number, typeof unchanged>>> = {
  /** Version 2 of branches adds the optional phone region; 3 the locale and receipt details. */
  tenants: { ...MIGRATIONS, 2: unchanged, 3: unchanged },
  /** Version 2 of bookings adds refunds (an optional reason on a payment); 3 receipt numbers and cash tendered. */
  bookings: { ...MIGRATIONS, 2: unchanged, 3: unchanged },
  /** Version 2 of patients adds the reason a phone is shared on purpose; 3 date of birth and address. */
  patients: { ...MIGRATIONS, 2: unchanged, 3: unchanged },
};

const PROBE_ID = 'storage-probe';

const registries = new WeakMap<ClinicDatabase, RefusalRegistry>();

/** Documents the server refused, waiting for the conflict handler to set them aside. */
export function refusalsOf(db: ClinicDatabase): RefusalRegistry {
  const r = registries.get(db);
  if (!r) throw new Error('not a clinic database');
  return r;
}
