import { newId } from '../../shared/ids';
import type { Role } from '../../shared/schemas/organisation';
import type { Device } from '../../shared/sync/protocol';
import { HttpError } from '../http-error';
import type { Store, StoredDoc } from '../store/port';
import { verifyPassword } from './passwords';
import type { FailedLoginLimiter } from './rate-limit';

export interface SignedInUser {
  user: StoredDoc;
  roles: Map<string, Role>;
}

/**
 * Checks an email and password against the users of every organisation (an email is unique within
 * one), counting failures per address and email so guessing is slowed to a crawl.
 */
export async function signIn(
  store: Store,
  limiter: FailedLoginLimiter,
  key: string,
  email: string,
  password: string,
): Promise<SignedInUser> {
  const wait = limiter.retryAfter(key);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    throw new HttpError(
      429,
      'too-many-attempts',
      `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
      undefined,
      {
        'retry-after': String(seconds),
      },
    );
  }
  for (const candidate of await store.findBy('users', 'email', email)) {
    if (candidate.data.isActive !== true) continue;
    if (await verifyPassword(password, String(candidate.data.passwordHash))) {
      limiter.succeed(key);
      const roles = new Map<string, Role>();
      for (const m of await store.findBy('memberships', 'userId', candidate.id)) {
        if (m.data.isActive === true) roles.set(m.scope, m.data.role as Role);
      }
      return { user: candidate, roles };
    }
  }
  limiter.fail(key);
  throw new HttpError(401, 'bad-credentials', 'The email or password is not right.');
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
