import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CollectionName } from '../../shared/collections';
import { deviceSchema, type Checkpoint } from '../../shared/sync/protocol';
import { Mutex } from './mutex';
import { assertAllowedHash } from '../auth/passwords';
import { z } from 'zod';
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

interface Row {
  collection?: string;
  id: string;
  scope: string;
  seq: number;
  deleted: number;
  data: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS docs (
  collection TEXT NOT NULL, id TEXT NOT NULL, scope TEXT NOT NULL, seq INTEGER NOT NULL,
  deleted INTEGER NOT NULL, data TEXT NOT NULL, PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS docs_pull ON docs (collection, scope, seq);
CREATE INDEX IF NOT EXISTS docs_changes ON docs (scope, seq);
CREATE INDEX IF NOT EXISTS bookings_start ON docs (scope, json_extract(data, '$.startAt')) WHERE collection = 'bookings';
CREATE INDEX IF NOT EXISTS patients_phone ON docs (scope, json_extract(data, '$.phone')) WHERE collection = 'patients';
CREATE TABLE IF NOT EXISTS counters (scope TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS devices (id TEXT PRIMARY KEY, organisation_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS devices_org ON devices (organisation_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS credentials (user_id TEXT PRIMARY KEY, hash TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS user_keys (
  id TEXT PRIMARY KEY, user_id TEXT NOT NULL, device_id TEXT NOT NULL, data TEXT NOT NULL, revoked INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS user_keys_user ON user_keys (user_id);
CREATE INDEX IF NOT EXISTS user_keys_device ON user_keys (device_id);
CREATE TABLE IF NOT EXISTS hits (key TEXT PRIMARY KEY, count INTEGER NOT NULL, reset_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, organisation_id TEXT NOT NULL, nonce TEXT UNIQUE, data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_org ON audit (organisation_id, seq);
`;

const userKeySchema = z.strictObject({
  id: z.string(),
  userId: z.string(),
  deviceId: z.string(),
  organisationId: z.string(),
  publicKey: z.string(),
  createdAt: z.int(),
  revokedAt: z.int().nullable(),
});

const FIELD = /^[A-Za-z][A-Za-z0-9]*$/;

function toDoc(row: Row): StoredDoc {
  return {
    id: row.id,
    scope: row.scope,
    seq: row.seq,
    deleted: row.deleted === 1,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

/**
 * The embedded store: one SQLite file in WAL mode. SQLite lets one writer in at a time (across
 * processes too), and a write transaction takes its sequence numbers and commits while holding that
 * lock, so commits are in sequence order. `synchronous = FULL` makes an answered push durable even
 * if the machine loses power straight after.
 */
export function openSqliteStore(file: string): Store {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.exec(SCHEMA);
  const reader = new Database(file, { readonly: true, fileMustExist: true });
  const mutex = new Mutex();

  const prepare = (conn: Database.Database) => ({
    pull: conn.prepare<[string, string, number, number], Row>(
      'SELECT id, scope, seq, deleted, data FROM docs WHERE collection = ? AND scope = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    countAfter: conn.prepare<[string, string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM docs WHERE collection = ? AND scope = ? AND seq > ?',
    ),
    changes: conn.prepare<[string, number, number], Row>(
      'SELECT collection, id, scope, seq, deleted, data FROM docs WHERE scope = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    maxSeq: conn.prepare<[string], { seq: number }>('SELECT seq FROM counters WHERE scope = ?'),
    bump: conn.prepare<[string], { seq: number }>(
      'INSERT INTO counters (scope, seq) VALUES (?, 1) ON CONFLICT (scope) DO UPDATE SET seq = seq + 1 RETURNING seq',
    ),
    put: conn.prepare<[string, string, string, number, number, string]>(
      'INSERT OR REPLACE INTO docs (collection, id, scope, seq, deleted, data) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    near: conn.prepare<[string, number, number, string, string], Row>(
      `SELECT id, scope, seq, deleted, data FROM docs WHERE collection = 'bookings' AND scope = ?
         AND json_extract(data, '$.startAt') > ? AND json_extract(data, '$.startAt') < ? AND deleted = 0
         AND (json_extract(data, '$.staffId') IN (SELECT value FROM json_each(?))
           OR json_extract(data, '$.patientId') IN (SELECT value FROM json_each(?)))`,
    ),
    phone: conn.prepare<[string, string], Row>(
      `SELECT id, scope, seq, deleted, data FROM docs WHERE collection = 'patients' AND scope = ?
         AND json_extract(data, '$.phone') = ? AND deleted = 0`,
    ),
    getOne: conn.prepare<[string, string], Row>(
      'SELECT id, scope, seq, deleted, data FROM docs WHERE collection = ? AND id = ?',
    ),
    findBy: conn.prepare<[string, string, string | number], Row>(
      'SELECT id, scope, seq, deleted, data FROM docs WHERE collection = ? AND deleted = 0 AND json_extract(data, ?) = ?',
    ),
    saveDevice: conn.prepare<[string, string, string]>(
      'INSERT OR REPLACE INTO devices (id, organisation_id, data) VALUES (?, ?, ?)',
    ),
    getDevice: conn.prepare<[string], { data: string }>('SELECT data FROM devices WHERE id = ?'),
    listDevices: conn.prepare<[string], { data: string }>(
      'SELECT data FROM devices WHERE organisation_id = ? ORDER BY id',
    ),
    getMeta: conn.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    insertMeta: conn.prepare<[string, string]>('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)'),
    withField: conn.prepare<[string, string], Row>(
      'SELECT id, scope, seq, deleted, data FROM docs WHERE collection = ? AND json_type(data, ?) IS NOT NULL',
    ),
    getCredential: conn.prepare<[string], { hash: string }>('SELECT hash FROM credentials WHERE user_id = ?'),
    saveCredential: conn.prepare<[string, string]>('INSERT OR REPLACE INTO credentials (user_id, hash) VALUES (?, ?)'),
    getKey: conn.prepare<[string], { data: string }>('SELECT data FROM user_keys WHERE id = ?'),
    keyOf: conn.prepare<[string, string], { data: string }>(
      `SELECT data FROM user_keys WHERE user_id = ? AND device_id = ? AND revoked = 0`,
    ),
    saveKey: conn.prepare<[string, string, string, string, number]>(
      'INSERT OR REPLACE INTO user_keys (id, user_id, device_id, data, revoked) VALUES (?, ?, ?, ?, ?)',
    ),
    keysByUser: conn.prepare<[string], { data: string }>('SELECT data FROM user_keys WHERE user_id = ? ORDER BY id'),
    keysByDevice: conn.prepare<[string], { data: string }>(
      'SELECT data FROM user_keys WHERE device_id = ? ORDER BY id',
    ),
    addHits: conn.prepare<[string, number, number, number, number, number], { count: number; reset_at: number }>(
      `INSERT INTO hits (key, count, reset_at) VALUES (?, max(?, 0), ?)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN reset_at <= ? THEN excluded.count ELSE max(count + ?, 0) END,
         reset_at = CASE WHEN reset_at <= ? THEN excluded.reset_at ELSE reset_at END
       RETURNING count, reset_at`,
    ),
    clearHits: conn.prepare<[string]>('DELETE FROM hits WHERE key = ?'),
    audit: conn.prepare<[string, string | null, string]>(
      'INSERT OR IGNORE INTO audit (organisation_id, nonce, data) VALUES (?, ?, ?)',
    ),
    listAudit: conn.prepare<[string, number, number], { seq: number; data: string }>(
      'SELECT seq, data FROM audit WHERE organisation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    ),
  });
  // Writes (and reads inside a write) use the writer; every other read has its own connection, which
  // sees only committed data, so a pull or /health never waits for a write transaction to finish.
  const q = prepare(db);
  const r = prepare(reader);
  type Statements = typeof q;

  const parseKey = (row: { data: string } | undefined): UserKey | null =>
    row ? userKeySchema.parse(JSON.parse(row.data)) : null;
  const writeKey = (key: UserKey): void => {
    q.saveKey.run(key.id, key.userId, key.deviceId, JSON.stringify(key), key.revokedAt === null ? 0 : 1);
  };
  const keysMatching = (filter: KeyFilter, s: Statements = q): UserKey[] => {
    const rows = filter.userId
      ? s.keysByUser.all(filter.userId)
      : filter.deviceId
        ? s.keysByDevice.all(filter.deviceId)
        : [];
    return rows
      .map((r) => parseKey(r) as UserKey)
      .filter((k) => filter.deviceId === undefined || k.deviceId === filter.deviceId);
  };

  const get = (collection: CollectionName, ids: readonly string[], s: Statements): Map<string, StoredDoc> => {
    const out = new Map<string, StoredDoc>();
    for (const id of ids) {
      const row = s.getOne.get(collection, id);
      if (row) out.set(id, toDoc(row));
    }
    return out;
  };

  const tx: StoreTx = {
    get: (collection, ids) => Promise.resolve(get(collection, ids, q)),
    put: (collection, doc: NewVersion) => {
      const seq = (q.bump.get(doc.scope) as { seq: number }).seq;
      q.put.run(collection, doc.id, doc.scope, seq, doc.deleted ? 1 : 0, JSON.stringify(doc.data));
      return Promise.resolve(seq);
    },
    bookingsNear: (scope, startAfter, startBefore, staffIds, patientIds) =>
      Promise.resolve(
        q.near.all(scope, startAfter, startBefore, JSON.stringify(staffIds), JSON.stringify(patientIds)).map(toDoc),
      ),
    patientsByPhone: (scope, phones) => Promise.resolve(phones.flatMap((p) => q.phone.all(scope, p).map(toDoc))),
    findBy: (collection, field, value) => findBy(collection, field, value, q),
    audit: (entry: AuditEntry) =>
      Promise.resolve(q.audit.run(entry.organisationId, entry.nonce ?? null, JSON.stringify(entry)).changes === 1),
    saveCredential: (userId, hash) => {
      assertAllowedHash(hash);
      q.saveCredential.run(userId, hash);
      return Promise.resolve();
    },
    revokeKeys: (filter, at) => {
      for (const key of keysMatching(filter)) if (key.revokedAt === null) writeKey({ ...key, revokedAt: at });
      return Promise.resolve();
    },
    saveDevice: (device) => {
      q.saveDevice.run(device.id, device.organisationId, JSON.stringify(device));
      return Promise.resolve();
    },
    bumpSignal: (name) => {
      q.bump.get(`signal:${name}`);
      return Promise.resolve();
    },
  };

  function findBy(
    collection: CollectionName,
    field: string,
    value: string | number | boolean,
    s: Statements,
  ): Promise<StoredDoc[]> {
    if (!FIELD.test(field)) return Promise.reject(new Error(`not a field name: ${field}`));
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    return Promise.resolve(s.findBy.all(collection, `$.${field}`, v).map(toDoc));
  }

  return {
    kind: 'sqlite',
    pull(collection, scopes, checkpoint, limit) {
      const out: StoredDoc[] = [];
      for (const scope of scopes) {
        if (out.length >= limit) break;
        out.push(...r.pull.all(collection, scope, checkpoint[scope] ?? 0, limit - out.length).map(toDoc));
      }
      return Promise.resolve(out);
    },
    countAfter(collection, scopes, checkpoint) {
      let n = 0;
      for (const scope of scopes) n += r.countAfter.get(collection, scope, checkpoint[scope] ?? 0)?.n ?? 0;
      return Promise.resolve(n);
    },
    changesSince(scopes, since, limit) {
      const out: ChangedDoc[] = [];
      for (const scope of scopes) {
        if (out.length >= limit) break;
        for (const row of r.changes.all(scope, since[scope] ?? 0, limit - out.length)) {
          out.push({ ...toDoc(row), collection: row.collection as CollectionName });
        }
      }
      return Promise.resolve(out);
    },
    maxSeqs(scopes) {
      const out: Checkpoint = {};
      for (const scope of scopes) out[scope] = r.maxSeq.get(scope)?.seq ?? 0;
      return Promise.resolve(out);
    },
    write(fn) {
      return mutex.run(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(tx);
          db.exec('COMMIT');
          return result;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      });
    },
    findBy: (collection, field, value) => findBy(collection, field, value, r),
    findWithField(collection, field) {
      if (!FIELD.test(field)) return Promise.reject(new Error(`not a field name: ${field}`));
      return Promise.resolve(r.withField.all(collection, `$.${field}`).map(toDoc));
    },
    get: (collection, ids) => Promise.resolve(get(collection, ids, r)),
    // Writes outside write() still wait for it: a statement run while a transaction is open on this
    // connection would become part of it.
    saveDevice: (device) => mutex.run(() => tx.saveDevice(device)),
    getDevice(id) {
      const row = r.getDevice.get(id);
      return Promise.resolve(row ? deviceSchema.parse(JSON.parse(row.data)) : null);
    },
    listDevices(organisationId) {
      return Promise.resolve(r.listDevices.all(organisationId).map((row) => deviceSchema.parse(JSON.parse(row.data))));
    },
    getCredential(userId) {
      return Promise.resolve(r.getCredential.get(userId)?.hash ?? null);
    },
    saveKey(key) {
      return mutex.run(() => {
        const existing = q.keyOf
          .all(key.userId, key.deviceId)
          .map((r) => parseKey(r) as UserKey)
          .find((k) => k.publicKey === key.publicKey);
        if (existing) return Promise.resolve(existing);
        writeKey(key);
        return Promise.resolve(key);
      });
    },
    getKeys(ids) {
      const out = new Map<string, UserKey>();
      for (const id of ids) {
        const key = parseKey(r.getKey.get(id));
        if (key) out.set(id, key);
      }
      return Promise.resolve(out);
    },
    listKeys: (filter) => Promise.resolve(keysMatching(filter, r)),
    addHits(key, delta, windowMs, now) {
      return mutex.run(() => {
        const row = q.addHits.get(key, delta, now + windowMs, now, delta, now) as {
          count: number;
          reset_at: number;
        };
        return Promise.resolve({ count: row.count, resetAt: row.reset_at });
      });
    },
    clearHits(key) {
      return mutex.run(() => {
        q.clearHits.run(key);
        return Promise.resolve();
      });
    },
    listAudit(organisationId, limit, before) {
      const rows = r.listAudit.all(organisationId, before ?? Number.MAX_SAFE_INTEGER, limit);
      return Promise.resolve(
        rows.map((row): StoredAuditEntry => ({ ...(JSON.parse(row.data) as AuditEntry), seq: row.seq })),
      );
    },
    readSignal(name) {
      return Promise.resolve(r.maxSeq.get(`signal:${name}`)?.seq ?? 0);
    },
    getOrCreateMeta(key, create) {
      return mutex.run(() => {
        q.insertMeta.run(key, create());
        return Promise.resolve((q.getMeta.get(key) as { value: string }).value);
      });
    },
    close() {
      return mutex.run(() => {
        reader.close();
        db.close();
        return Promise.resolve();
      });
    },
  };
}
