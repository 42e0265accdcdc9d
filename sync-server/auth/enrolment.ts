import { newId } from '../../shared/ids';
import type { Role } from '../../shared/schemas/organisation';
import type { Device } from '../../shared/sync/protocol';
import { HttpError } from '../http-error';
import type { Store, StoredDoc } from '../store/port';
import { verifyPassword } from './passwords';
import { limitedAttempt, type SignInLimits } from './rate-limit';

export interface SignedInUser {
  user: StoredDoc;
  roles: Map<string, Role>;
}

/** A user's active roles, branch by branch. */
export async function rolesOf(store: Pick<Store, 'findBy'>, userId: string): Promise<Map<string, Role>> {
  const roles = new Map<string, Role>();
  for (const m of await store.findBy('memberships', 'userId', userId)) {
    if (m.data.isActive === true) roles.set(m.scope, m.data.role as Role);
  }
  return roles;
}

/**
 * Checks an email and password against the server-held credentials of active users (an email is
 * unique within an organisation), inside the sign-in limits. Every refusal reads the same and takes
 * the same time, whether the email or the password was wrong.
 */
export async function signIn(
  store: Store,
  limits: SignInLimits,
  now: number,
  address: string,
  email: string,
  password: string,
): Promise<SignedInUser> {
  return limitedAttempt(store, limits, now, address, email, async () => {
    const candidates = (await store.findBy('users', 'email', email)).filter((u) => u.data.isActive === true);
    if (candidates.length === 0) {
      await verifyPassword(password, null);
      return null;
    }
    for (const candidate of candidates) {
      if (await verifyPassword(password, await store.getCredential(candidate.id))) {
        return { user: candidate, roles: await rolesOf(store, candidate.id) };
      }
    }
    return null;
  });
}

function prefixes(): string[] {
  const one = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));
  return [...one, ...one.flatMap((a) => one.map((b) => a + b))];
}

/** Enrols a terminal for branches where the signed-in user is an owner or admin. */
export async function enrolDevice(
  store: Store,
  signedIn: SignedInUser,
  branchIds: string[],
  name: string,
  now: number,
): Promise<Device> {
  const organisationId = signedIn.user.scope;
  const branches = await store.get('tenants', branchIds);
  for (const id of branchIds) {
    const branch = branches.get(id);
    if (!branch || branch.deleted || branch.data.organisationId !== organisationId) {
      throw new HttpError(403, 'unknown-branch', `Branch ${id} is not part of your organisation.`);
    }
    const role = signedIn.roles.get(id);
    if (role !== 'owner' && role !== 'admin') {
      throw new HttpError(
        403,
        'forbidden-role',
        `Only an owner or admin of ${String(branch.data.name)} can enrol a terminal there.`,
      );
    }
  }
  const used = new Set(
    (await store.listDevices(organisationId))
      .filter((d) => d.revokedAt === null && d.branchIds.some((b) => branchIds.includes(b)))
      .map((d) => d.prefix),
  );
  const prefix = prefixes().find((p) => !used.has(p));
  if (!prefix)
    throw new HttpError(
      409,
      'no-prefix',
      'Every walk-in ticket prefix is in use in these branches; remove an old terminal first.',
    );
  const device: Device = {
    id: newId(now),
    organisationId,
    branchIds: [...new Set(branchIds)],
    name,
    prefix,
    createdAt: now,
    revokedAt: null,
  };
  await store.saveDevice(device);
  return device;
}
