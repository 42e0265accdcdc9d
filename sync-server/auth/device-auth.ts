import type { FastifyRequest } from 'fastify';
import type { Device } from '../../shared/sync/protocol';
import { HttpError } from '../http-error';
import type { Store } from '../store/port';
import type { TokenService } from './tokens';

export function bearerOf(request: FastifyRequest): string | null {
  const match = /^Bearer ([A-Za-z0-9._-]{1,4096})$/.exec(request.headers.authorization ?? '');
  return match?.[1] ?? null;
}

function day(at: number): string {
  return new Date(at).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The sentence a removed terminal shows: who removed it from which clinic, and when. */
export async function revokedMessage(store: Store, device: Device): Promise<string> {
  const organisation = (await store.get('organisations', [device.organisationId])).get(device.organisationId);
  const clinic = organisation ? String(organisation.data.name) : 'its clinic';
  const by = device.revokedBy ? ` by ${device.revokedBy.name}` : '';
  const on = device.revokedAt !== null ? ` on ${day(device.revokedAt)}` : '';
  return `This terminal was removed from ${clinic}${by}${on}. An owner or admin can enrol it again.`;
}

/** The enrolled, unrevoked device behind a request's bearer token, or a 401. */
export async function authenticate(
  request: FastifyRequest,
  store: Store,
  tokens: TokenService,
  purpose: 'use' | 'renewal' = 'use',
): Promise<Device> {
  const token = bearerOf(request);
  if (!token)
    throw new HttpError(401, 'unauthenticated', 'This request needs a device token: enrol the terminal first.');
  const verified = purpose === 'renewal' ? await tokens.verifyForRenewal(token) : await tokens.verify(token);
  if (!verified.ok)
    throw new HttpError(401, purpose === 'renewal' ? 'renewal-refused' : 'invalid-token', verified.reason);
  const device = await store.getDevice(verified.claims.sub);
  if (!device) throw new HttpError(401, 'unknown-device', 'This terminal is not enrolled on this server.');
  if (device.revokedAt !== null) throw new HttpError(401, 'revoked-device', await revokedMessage(store, device));
  return device;
}
