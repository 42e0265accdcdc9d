import type { FastifyRequest } from 'fastify';
import type { Device } from '../../shared/sync/protocol';
import { HttpError } from '../http-error';
import type { Store } from '../store/port';
import type { TokenService } from './tokens';

/** The enrolled, unrevoked device behind a request's bearer token, or a 401. */
export async function authenticate(request: FastifyRequest, store: Store, tokens: TokenService): Promise<Device> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer ([A-Za-z0-9._-]+)$/.exec(header);
  if (!match?.[1])
    throw new HttpError(401, 'unauthenticated', 'This request needs a device token: enrol the terminal first.');
  const verified = await tokens.verify(match[1]);
  if (!verified.ok) throw new HttpError(401, 'invalid-token', verified.reason);
  const device = await store.getDevice(verified.claims.sub);
  if (!device) throw new HttpError(401, 'unknown-device', 'This terminal is not enrolled on this server.');
  if (device.revokedAt !== null)
    throw new HttpError(401, 'revoked-device', 'This terminal was removed by an administrator; enrol it again.');
  return device;
}
