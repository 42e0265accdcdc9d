import type { RxDocument } from 'rxdb';
import type { z } from 'zod';
import type { CollectionName } from '../../shared/collections';
import { writeRefusal } from '../../shared/rules/permissions';
import type { Role } from '../../shared/schemas/organisation';
import type { Tenant } from '../../shared/schemas/tenant';
import { describeProblems } from '../../shared/validation';

/** Who is acting, in which branch: every local write is stamped with the user and checked by role. */
export interface WriteContext {
  userId: string;
  role: Role;
  branch: Pick<
    Tenant,
    'id' | 'createdAt' | 'timeZone' | 'currency' | 'phoneCountryCode' | 'phoneRegion' | 'overlapPolicy'
  >;
  /** Staff records linked to the user (a therapist's own bookings). */
  staffIds: readonly string[];
  /** This terminal's prefix, unique in its branches: it numbers the receipts it prints. */
  terminalPrefix?: string;
  /** True while this terminal is still downloading its branches from the server. */
  downloading?: () => boolean;
  now: () => number;
}

/** A write refused at the desk, with a sentence saying why and what to do. */
export class WriteRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A write that is allowed but probably a mistake: the desk asks the question, and a yes writes it. */
export class NeedsConfirmation extends WriteRefused {
  constructor(question: string) {
    super('needs-confirmation', question);
  }
}

export interface WriteOptions {
  /** The version is a deletion. */
  deleted?: boolean;
  /** A new booking's price must be its treatment's (the catalogue's) price. */
  treatmentPrice?: number;
}

/**
 * The one guard every local write passes before it is stored: the new version against its schema,
 * then the writer's role against the change (the booking clash policy is added by the booking writes).
 * Returns the parsed version; throws WriteRefused with the reason.
 */
export function checkedWrite<S extends z.ZodType>(
  collection: CollectionName,
  schema: S,
  before: Record<string, unknown> | undefined,
  after: unknown,
  ctx: WriteContext,
  options: WriteOptions = {},
): z.output<S> {
  const parsed = schema.safeParse(after);
  if (!parsed.success) throw new WriteRefused('invalid', describeProblems(parsed.error));
  const refusal = writeRefusal({
    collection,
    role: ctx.role,
    before,
    after: parsed.data as Record<string, unknown>,
    deleted: options.deleted ?? false,
    actingStaffIds: ctx.staffIds,
    ...(options.treatmentPrice !== undefined ? { treatmentPrice: options.treatmentPrice } : {}),
  });
  if (refusal) throw new WriteRefused('forbidden', refusal);
  return parsed.data;
}

/** How often a write is planned again when a colleague's version lands while it is being planned. */
const ATTEMPTS = 5;

function isConflict(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error as { code: unknown }).code === 'CONFLICT';
}

/**
 * Changes one stored document as a function of its current state. `plan` gets the version stored now
 * and answers the next one (running every check it needs, queries included), or null for no change.
 * The next version is stored only if the stored one is still the one it was planned from (compare and
 * swap); if a pulled version landed meanwhile, the write is planned again from that, so a colleague's
 * change is never overwritten by a version computed before it arrived.
 */
export async function writeFromCurrent<T extends { id: string }>(
  doc: RxDocument<T>,
  plan: (current: T) => Promise<(T & { _deleted?: boolean }) | null> | (T & { _deleted?: boolean }) | null,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    // After a lost race, read the stored version again rather than trust the in-memory copy.
    const latest = attempt === 1 ? doc.getLatest() : await doc.collection.findOne(doc.primary).exec();
    if (!latest || latest._data._deleted) throw new WriteRefused('deleted', 'That record was deleted on another desk.');
    const stored = latest._data;
    const current = latest.toJSON() as unknown as T;
    const next = await plan(current);
    if (next === null) return current;
    const { _deleted: deleted, ...fields } = next;
    try {
      await latest._saveData(
        {
          ...fields,
          _deleted: deleted === true,
          _meta: stored._meta,
          _rev: stored._rev,
          _attachments: stored._attachments,
        },
        stored,
      );
      return fields as unknown as T;
    } catch (error) {
      if (!isConflict(error) || attempt >= ATTEMPTS) {
        if (isConflict(error))
          throw new WriteRefused('busy', 'This record keeps changing on another desk. Open it again and retry.');
        throw error;
      }
    }
  }
}
