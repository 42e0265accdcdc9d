import { z } from 'zod';
import { proofSchema } from '../auth/proof';
import { ID_PATTERN } from '../ids';
// Loads the shared error wording ("is required") for every schema.
import '../validation';

/** Largest timestamp a Date can hold; anything past it is a bug, not a booking. */
export const MAX_TIMESTAMP = 8_640_000_000_000_000;

export const idSchema = z
  .string()
  .length(26, 'must be a 26-character sortable id')
  .regex(ID_PATTERN, 'must be a 26-character sortable id');
export const timestampSchema = z
  .int('must be a whole number of milliseconds')
  .min(0, 'must not be before 1970')
  .max(MAX_TIMESTAMP, 'is past the last date a clock can show');
export const nameSchema = z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters');
export const notesSchema = z.string().max(4000, 'must be at most 4000 characters');
export const emailSchema = z
  .string()
  .max(254, 'must be at most 254 characters')
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address like name@example.com')
  .refine((v) => v === v.toLowerCase(), 'must be in lower case');
export const hexColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #8B5CF6');
export const localDateSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a date like 2026-11-22');
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be a time like 09:30');

/**
 * Fields every replicated document carries. `tenantId` is the replication scope: the branch for
 * branch data, the organisation for organisation-wide data (organisations, users). RxDB's own
 * `_deleted` flag is the soft delete and is added by the sync layer, not stored in these schemas.
 */
export const baseFields = {
  id: idSchema,
  tenantId: idSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  /** The signed-in user who made this version; it must match the proof's signer. */
  updatedBy: idSchema,
  /** Who made this version, proven: see shared/auth/proof.ts. Versions stored before signing have none. */
  proof: proofSchema.optional(),
};

export function updatedNotBeforeCreated(doc: { createdAt: number; updatedAt: number }, ctx: z.RefinementCtx): void {
  if (doc.updatedAt < doc.createdAt) {
    ctx.addIssue({ code: 'custom', path: ['updatedAt'], message: 'must not be before createdAt' });
  }
}
