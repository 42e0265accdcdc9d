import { z } from 'zod';
import { baseFields, idSchema, nameSchema, updatedNotBeforeCreated } from './common';

/** A clinic group owning one or more branches. Its `tenantId` is its own id (organisation scope). */
export const organisationSchema = z
  .strictObject({
    ...baseFields,
    name: nameSchema,
  })
  .superRefine((doc, ctx) => {
    updatedNotBeforeCreated(doc, ctx);
    if (doc.tenantId !== doc.id) {
      ctx.addIssue({ code: 'custom', path: ['tenantId'], message: 'must equal the organisation id' });
    }
  });

export const ROLES = ['owner', 'admin', 'frontdesk', 'therapist'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES, 'must be owner, admin, frontdesk or therapist');

/** A user's role in one branch; `tenantId` is that branch. One user may hold several. */
export const membershipSchema = z
  .strictObject({
    ...baseFields,
    organisationId: idSchema,
    userId: idSchema,
    role: roleSchema,
    isActive: z.boolean('must be true or false'),
  })
  .superRefine(updatedNotBeforeCreated);

export type Organisation = z.infer<typeof organisationSchema>;
export type Membership = z.infer<typeof membershipSchema>;
