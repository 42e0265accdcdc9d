import { z } from 'zod';
import { baseFields, timestampSchema, updatedNotBeforeCreated } from './common';

/**
 * A version that lost a merge (the same field changed on two terminals) or that the server refused.
 * Kept whole so nothing is lost silently; the branch's "Needs attention" inbox lists the open ones.
 */
export const CONFLICT_KINDS = ['merge', 'refused'] as const;
export const MERGEABLE_COLLECTIONS = [
  'organisations',
  'users',
  'tenants',
  'memberships',
  'patients',
  'staff',
  'treatments',
  'bookings',
] as const;

export const conflictSchema = z
  .strictObject({
    ...baseFields,
    kind: z.enum(CONFLICT_KINDS, 'must be merge or refused'),
    /** Which collection the document is in (not named `collection`: RxDB documents reserve that). */
    entity: z.enum(MERGEABLE_COLLECTIONS, `must be one of ${MERGEABLE_COLLECTIONS.join(', ')}`),
    documentId: z.string().min(1, 'is required').max(26, 'must be at most 26 characters'),
    /** Fields whose local value lost; empty for a refused document. */
    fields: z.array(z.string().max(60)).max(100),
    /** The losing version as JSON, exactly as this terminal had it. */
    losing: z.string().max(200_000, 'must be at most 200000 characters'),
    /** The version that was kept, as JSON. */
    kept: z.string().max(200_000, 'must be at most 200000 characters').optional(),
    /** Why the server refused it, for kind "refused". */
    reason: z.string().max(1000).optional(),
    status: z.enum(['open', 'resolved'], 'must be open or resolved'),
    resolvedAt: timestampSchema.optional(),
    resolution: z.string().max(500, 'must be at most 500 characters').optional(),
  })
  .superRefine((doc, ctx) => {
    updatedNotBeforeCreated(doc, ctx);
    if (doc.status === 'resolved' && doc.resolvedAt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['resolvedAt'], message: 'is required once resolved' });
    }
  });

export type Conflict = z.infer<typeof conflictSchema>;
