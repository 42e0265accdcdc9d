import type { Role } from '../../shared/schemas/organisation';

/**
 * Who may administer whom. Pure, so each rule is tested on its own:
 * - an owner or admin manages only people whose every role lies in branches they manage;
 * - only an owner (of the branches concerned) gives, changes or takes away an owner role, or
 *   deactivates or resets the password of someone who is an owner;
 * - an admin never changes another admin's password (only their own);
 * - only an owner renames the organisation, and a terminal is removed by someone who manages every
 *   branch it serves.
 * The last active owner is checked separately, over the whole organisation, inside the transaction.
 */
export type Roles = ReadonlyMap<string, Role>;

export function managedBranches(actor: Roles): Set<string> {
  return new Set([...actor].filter(([, r]) => r === 'owner' || r === 'admin').map(([b]) => b));
}

function ownsAll(actor: Roles, branches: Iterable<string>): boolean {
  for (const b of branches) if (actor.get(b) !== 'owner') return false;
  return true;
}

function isOwner(roles: Roles): boolean {
  return [...roles.values()].includes('owner');
}

/**
 * Null when the actor may manage this person at all, otherwise why not. Managing yourself (`self`)
 * needs only a role that manages people: an owner of one branch who is an admin elsewhere can still
 * rename, deactivate or step down themselves (the last-owner check still applies).
 */
export function manageRefusal(actor: Roles, target: Roles, targetName: string, self = false): string | null {
  const managed = managedBranches(actor);
  if (managed.size === 0) return 'Only an owner or admin can manage people.';
  if (self) return null;
  const outside = [...target.keys()].filter((b) => !managed.has(b));
  if (outside.length > 0) return `${targetName} also works in a branch you do not manage.`;
  if (isOwner(target) && !ownsAll(actor, target.keys())) return `Only an owner can change ${targetName}, an owner.`;
  return null;
}

export function createRefusal(actor: Roles, roles: { branchId: string; role: Role }[]): string | null {
  const managed = managedBranches(actor);
  for (const r of roles) {
    if (!managed.has(r.branchId)) return 'You can only add people to branches you manage.';
    if (r.role === 'owner' && actor.get(r.branchId) !== 'owner') return 'Only an owner can make someone an owner.';
  }
  return null;
}

export function setRoleRefusal(
  actor: Roles,
  target: Roles,
  targetName: string,
  branchId: string,
  role: Role | null,
  self = false,
): string | null {
  if (!managedBranches(actor).has(branchId)) return 'You can only change roles in branches you manage.';
  const general = manageRefusal(actor, target, targetName, self);
  if (general) return general;
  if ((role === 'owner' || target.get(branchId) === 'owner') && actor.get(branchId) !== 'owner')
    return 'Only an owner can give, change or take away an owner role.';
  return null;
}

export function passwordRefusal(
  actor: Roles,
  actorId: string,
  target: Roles,
  targetId: string,
  targetName: string,
): string | null {
  if (actorId === targetId) return null;
  const general = manageRefusal(actor, target, targetName);
  if (general) return general;
  if ([...target.values()].includes('admin') && !ownsAll(actor, target.keys()))
    return `Only an owner can reset the password of ${targetName}, an admin.`;
  return null;
}

export function revokeDeviceRefusal(actor: Roles, deviceBranches: readonly string[]): string | null {
  const managed = managedBranches(actor);
  return deviceBranches.every((b) => managed.has(b))
    ? null
    : 'Only an owner or admin of every branch a terminal serves can remove it.';
}

export function renameRefusal(actor: Roles): string | null {
  return isOwner(actor) ? null : 'Only an owner can rename the organisation.';
}
