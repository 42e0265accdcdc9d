import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CollectionName } from '../../shared/collections';
import { deviceSchema, type Checkpoint } from '../../shared/sync/protocol';
import { Mutex } from './mutex';
import type { ChangedDoc, NewVersion, Store, StoreTx, StoredDoc } from './port';

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
`;

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
  const mutex = new Mutex();

  const q = {
    pull: db.prepare<[string, string, number, number], Row>(
      'SELECT id, scope, seq, deleted, data FROM docs WHERE collection = ? AND scope = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    changes: db.prepare<[string, number, number], Row>(
      'SELECT collection, id, scope, seq, deleted, data FROM docs WHERE scope = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    maxSeq: db.prepare<[string], { seq: number }>('SELECT seq FROM counters WHERE scope = ?'),
    bump: db.prepare<[string], { seq: number }>(
      'INSERT INTO counters (scope, seq) VALUES (?, 1) ON CONFLICT (scope) DO UPDATE SET seq = seq + 1 RETURNING seq',
    ),
    put: db.prepare<[string, string, string, number, number, string]>(
      'INSERT OR REPLACE INTO docs (collection, id, scope, seq, deleted, data) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    near: db.prepare<[string, number, number, string, string], Row>(
      `SELECT id, scope, seq, deleted, data FROM docs WHERE collection = 'bookings' AND scope = ?
         AND json_extract(data, '$.startAt') > ? AND json_extract(data, '$.startAt') < ? AND deleted = 0
         AND (json_extract(data, '$.staffId') IN (SELECT value FROM json_each(?))
           OR json_extract(data, '$.patientId') IN (SELECT value FROM json_each(?)))`,
    ),
    phone: db.prepare<[string, string], Row>(
      `SELECT id, scope, seq, deleted, data FROM docs WHERE collection = 'patients' AND scope = ?
         AND json_extract(data, '$.phone') = ? AND deleted = 0`,
    ),
    getOne: db.prepare<[string, string], Row>(
      'SELECT id, scope, seq, deleted, data FROM docs WHERE collection = ? AND id = ?',
    ),
    findBy: db.prepare<[string, string, string | number], Row>(
      'SELECT id, scope, seq, deleted, data FROM docs WHERE collection = ? AND deleted = 0 AND json_extract(data, ?) = ?',
    ),
    saveDevice: db.prepare<[string, string, string]>(
      'INSERT OR REPLACE INTO devices (id, organisation_id, data) VALUES (?, ?, ?)',
    ),
    getDevice: db.prepare<[string], { data: string }>('SELECT data FROM devices WHERE id = ?'),
    listDevices: db.prepare<[string], { data: string }>(
      'SELECT data FROM devices WHERE organisation_id = ? ORDER BY id',
    ),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    insertMeta: db.prepare<[string, string]>('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)'),
  };

  const get = (collection: CollectionName, ids: readonly string[]): Map<string, StoredDoc> => {
    const out = new Map<string, StoredDoc>();
    for (const id of ids) {
      const row = q.getOne.get(collection, id);
      if (row) out.set(id, toDoc(row));
    }
    return out;
  };

  const tx: StoreTx = {
    get: (collection, ids) => Promise.resolve(get(collection, ids)),
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
  };

  return {
    kind: 'sqlite',
    pull(collection, scopes, checkpoint, limit) {
      const out: StoredDoc[] = [];
      for (const scope of scopes) {
        if (out.length >= limit) break;
        out.push(...q.pull.all(collection, scope, checkpoint[scope] ?? 0, limit - out.length).map(toDoc));
      }
      return Promise.resolve(out);
    },
    changesSince(scopes, since, limit) {
      const out: ChangedDoc[] = [];
      for (const scope of scopes) {
        if (out.length >= limit) break;
        for (const row of q.changes.all(scope, since[scope] ?? 0, limit - out.length)) {
          out.push({ ...toDoc(row), collection: row.collection as CollectionName });
        }
      }
      return Promise.resolve(out);
    },
    maxSeqs(scopes) {
      const out: Checkpoint = {};
      for (const scope of scopes) out[scope] = q.maxSeq.get(scope)?.seq ?? 0;
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
    findBy(collection, field, value) {
      if (!FIELD.test(field)) return Promise.reject(new Error(`not a field name: ${field}`));
      const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      return Promise.resolve(q.findBy.all(collection, `$.${field}`, v).map(toDoc));
    },
    get: (collection, ids) => Promise.resolve(get(collection, ids)),
    saveDevice(device) {
      q.saveDevice.run(device.id, device.organisationId, JSON.stringify(device));
      return Promise.resolve();
    },
    getDevice(id) {
      const row = q.getDevice.get(id);
      return Promise.resolve(row ? deviceSchema.parse(JSON.parse(row.data)) : null);
    },
    listDevices(organisationId) {
      return Promise.resolve(q.listDevices.all(organisationId).map((r) => deviceSchema.parse(JSON.parse(r.data))));
    },
    getOrCreateMeta(key, create) {
      q.insertMeta.run(key, create());
      return Promise.resolve((q.getMeta.get(key) as { value: string }).value);
    },
    close() {
      return mutex.run(() => {
        db.close();
        return Promise.resolve();
      });
    },
  };
}
