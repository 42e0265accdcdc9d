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

/** A public key registered for one user on one terminal at that user's online sign-in there. */
export interface UserKey {
  id: string;
  userId: string;
  deviceId: string;
  organisationId: string;
  /** Raw Ed25519 public key, base64url. */
  publicKey: string;
  createdAt: number;
  revokedAt: number | null;
}

/**
 * One line of the append-only audit log: every write the server accepted (with the proof's nonce, so
 * a proof is accepted once) and every administration call, each with the proven user.
 */
export interface AuditEntry {
  at: number;
  organisationId: string;
  /** The branch (or organisation) the change belongs to. */
  scope: string;
  actorUserId: string | null;
  deviceId: string | null;
  action: string;
  collection?: string;
  documentId?: string;
  nonce?: string;
  detail?: Record<string, unknown>;
}

export interface StoredAuditEntry extends AuditEntry {
  seq: number;
}

export interface KeyFilter {
  userId?: string;
  deviceId?: string;
}

/** Reads and writes inside one write transaction. */
export interface StoreTx {
  /** Live documents of a collection whose top-level `field` equals `value`, in any scope. */
  findBy(collection: CollectionName, field: string, value: string | number | boolean): Promise<StoredDoc[]>;
  /** Appends to the audit log; false (and nothing written) when its nonce was accepted before. */
  audit(entry: AuditEntry): Promise<boolean>;
  saveCredential(userId: string, hash: string): Promise<void>;
  /** Revokes every unrevoked key matching the filter. */
  revokeKeys(filter: KeyFilter, at: number): Promise<void>;
  saveDevice(device: Device): Promise<void>;
  /** Moves a named signal on, so every server instance notices (revocations close live streams). */
  bumpSignal(name: string): Promise<void>;
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
  /** How many documents of one collection (deleted ones too) lie after the checkpoint. */
  countAfter(collection: CollectionName, scopes: readonly string[], checkpoint: Checkpoint): Promise<number>;
  /** Documents of every collection after `since`, for live streams. */
  changesSince(scopes: readonly string[], since: Checkpoint, limit: number): Promise<ChangedDoc[]>;
  /** Current highest sequence per scope (0 when nothing was written). */
  maxSeqs(scopes: readonly string[]): Promise<Checkpoint>;
  /** Runs `fn` in one transaction; nothing it wrote survives if it throws. */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Live documents of a collection whose top-level `field` equals `value`, in any scope. */
  findBy(collection: CollectionName, field: string, value: string | number | boolean): Promise<StoredDoc[]>;
  get(collection: CollectionName, ids: readonly string[]): Promise<Map<string, StoredDoc>>;
  /** Documents of a collection, deleted ones too, that have a top-level `field` (for migrations). */
  findWithField(collection: CollectionName, field: string): Promise<StoredDoc[]>;

  saveDevice(device: Device): Promise<void>;
  getDevice(id: string): Promise<Device | null>;
  /** The password hash of a user: kept only here, never in a replicated document. */
  getCredential(userId: string): Promise<string | null>;
  /** Registers a key, or answers the one already registered for that user, terminal and public key. */
  saveKey(key: UserKey): Promise<UserKey>;
  getKeys(ids: readonly string[]): Promise<Map<string, UserKey>>;
  listKeys(filter: KeyFilter): Promise<UserKey[]>;
  /**
   * Adds `delta` to a counter that starts again after `windowMs`, atomically for every instance, and
   * answers the count after it and when the window ends (sign-in limits).
   */
  addHits(key: string, delta: number, windowMs: number, now: number): Promise<{ count: number; resetAt: number }>;
  clearHits(key: string): Promise<void>;
  /** The newest audit entries of an organisation, newest first, before a sequence when given. */
  listAudit(organisationId: string, limit: number, before?: number): Promise<StoredAuditEntry[]>;
  readSignal(name: string): Promise<number>;
  listDevices(organisationId: string): Promise<Device[]>;
  /** A value kept once for every server instance on this store (the token signing key). */
  getOrCreateMeta(key: string, create: () => string): Promise<string>;
  close(): Promise<void>;
}
