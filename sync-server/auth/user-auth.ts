import type { FastifyRequest } from 'fastify';
import type { Role } from '../../shared/schemas/organisation';
import { HttpError } from '../http-error';
import type { Store, StoredDoc } from '../store/port';
import { bearerOf } from './device-auth';
import { rolesOf } from './enrolment';
import type { TokenService } from './tokens';

export interface ActingUser {
  user: StoredDoc;
  roles: Map<string, Role>;
}

export function credentialVersionOf(user: StoredDoc): number {
  return typeof user.data.credentialVersion === 'number' ? user.data.credentialVersion : 0;
}

/**
 * The person behind an administration request: a valid user session whose user is still active and
 * whose password has not been reset since the session was made.
 */
export async function authenticateUser(
  request: FastifyRequest,
  store: Store,
  tokens: TokenService,
): Promise<ActingUser> {
  const token = bearerOf(request);
  if (!token) throw new HttpError(401, 'unauthenticated', 'Administration needs you to sign in with your password.');
  const verified = await tokens.verifySession(token);
  if (!verified.ok) throw new HttpError(401, 'invalid-session', verified.reason);
  const user = (await store.get('users', [verified.claims.sub])).get(verified.claims.sub);
  if (!user || user.deleted || user.data.isActive !== true || user.scope !== verified.claims.org)
    throw new HttpError(401, 'invalid-session', 'This account is no longer active.');
  if (credentialVersionOf(user) !== verified.claims.cv)
    throw new HttpError(401, 'invalid-session', 'The password was changed; sign in again.');
  return { user, roles: await rolesOf(store, user.id) };
}
