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
  branch: Pick<Tenant, 'id' | 'timeZone' | 'currency' | 'phoneCountryCode' | 'overlapPolicy'>;
  /** Staff records linked to the user (a therapist's own bookings). */
  staffIds: readonly string[];
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

/**
 * The checks every local write passes before it is stored: the new version against its schema, then
 * the writer's role against the change. Returns the parsed version; throws WriteRefused with the reason.
 */
export function checkedWrite<S extends z.ZodType>(
  collection: CollectionName,
  schema: S,
  before: Record<string, unknown> | undefined,
  after: unknown,
  ctx: WriteContext,
): z.output<S> {
  const parsed = schema.safeParse(after);
  if (!parsed.success) throw new WriteRefused('invalid', describeProblems(parsed.error));
  const refusal = writeRefusal({
    collection,
    role: ctx.role,
    before,
    after: parsed.data as Record<string, unknown>,
    deleted: false,
    actingStaffIds: ctx.staffIds,
  });
  if (refusal) throw new WriteRefused('forbidden', refusal);
  return parsed.data;
}
