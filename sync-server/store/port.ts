import type { CollectionName } from '../../shared/collections';
import type { Checkpoint } from '../../shared/sync/protocol';
import type { Device } from '../../shared/sync/protocol';

/**
 * The small port every store implements (SQLite embedded, MongoDB in production). Documents are kept
 * whole as JSON beside the few columns the server queries: scope (tenantId), a server sequence and
 * the soft-delete flag.
 *
 * Sequences: each scope (branch or organisation) has one counter. A write transaction takes the next
 * numbers from the counters of the scopes it writes, and the store guarantees that writes to one scope
 * commit in sequence order. So a reader that has seen sequence n of a scope has already seen every
 * committed write below n, and a checkpoint never skips a write that commits later.
 */
export interface StoredDoc {
  id: string;
  scope: string;
  seq: number;
  deleted: boolean;
  /** The entity without `_deleted`. */
  data: Record<string, unknown>;
}

export interface ChangedDoc extends StoredDoc {
  collection: CollectionName;
}

export interface NewVersion {
  id: string;
  scope: string;
  deleted: boolean;
  data: Record<string, unknown>;
}

/** Reads and writes inside one write transaction. */
export interface StoreTx {
  get(collection: CollectionName, ids: readonly string[]): Promise<Map<string, StoredDoc>>;
  /** Stores a new version, taking the next sequence of its scope; answers that sequence. */
  put(collection: CollectionName, doc: NewVersion): Promise<number>;
  /** Live (not deleted) bookings of a scope with startAt in (startAfter, startBefore), for given staff or patients. */
  bookingsNear(
    scope: string,
    startAfter: number,
    startBefore: number,
    staffIds: readonly string[],
    patientIds: readonly string[],
  ): Promise<StoredDoc[]>;
  /** Live patients of a scope with one of these phones. */
  patientsByPhone(scope: string, phones: readonly string[]): Promise<StoredDoc[]>;
}

export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  /** Documents of one collection after the checkpoint, in sequence order per scope, at most `limit`. */
  pull(
    collection: CollectionName,
    scopes: readonly string[],
    checkpoint: Checkpoint,
    limit: number,
  ): Promise<StoredDoc[]>;
  /** Documents of every collection after `since`, for live streams. */
  changesSince(scopes: readonly string[], since: Checkpoint, limit: number): Promise<ChangedDoc[]>;
  /** Current highest sequence per scope (0 when nothing was written). */
  maxSeqs(scopes: readonly string[]): Promise<Checkpoint>;
  /** Runs `fn` in one transaction; nothing it wrote survives if it throws. */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Live documents of a collection whose top-level `field` equals `value`, in any scope. */
  findBy(collection: CollectionName, field: string, value: string | number | boolean): Promise<StoredDoc[]>;
  get(collection: CollectionName, ids: readonly string[]): Promise<Map<string, StoredDoc>>;

  saveDevice(device: Device): Promise<void>;
  getDevice(id: string): Promise<Device | null>;
  listDevices(organisationId: string): Promise<Device[]>;
  /** A value kept once for every server instance on this store (the token signing key). */
  getOrCreateMeta(key: string, create: () => string): Promise<string>;
  close(): Promise<void>;
}
