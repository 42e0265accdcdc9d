import { MongoClient, WriteConcern, type ClientSession, type Collection, type Db, type Filter } from 'mongodb';
import { COLLECTIONS, COLLECTION_NAMES, type CollectionName } from '../../shared/collections';
import { deviceSchema, type Checkpoint, type Device } from '../../shared/sync/protocol';
import { assertAllowedHash } from '../auth/passwords';
import type {
  AuditEntry,
  ChangedDoc,
  KeyFilter,
  NewVersion,
  Store,
  StoreTx,
  StoredAuditEntry,
  StoredDoc,
  UserKey,
} from './port';

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
interface CredentialRecord {
  _id: string;
  hash: string;
}
interface KeyRecord extends Omit<UserKey, 'id'> {
  _id: string;
}
interface HitRecord {
  _id: string;
  count: number;
  resetAt: number;
}
type AuditRecord = AuditEntry;

function keyOf({ _id, ...rest }: KeyRecord): UserKey {
  return { id: _id, ...rest };
}

function keyFilter(filter: KeyFilter): Filter<KeyRecord> | null {
  if (filter.userId === undefined && filter.deviceId === undefined) return null;
  return {
    ...(filter.userId !== undefined ? { userId: filter.userId } : {}),
    ...(filter.deviceId !== undefined ? { deviceId: filter.deviceId } : {}),
  };
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
  const credentials = db.collection<CredentialRecord>('credentials');
  const userKeys = db.collection<KeyRecord>('user_keys');
  const hits = db.collection<HitRecord>('hits');
  const audit = db.collection<AuditRecord>('audit');

  for (const name of COLLECTION_NAMES) {
    const c = docs(name);
    await c.createIndex({ tenantId: 1, _seq: 1 });
    for (const index of COLLECTIONS[name].indexes) {
      await c.createIndex(Object.fromEntries(index.map((f) => [f, 1])));
    }
  }
  await devices.createIndex({ organisationId: 1 });
  await userKeys.createIndex({ userId: 1 });
  await userKeys.createIndex({ deviceId: 1 });
  await audit.createIndex({ organisationId: 1, at: -1 });
  // A proof is accepted once: its nonce is unique wherever one is recorded.
  await audit.createIndex(
    { nonce: 1 },
    { unique: true, partialFilterExpression: { nonce: { $type: 'string' } } },
    undefined,
  );

  const bump = async (scope: string, session?: ClientSession): Promise<number> => {
    const counter = await counters.findOneAndUpdate(
      { _id: scope },
      { $inc: { seq: 1 } },
      { upsert: true, returnDocument: 'after', session },
    );
    return counter?.seq ?? 1;
  };
  const findBy = async (
    collection: CollectionName,
    field: string,
    value: string | number | boolean,
    session?: ClientSession,
  ): Promise<StoredDoc[]> => {
    const filter = { [field]: value, _deleted: false } as Filter<DocRecord>;
    return (await docs(collection).find(filter, { session }).toArray()).map(toDoc);
  };
  const saveDevice = async (device: Device, session?: ClientSession): Promise<void> => {
    const { id, ...rest } = device;
    await devices.replaceOne({ _id: id }, rest, { upsert: true, session });
  };

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
      const seq = await bump(doc.scope, session);
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
    findBy: (collection, field, value) => findBy(collection, field, value, session),
    async audit(entry) {
      if (entry.nonce !== undefined && (await audit.countDocuments({ nonce: entry.nonce }, { session })) > 0) {
        return false;
      }
      // No shared counter: one would make every push of an organisation contend on one document.
      await audit.insertOne({ ...entry }, { session });
      return true;
    },
    async saveCredential(userId, hash) {
      assertAllowedHash(hash);
      await credentials.replaceOne({ _id: userId }, { hash }, { upsert: true, session });
    },
    async revokeKeys(filter, at) {
      const f = keyFilter(filter);
      if (f) await userKeys.updateMany({ ...f, revokedAt: null }, { $set: { revokedAt: at } }, { session });
    },
    saveDevice: (device) => saveDevice(device, session),
    async bumpSignal(name) {
      await bump(`signal:${name}`, session);
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
    async countAfter(collection, scopes, checkpoint) {
      let n = 0;
      for (const scope of scopes)
        n += await docs(collection).countDocuments({ tenantId: scope, _seq: { $gt: checkpoint[scope] ?? 0 } });
      return n;
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
    findBy: (collection, field, value) => findBy(collection, field, value),
    get: (collection, ids) => get(collection, ids),
    async findWithField(collection, field) {
      const filter = { [field]: { $exists: true } } as Filter<DocRecord>;
      return (await docs(collection).find(filter).toArray()).map(toDoc);
    },
    saveDevice: (device) => saveDevice(device),
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
    async getCredential(userId) {
      return (await credentials.findOne({ _id: userId }))?.hash ?? null;
    },
    async saveKey(key) {
      const existing = await userKeys.findOne({
        userId: key.userId,
        deviceId: key.deviceId,
        publicKey: key.publicKey,
        revokedAt: null,
      });
      if (existing) return keyOf(existing);
      const { id, ...rest } = key;
      await userKeys.insertOne({ _id: id, ...rest });
      return key;
    },
    async getKeys(ids) {
      const found = await userKeys.find({ _id: { $in: [...ids] } }).toArray();
      return new Map(found.map((r) => [r._id, keyOf(r)]));
    },
    async listKeys(filter) {
      const f = keyFilter(filter);
      return f ? (await userKeys.find(f).sort({ _id: 1 }).toArray()).map(keyOf) : [];
    },
    async addHits(key, delta, windowMs, now) {
      // One atomic update: a window that has ended starts again at this hit.
      const found = await hits.findOneAndUpdate(
        { _id: key },
        [
          {
            $set: {
              count: {
                $cond: [
                  { $lte: [{ $ifNull: ['$resetAt', 0] }, now] },
                  Math.max(delta, 0),
                  { $max: [{ $add: ['$count', delta] }, 0] },
                ],
              },
              resetAt: {
                $cond: [{ $lte: [{ $ifNull: ['$resetAt', 0] }, now] }, now + windowMs, '$resetAt'],
              },
            },
          },
        ],
        { upsert: true, returnDocument: 'after' },
      );
      return { count: found?.count ?? Math.max(delta, 0), resetAt: found?.resetAt ?? now + windowMs };
    },
    async clearHits(key) {
      await hits.deleteOne({ _id: key });
    },
    async listAudit(organisationId, limit, before) {
      // Ordered by time here (the SQLite store has a sequence); `seq` is the entry's time.
      const found = await audit
        .find({ organisationId, ...(before !== undefined ? { at: { $lt: before } } : {}) }, { projection: { _id: 0 } })
        .sort({ at: -1 })
        .limit(limit)
        .toArray();
      return found.map((entry): StoredAuditEntry => ({ ...entry, seq: entry.at }));
    },
    async readSignal(name) {
      return (await counters.findOne({ _id: `signal:${name}` }))?.seq ?? 0;
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
