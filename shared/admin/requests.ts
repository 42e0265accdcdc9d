import { z } from 'zod';
import { emailSchema, idSchema, nameSchema } from '../schemas/common';
import { roleSchema } from '../schemas/organisation';

/**
 * Administration requests: users, memberships, passwords, terminals and the organisation are changed
 * only through these authenticated server endpoints (`POST /admin/...` with a user session), never
 * through replication.
 */
export const newPasswordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');

const roleInBranch = z.strictObject({ branchId: idSchema, role: roleSchema });

export const createUserRequestSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(emailSchema),
  name: nameSchema,
  password: newPasswordSchema,
  roles: z.array(roleInBranch).min(1, 'must give at least one role').max(50, 'must give at most 50 roles'),
});

export const updateUserRequestSchema = z.strictObject({
  userId: idSchema,
  name: nameSchema.optional(),
  email: z.string().trim().toLowerCase().pipe(emailSchema).optional(),
  isActive: z.boolean('must be true or false').optional(),
});

export const resetPasswordRequestSchema = z.strictObject({ userId: idSchema, password: newPasswordSchema });

/** Gives a role in a branch, changes it, or (role null) takes it away. */
export const setRoleRequestSchema = z.strictObject({
  userId: idSchema,
  branchId: idSchema,
  role: roleSchema.nullable(),
});

export const renameOrganisationRequestSchema = z.strictObject({ name: nameSchema });

export const revokeDeviceRequestSchema = z.strictObject({ deviceId: idSchema });

export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;
export type SetRoleRequest = z.infer<typeof setRoleRequestSchema>;
