import { newId } from '../../shared/ids';
import type { Role } from '../../shared/schemas/organisation';
import { membershipSchema } from '../../shared/schemas/organisation';
import { userSchema } from '../../shared/schemas/user';
import type { CreateUserRequest, SetRoleRequest, UpdateUserRequest } from '../../shared/admin/requests';
import type { Device } from '../../shared/sync/protocol';
import { credentialVersionOf, type ActingUser } from '../auth/user-auth';
import { HttpError } from '../http-error';
import { REVOCATIONS } from '../sync/live-changes';
import type { StoreTx, StoredDoc } from '../store/port';
import {
  createRefusal,
  manageRefusal,
  passwordRefusal,
  renameRefusal,
  revokeDeviceRefusal,
  setRoleRefusal,
} from './rules';

function refuse(reason: string | null): void {
  if (reason) throw new HttpError(403, 'forbidden-admin', `${reason} Nothing was changed.`);
}

interface Target {
  user: StoredDoc;
  memberships: StoredDoc[];
  roles: Map<string, Role>;
}

async function loadTarget(tx: StoreTx, actor: ActingUser, userId: string): Promise<Target> {
  const user = (await tx.get('users', [userId])).get(userId);
  if (!user || user.deleted || user.scope !== actor.user.scope)
    throw new HttpError(404, 'unknown-user', 'No such person in your organisation.');
  const memberships = (await tx.findBy('memberships', 'userId', userId)).filter(
    (m) => m.data.organisationId === actor.user.scope,
  );
  const roles = new Map<string, Role>();
  for (const m of memberships) if (m.data.isActive === true) roles.set(m.scope, m.data.role as Role);
  return { user, memberships, roles };
}

const nameOf = (doc: StoredDoc): string => String(doc.data.name);

/** A server-made version: stamped with the acting user and time; the audit log proves who. */
function stamped(doc: StoredDoc, changes: Record<string, unknown>, actor: ActingUser, now: number) {
  const { proof: _signedByTerminal, ...data } = doc.data;
  return { ...data, ...changes, updatedAt: Math.max(now, Number(doc.data.updatedAt) + 1), updatedBy: actor.user.id };
}

async function putUser(tx: StoreTx, user: StoredDoc, data: Record<string, unknown>): Promise<void> {
  await tx.put('users', { id: user.id, scope: user.scope, deleted: false, data: userSchema.parse(data) });
}

/** Refuses a change that would leave the organisation without an active owner. */
async function keepAnOwner(tx: StoreTx, organisationId: string): Promise<void> {
  const owners = (await tx.findBy('memberships', 'role', 'owner')).filter(
    (m) => m.data.organisationId === organisationId && m.data.isActive === true,
  );
  const users = await tx.get(
    'users',
    owners.map((m) => String(m.data.userId)),
  );
  const active = [...users.values()].some((u) => !u.deleted && u.data.isActive === true);
  if (!active)
    throw new HttpError(
      409,
      'last-owner',
      'That would leave the organisation without an active owner. Nothing was changed.',
    );
}

export interface AdminContext {
  tx: StoreTx;
  actor: ActingUser;
  now: number;
  deviceId: string | null;
}

async function audit(
  c: AdminContext,
  action: string,
  scope: string,
  detail: Record<string, unknown>,
  documentId?: string,
): Promise<void> {
  await c.tx.audit({
    at: c.now,
    organisationId: c.actor.user.scope,
    scope,
    actorUserId: c.actor.user.id,
    deviceId: c.deviceId,
    action,
    ...(documentId !== undefined ? { collection: 'users', documentId } : {}),
    detail,
  });
}

/** `passwordHash` is made before the transaction, so no write waits on a slow hash. */
export async function createUser(
  c: AdminContext,
  body: CreateUserRequest,
  passwordHash: string,
): Promise<{ userId: string }> {
  refuse(createRefusal(c.actor.roles, body.roles));
  const organisationId = c.actor.user.scope;
  const taken = (await c.tx.findBy('users', 'email', body.email)).some((u) => u.scope === organisationId);
  if (taken) throw new HttpError(409, 'email-taken', `${body.email} already has an account here. Nothing was changed.`);
  const branches = await c.tx.get(
    'tenants',
    body.roles.map((r) => r.branchId),
  );
  const userId = newId(c.now);
  const base = { createdAt: c.now, updatedAt: c.now, updatedBy: c.actor.user.id };
  const user = userSchema.parse({
    id: userId,
    tenantId: organisationId,
    email: body.email,
    name: body.name,
    isActive: true,
    credentialVersion: 0,
    ...base,
  });
  await c.tx.put('users', { id: userId, scope: organisationId, deleted: false, data: user });
  await c.tx.saveCredential(userId, passwordHash);
  for (const r of body.roles) {
    if (branches.get(r.branchId)?.data.organisationId !== organisationId)
      throw new HttpError(404, 'unknown-branch', 'No such branch in your organisation. Nothing was changed.');
    const membership = membershipSchema.parse({
      id: newId(c.now),
      tenantId: r.branchId,
      organisationId,
      userId,
      role: r.role,
      isActive: true,
      ...base,
    });
    await c.tx.put('memberships', { id: membership.id, scope: r.branchId, deleted: false, data: membership });
  }
  await audit(c, 'user.create', organisationId, { email: body.email, name: body.name, roles: body.roles }, userId);
  return { userId };
}

/** Name, email or active. Deactivating someone also revokes their keys, so their signatures stop. */
export async function updateUser(c: AdminContext, body: UpdateUserRequest): Promise<{ revoked: boolean }> {
  const target = await loadTarget(c.tx, c.actor, body.userId);
  refuse(manageRefusal(c.actor.roles, target.roles, nameOf(target.user), target.user.id === c.actor.user.id));
  if (body.email !== undefined && body.email !== target.user.data.email) {
    const taken = (await c.tx.findBy('users', 'email', body.email)).some((u) => u.scope === c.actor.user.scope);
    if (taken)
      throw new HttpError(409, 'email-taken', `${body.email} already has an account here. Nothing was changed.`);
  }
  const changes: Record<string, unknown> = {};
  if (body.name !== undefined) changes.name = body.name;
  if (body.email !== undefined) changes.email = body.email;
  if (body.isActive !== undefined) changes.isActive = body.isActive;
  await putUser(c.tx, target.user, stamped(target.user, changes, c.actor, c.now));
  const deactivated = body.isActive === false && target.user.data.isActive === true;
  if (deactivated) {
    await keepAnOwner(c.tx, c.actor.user.scope);
    await c.tx.revokeKeys({ userId: target.user.id }, c.now);
    await c.tx.bumpSignal(REVOCATIONS);
  }
  await audit(c, 'user.update', c.actor.user.scope, changes, target.user.id);
  return { revoked: deactivated };
}

/**
 * A new password: the old one stops working everywhere, the person's keys are revoked (their
 * terminals ask for an online sign-in again) and every terminal drops its cached sign-in at its next
 * sync, because the user's credential version moves on.
 */
export async function resetPassword(c: AdminContext, userId: string, passwordHash: string): Promise<void> {
  const target = await loadTarget(c.tx, c.actor, userId);
  refuse(passwordRefusal(c.actor.roles, c.actor.user.id, target.roles, target.user.id, nameOf(target.user)));
  await c.tx.saveCredential(userId, passwordHash);
  const credentialVersion = credentialVersionOf(target.user) + 1;
  await putUser(c.tx, target.user, stamped(target.user, { credentialVersion }, c.actor, c.now));
  await c.tx.revokeKeys({ userId }, c.now);
  await c.tx.bumpSignal(REVOCATIONS);
  await audit(c, 'user.password-reset', c.actor.user.scope, {}, userId);
}

export async function setRole(c: AdminContext, body: SetRoleRequest): Promise<void> {
  const target = await loadTarget(c.tx, c.actor, body.userId);
  const self = target.user.id === c.actor.user.id;
  refuse(setRoleRefusal(c.actor.roles, target.roles, nameOf(target.user), body.branchId, body.role, self));
  const branch = (await c.tx.get('tenants', [body.branchId])).get(body.branchId);
  if (!branch || branch.data.organisationId !== c.actor.user.scope)
    throw new HttpError(404, 'unknown-branch', 'No such branch in your organisation. Nothing was changed.');
  const existing = target.memberships.find((m) => m.scope === body.branchId);
  if (existing) {
    const changes = body.role === null ? { isActive: false } : { role: body.role, isActive: true };
    const data = membershipSchema.parse(stamped(existing, changes, c.actor, c.now));
    await c.tx.put('memberships', { id: existing.id, scope: existing.scope, deleted: false, data });
  } else if (body.role !== null) {
    const data = membershipSchema.parse({
      id: newId(c.now),
      tenantId: body.branchId,
      organisationId: c.actor.user.scope,
      userId: body.userId,
      role: body.role,
      isActive: true,
      createdAt: c.now,
      updatedAt: c.now,
      updatedBy: c.actor.user.id,
    });
    await c.tx.put('memberships', { id: data.id, scope: body.branchId, deleted: false, data });
  }
  // A new version of the person, so terminals of a branch they just joined receive them.
  await putUser(c.tx, target.user, stamped(target.user, {}, c.actor, c.now));
  if (target.roles.get(body.branchId) === 'owner') await keepAnOwner(c.tx, c.actor.user.scope);
  await audit(c, 'membership.set', body.branchId, { role: body.role, branchId: body.branchId }, body.userId);
}

export async function renameOrganisation(c: AdminContext, name: string): Promise<void> {
  refuse(renameRefusal(c.actor.roles));
  const id = c.actor.user.scope;
  const organisation = (await c.tx.get('organisations', [id])).get(id);
  if (!organisation) throw new HttpError(404, 'unknown-organisation', 'No such organisation.');
  await c.tx.put('organisations', {
    id,
    scope: id,
    deleted: false,
    data: stamped(organisation, { name }, c.actor, c.now),
  });
  await audit(c, 'organisation.rename', id, { name });
}

export async function revokeDevice(c: AdminContext, device: Device | null): Promise<Device> {
  if (!device || device.organisationId !== c.actor.user.scope)
    throw new HttpError(404, 'unknown-device', 'No such terminal in your organisation.');
  refuse(revokeDeviceRefusal(c.actor.roles, device.branchIds));
  if (device.revokedAt !== null) return device;
  const revoked: Device = {
    ...device,
    revokedAt: c.now,
    revokedBy: { userId: c.actor.user.id, name: nameOf(c.actor.user) },
  };
  await c.tx.saveDevice(revoked);
  await c.tx.revokeKeys({ deviceId: device.id }, c.now);
  await c.tx.bumpSignal(REVOCATIONS);
  await audit(c, 'device.revoke', device.branchIds[0] ?? c.actor.user.scope, {
    deviceId: device.id,
    name: device.name,
  });
  return revoked;
}
