import type { z } from 'zod';
import { bookingSchema } from './schemas/booking';
import { conflictSchema } from './schemas/conflict';
import { membershipSchema, organisationSchema } from './schemas/organisation';
import { patientSchema } from './schemas/patient';
import { staffSchema } from './schemas/staff';
import { tenantSchema } from './schemas/tenant';
import { treatmentSchema } from './schemas/treatment';
import { userSchema } from './schemas/user';

/**
 * Every replicated collection, its zod schema (the source of truth), what its `tenantId` scopes to,
 * and its indexes. Every index starts with tenantId, as in seed 002; the RxDB JSON schemas are derived
 * from this table (see rxdb-schema.ts), so app and server can never disagree about a document.
 */
export interface CollectionSpec {
  schema: z.ZodType;
  /** branch: tenantId is a branch id; organisation: tenantId is the organisation id. */
  scope: 'branch' | 'organisation';
  indexes: readonly (readonly string[])[];
  /**
   * Bumped when the stored shape changes; RxDB needs a migration strategy per step
   * (renderer/db/database.ts). 1: proofs of who wrote each version; no credential hashes on users.
   * Bookings 2: refunds (a payment may carry a refund reason). Patients 2: a reason for a shared phone.
   * Tenants 3 and bookings 3: the branch's locale and receipt details; a payment's receipt number and
   * the cash handed over. Patients 3: date of birth and address.
   */
  version: number;
}

export const COLLECTIONS = {
  organisations: { schema: organisationSchema, scope: 'organisation', indexes: [['tenantId']], version: 1 },
  users: { schema: userSchema, scope: 'organisation', indexes: [['tenantId', 'email']], version: 1 },
  tenants: { schema: tenantSchema, scope: 'branch', indexes: [['tenantId', 'slug']], version: 3 },
  memberships: { schema: membershipSchema, scope: 'branch', indexes: [['tenantId', 'userId']], version: 1 },
  patients: {
    schema: patientSchema,
    scope: 'branch',
    indexes: [
      ['tenantId', 'phone'],
      ['tenantId', 'searchName'],
      ['tenantId', 'createdAt'],
    ],
    version: 3,
  },
  staff: {
    schema: staffSchema,
    scope: 'branch',
    indexes: [
      ['tenantId', 'isActive'],
      ['tenantId', 'role'],
    ],
    version: 1,
  },
  treatments: {
    schema: treatmentSchema,
    scope: 'branch',
    indexes: [
      ['tenantId', 'category'],
      ['tenantId', 'name'],
      ['tenantId', 'popularity'],
    ],
    version: 1,
  },
  bookings: {
    schema: bookingSchema,
    scope: 'branch',
    indexes: [
      ['tenantId', 'startAt'],
      ['tenantId', 'staffId', 'startAt'],
      ['tenantId', 'patientId', 'startAt'],
      ['tenantId', 'status', 'startAt'],
      ['tenantId', 'source', 'createdAt'],
    ],
    version: 3,
  },
  conflicts: {
    schema: conflictSchema,
    scope: 'branch',
    indexes: [['tenantId', 'status', 'createdAt']],
    version: 1,
  },
} as const satisfies Record<string, CollectionSpec>;

export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];
export type DocOf<C extends CollectionName> = z.infer<(typeof COLLECTIONS)[C]['schema']>;

export function isCollectionName(name: string): name is CollectionName {
  return Object.hasOwn(COLLECTIONS, name);
}
