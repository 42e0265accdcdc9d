import { COLLECTIONS, type CollectionName } from '../../shared/collections';
import { writeRefusal } from '../../shared/rules/permissions';
import {
  MAX_CLOCK_AHEAD_MS,
  pushRequestSchema,
  type PushResponse,
  type WireDocument,
} from '../../shared/sync/protocol';
import { fieldProblems } from '../../shared/validation';
import { HttpError } from '../http-error';
import type { Store, StoredDoc } from '../store/port';
import { RoleResolver, scopesFor } from './access';
import { refreshClashMarkers } from './clash-markers';
import { entityOf, sameState, toWire } from './documents';
import type { Device } from '../../shared/sync/protocol';
import type { Role } from '../../shared/schemas/organisation';
import { ProofChecker, type VerifiedProof } from './proofs';
import { ReferencedDocuments } from './references';
import { breathe, YIELD_EVERY } from './breathe';
import { bookingDateRefusal } from '../../shared/rules/bookable';
import { newReceiptNumbers } from '../../shared/rules/booking-integrity';
import { parseReceiptNo } from '../../shared/rules/receipt';

interface CheckedRow {
  id: string;
  scope: string;
  deleted: boolean;
  data: Record<string, unknown>;
  assumed: WireDocument | null;
  wire: WireDocument;
}

function parseRows(collection: CollectionName, body: unknown): CheckedRow[] {
  const rows = pushRequestSchema.safeParse(body);
  if (!rows.success) {
    throw new HttpError(
      400,
      'invalid-push',
      'The push is not a list of {assumedMasterState, newDocumentState} rows.',
      fieldProblems(rows.error),
    );
  }
  const problems: { document: string; field: string; message: string }[] = [];
  const out: CheckedRow[] = [];
  for (const row of rows.data) {
    const wire = row.newDocumentState;
    const parsed = COLLECTIONS[collection].schema.safeParse(entityOf(wire));
    if (!parsed.success) {
      for (const p of fieldProblems(parsed.error)) problems.push({ document: wire.id, ...p });
      continue;
    }
    const data = parsed.data as Record<string, unknown>;
    out.push({
      id: wire.id,
      scope: String(data.tenantId),
      deleted: wire._deleted,
      data,
      assumed: row.assumedMasterState ?? null,
      wire,
    });
  }
  const [first] = problems;
  if (first) {
    throw new HttpError(
      400,
      'invalid-document',
      `${collection} ${first.document}: ${first.field}: ${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}. Nothing from this push was stored.`,
      problems,
    );
  }
  return out;
}

/** Collections changed only through the administration endpoints, never by replication. */
const ADMINISTERED_ONLINE = new Set<CollectionName>(['users', 'memberships', 'organisations']);

interface PreparedRow {
  row: CheckedRow;
  /** Null for a conflict record the terminal made on its own, which no person signs. */
  proof: VerifiedProof | null;
  role: Role | null;
  actingStaffIds: string[];
  treatmentPrice: number | undefined;
}

/**
 * Stores a push atomically. Every document is validated and scope-checked first, and the proof of
 * who made it is verified against the keys registered on this server (400 / 403 store nothing); the
 * acting user is the proven signer, never a claim. Then, in one transaction, each row whose assumed
 * master state matches the stored version is written with a new sequence once the signer's role
 * allows the change and its proof has not been used before (the audit log records each proof once).
 * Rows that do not match come back as conflicts with the master state. A retried push whose rows are
 * already stored is answered as success and writes nothing twice.
 */
export async function applyPush(
  store: Store,
  device: Device,
  collection: CollectionName,
  body: unknown,
  now: number = Date.now(),
): Promise<PushResponse> {
  if (ADMINISTERED_ONLINE.has(collection)) {
    throw new HttpError(
      403,
      'administered-online',
      `${collection} are changed only through the administration endpoints, online. Nothing from this push was stored.`,
    );
  }
  const rows = parseRows(collection, body);
  const allowed = new Set(scopesFor(device, collection));
  for (const r of rows) {
    if (!allowed.has(r.scope)) {
      throw new HttpError(
        403,
        'forbidden-scope',
        `${collection} ${r.id} belongs to a branch this terminal is not enrolled for. Nothing from this push was stored.`,
      );
    }
  }
  const roles = new RoleResolver(store, device);
  const proofs = new ProofChecker(store, device);
  const references = await ReferencedDocuments.load(store, collection, rows);
  const prepare = async (r: CheckedRow): Promise<PreparedRow> => {
    const ahead = Number(r.data.updatedAt) - now;
    if (ahead > MAX_CLOCK_AHEAD_MS) {
      throw new HttpError(
        400,
        'clock-ahead',
        `${collection} ${r.id} was saved ${Math.round(ahead / 60_000)} minutes ahead of the sync server's clock: set this terminal's date and time correctly. Nothing from this push was stored.`,
      );
    }
    const foreign = references.refusal(collection, r.scope, r.data, device);
    if (foreign) {
      throw new HttpError(
        403,
        'foreign-reference',
        `${collection} ${r.id}: ${foreign} Nothing from this push was stored.`,
      );
    }
    const systemRecord = collection === 'conflicts' && r.wire.proof === undefined && r.data.status === 'open';
    if (systemRecord) return { row: r, proof: null, role: null, actingStaffIds: [], treatmentPrice: undefined };
    const proof = await proofs.verify(collection, r.wire, r.wire.proof);
    const role = await roles.roleOf(proof.userId, collection, r.scope);
    if (!role) {
      throw new HttpError(
        403,
        'forbidden-user',
        `${collection} ${r.id}: the person who signed this change has no active role in its branch. Nothing from this push was stored.`,
      );
    }
    const actingStaffIds = role === 'therapist' ? await roles.staffOf(proof.userId) : [];
    let treatmentPrice: number | undefined;
    if (collection === 'bookings') {
      const t = references.get('treatments', String(r.data.treatmentId));
      treatmentPrice = t && t.scope === r.scope && !t.deleted ? Number(t.data.price) : undefined;
    }
    return { row: r, proof, role, actingStaffIds, treatmentPrice };
  };
  const prepared: PreparedRow[] = [];
  for (const [i, r] of rows.entries()) {
    // Checking a proof is CPU work: other requests get their turn between slices of a large push.
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
    prepared.push(await prepare(r));
  }

  // Bookings are dated within their branch's life: not before it opened, not years ahead.
  const branches: Map<string, StoredDoc> =
    collection === 'bookings'
      ? await store.get('tenants', [...new Set(rows.map((r) => r.scope))])
      : new Map<string, StoredDoc>();

  return store.write(async (tx) => {
    const existing = await tx.get(
      collection,
      rows.map((r) => r.id),
    );
    const conflicts: WireDocument[] = [];
    const written = new Map<string, StoredDoc | undefined>();
    for (const [i, { row, proof, role, actingStaffIds, treatmentPrice }] of prepared.entries()) {
      // The transaction stays open across the pause; reads use their own connection meanwhile.
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
      const master = existing.get(row.id);
      if (master && master.scope !== row.scope) {
        throw new HttpError(
          403,
          'forbidden-scope',
          `${collection} ${row.id} belongs to another branch and cannot be moved. Nothing from this push was stored.`,
        );
      }
      // No master yet: the row creates the document (whatever the client assumed).
      if (master && !(row.assumed !== null && sameState(master, row.assumed))) {
        // Already stored by an earlier try of this push: success, nothing written twice.
        if (!sameState(master, row.wire)) conflicts.push(toWire(master));
        continue;
      }
      if (proof) {
        ProofChecker.checkMerge(collection, row.wire, master, proof);
        const refusal = writeRefusal({
          collection,
          role: role ?? 'therapist',
          before: master?.data,
          after: row.data,
          deleted: row.deleted,
          actingStaffIds,
          treatmentPrice,
        });
        if (refusal)
          throw new HttpError(
            403,
            'forbidden-role',
            `${collection} ${row.id}: ${refusal} Nothing from this push was stored.`,
          );
        if (collection === 'bookings') {
          const foreignReceipt = newReceiptNumbers(master?.data, row.data).find(
            (no) => parseReceiptNo(no)?.prefix !== device.prefix,
          );
          if (foreignReceipt !== undefined)
            throw new HttpError(
              403,
              'foreign-receipt',
              `${collection} ${row.id}: receipt ${foreignReceipt} is not numbered by this terminal (its receipts start with ${device.prefix}-). Nothing from this push was stored.`,
            );
        }
        if (collection === 'bookings' && !row.deleted && master?.data.startAt !== row.data.startAt) {
          const opened = Number(branches.get(row.scope)?.data.createdAt ?? 0);
          const dated = bookingDateRefusal(Number(row.data.startAt), opened, now);
          if (dated)
            throw new HttpError(
              400,
              'impossible-booking',
              `${collection} ${row.id}: ${dated.sentence} Nothing from this push was stored.`,
            );
        }
      } else if (master) {
        throw new HttpError(
          403,
          'bad-proof',
          `${collection} ${row.id}: the change carries no proof of who made it. Nothing from this push was stored.`,
        );
      }
      const recorded = await tx.audit({
        at: now,
        organisationId: device.organisationId,
        scope: row.scope,
        actorUserId: proof?.userId ?? null,
        deviceId: device.id,
        action: master ? (row.deleted ? 'delete' : 'update') : 'create',
        collection,
        documentId: row.id,
        ...(proof ? { nonce: proof.nonce } : {}),
      });
      if (!recorded) {
        throw new HttpError(
          403,
          'replayed-proof',
          `${collection} ${row.id}: this proof was used for an earlier change and cannot be used again. Nothing from this push was stored.`,
        );
      }
      const seq = await tx.put(collection, { id: row.id, scope: row.scope, deleted: row.deleted, data: row.data });
      if (!written.has(row.id)) written.set(row.id, master);
      existing.set(row.id, { id: row.id, scope: row.scope, seq, deleted: row.deleted, data: row.data });
    }
    if (written.size > 0 && (collection === 'bookings' || collection === 'patients')) {
      await refreshClashMarkers(tx, collection, written);
    }
    return conflicts;
  });
}
