import { MongoClient, WriteConcern, type ClientSession, type Collection, type Db, type Filter } from 'mongodb';
import { COLLECTIONS, COLLECTION_NAMES, type CollectionName } from '../../shared/collections';
import { deviceSchema, type Checkpoint, type Device } from '../../shared/sync/protocol';
import type { ChangedDoc, NewVersion, Store, StoreTx, StoredDoc } from './port';

interface DocRecord {
  _id: string;
  tenantId: string;
  _seq: number;
  _deleted: boolean;
  [field: string]: unknown;
}
interface CounterRecord {
  _id: string;
  seq: number;
}
interface DeviceRecord extends Omit<Device, 'id'> {
  _id: string;
}
interface MetaRecord {
  _id: string;
  value: string;
}

function toDoc(record: DocRecord): StoredDoc {
  const { _id, _seq, _deleted, ...data } = record;
  return { id: _id, scope: record.tenantId, seq: _seq, deleted: _deleted, data };
}

/**
 * The production store on MongoDB, one collection per entity with seed 002's names and indexes (every
 * index starts with tenantId). A write runs in one multi-document transaction that increments the
 * counter document of each scope it writes; two writers to one scope conflict on that counter and one
 * retries, so writes to a scope commit in sequence order and no reader skips a write. Transactions
 * need a replica set; a single-node replica set is enough.
 */
export async function openMongoStore(uri: string, dbName = 'clinic-desk'): Promise<Store> {
  const client = new MongoClient(uri, { retryWrites: true });
  await client.connect();
  const db: Db = client.db(dbName);
  const docs = (c: CollectionName): Collection<DocRecord> => db.collection<DocRecord>(c);
  const counters = db.collection<CounterRecord>('counters');
  const devices = db.collection<DeviceRecord>('devices');
  const meta = db.collection<MetaRecord>('meta');

  for (const name of COLLECTION_NAMES) {
    const c = docs(name);
    await c.createIndex({ tenantId: 1, _seq: 1 });
    for (const index of COLLECTIONS[name].indexes) {
      await c.createIndex(Object.fromEntries(index.map((f) => [f, 1])));
    }
  }
  await devices.createIndex({ organisationId: 1 });

  const get = async (
    collection: CollectionName,
    ids: readonly string[],
    session?: ClientSession,
  ): Promise<Map<string, StoredDoc>> => {
    const found = await docs(collection)
      .find({ _id: { $in: [...ids] } }, { session })
      .toArray();
    return new Map(found.map((r) => [r._id, toDoc(r)]));
  };

  const txFor = (session: ClientSession): StoreTx => ({
    get: (collection, ids) => get(collection, ids, session),
    async put(collection, doc: NewVersion) {
      const counter = await counters.findOneAndUpdate(
        { _id: doc.scope },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after', session },
      );
      const seq = counter?.seq ?? 1;
      const record: DocRecord = { ...doc.data, _id: doc.id, tenantId: doc.scope, _seq: seq, _deleted: doc.deleted };
      await docs(collection).replaceOne({ _id: doc.id }, record, { upsert: true, session });
      return seq;
    },
    async bookingsNear(scope, startAfter, startBefore, staffIds, patientIds) {
      const filter: Filter<DocRecord> = {
        tenantId: scope,
        _deleted: false,
        startAt: { $gt: startAfter, $lt: startBefore },
        $or: [{ staffId: { $in: [...staffIds] } }, { patientId: { $in: [...patientIds] } }],
      };
      return (await docs('bookings').find(filter, { session }).toArray()).map(toDoc);
    },
    async patientsByPhone(scope, phones) {
      const filter: Filter<DocRecord> = { tenantId: scope, _deleted: false, phone: { $in: [...phones] } };
      return (await docs('patients').find(filter, { session }).toArray()).map(toDoc);
    },
  });

  return {
    kind: 'mongodb',
    async pull(collection, scopes, checkpoint, limit) {
      const out: StoredDoc[] = [];
      for (const scope of scopes) {
        if (out.length >= limit) break;
        const found = await docs(collection)
          .find({ tenantId: scope, _seq: { $gt: checkpoint[scope] ?? 0 } })
          .sort({ _seq: 1 })
          .limit(limit - out.length)
          .toArray();
        out.push(...found.map(toDoc));
      }
      return out;
    },
    async changesSince(scopes, since, limit) {
      const out: ChangedDoc[] = [];
      for (const scope of scopes) {
        const perScope: ChangedDoc[] = [];
        for (const collection of COLLECTION_NAMES) {
          const found = await docs(collection)
            .find({ tenantId: scope, _seq: { $gt: since[scope] ?? 0 } })
            .sort({ _seq: 1 })
            .limit(limit)
            .toArray();
          perScope.push(...found.map((r) => ({ ...toDoc(r), collection })));
        }
        perScope.sort((a, b) => a.seq - b.seq);
        out.push(...perScope.slice(0, limit - out.length));
        if (out.length >= limit) break;
      }
      return out;
    },
    async maxSeqs(scopes) {
      const found = await counters.find({ _id: { $in: [...scopes] } }).toArray();
      const out: Checkpoint = Object.fromEntries(scopes.map((s) => [s, 0]));
      for (const c of found) out[c._id] = c.seq;
      return out;
    },
    async write(fn) {
      const session = client.startSession();
      try {
        return await session.withTransaction(() => fn(txFor(session)), {
          readConcern: { level: 'snapshot' },
          writeConcern: new WriteConcern('majority'),
        });
      } finally {
        await session.endSession();
      }
    },
    async findBy(collection, field, value) {
      const filter = { [field]: value, _deleted: false } as Filter<DocRecord>;
      return (await docs(collection).find(filter).toArray()).map(toDoc);
    },
    get: (collection, ids) => get(collection, ids),
    async saveDevice(device) {
      const { id, ...rest } = device;
      await devices.replaceOne({ _id: id }, rest, { upsert: true });
    },
    async getDevice(id) {
      const found = await devices.findOne({ _id: id });
      if (!found) return null;
      const { _id, ...rest } = found;
      return deviceSchema.parse({ id: _id, ...rest });
    },
    async listDevices(organisationId) {
      const found = await devices.find({ organisationId }).sort({ _id: 1 }).toArray();
      return found.map(({ _id, ...rest }) => deviceSchema.parse({ id: _id, ...rest }));
    },
    async getOrCreateMeta(key, create) {
      await meta.updateOne({ _id: key }, { $setOnInsert: { value: create() } }, { upsert: true });
      const found = await meta.findOne({ _id: key });
      if (!found) throw new Error(`meta ${key} vanished`);
      return found.value;
    },
    async close() {
      await client.close();
    },
  };
}
