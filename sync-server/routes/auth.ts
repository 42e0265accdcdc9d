import type { FastifyInstance } from 'fastify';
import {
  branchesRequestSchema,
  enrolRequestSchema,
  revokeRequestSchema,
  type EnrolResponse,
} from '../../shared/sync/protocol';
import type { AppDeps } from '../app';
import { authenticate } from '../auth/device-auth';
import { enrolDevice, signIn } from '../auth/enrolment';
import { HttpError } from '../http-error';
import { parseOr400 } from './parse';

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.post('/auth/enrol', async (request, reply) => {
    const body = parseOr400(enrolRequestSchema, request.body, 'Enrolment');
    const signedIn = await signIn(deps.store, deps.limiter, `${request.ip}|${body.email}`, body.email, body.password);
    const device = await enrolDevice(deps.store, signedIn, body.branchIds, body.terminalName, deps.now());
    const { token, expiresAt } = await deps.tokens.issue(device);
    const answer: EnrolResponse = { token, expiresAt, device };
    return reply.status(201).send(answer);
  });

  // The branches a person may enrol a terminal for, so the setup screen can offer them by name.
  app.post('/auth/branches', async (request) => {
    const body = parseOr400(branchesRequestSchema, request.body, 'Branches');
    const signedIn = await signIn(deps.store, deps.limiter, `${request.ip}|${body.email}`, body.email, body.password);
    const manageable = [...signedIn.roles].filter(([, role]) => role === 'owner' || role === 'admin').map(([id]) => id);
    const branches = await deps.store.get('tenants', manageable);
    return {
      branches: [...branches.values()]
        .filter((b) => !b.deleted)
        .map((b) => ({ id: b.id, name: String(b.data.name) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });

  app.post('/auth/refresh', async (request) => {
    const device = await authenticate(request, deps.store, deps.tokens);
    const { token, expiresAt } = await deps.tokens.issue(device);
    return { token, expiresAt, device } satisfies EnrolResponse;
  });

  app.post('/auth/revoke', async (request) => {
    const body = parseOr400(revokeRequestSchema, request.body, 'Revoke');
    const signedIn = await signIn(deps.store, deps.limiter, `${request.ip}|${body.email}`, body.email, body.password);
    const device = await deps.store.getDevice(body.deviceId);
    if (!device || device.organisationId !== signedIn.user.scope)
      throw new HttpError(404, 'unknown-device', 'No such terminal in your organisation.');
    const canManage = device.branchIds.some((b) => ['owner', 'admin'].includes(signedIn.roles.get(b) ?? ''));
    if (!canManage)
      throw new HttpError(403, 'forbidden-role', 'Only an owner or admin of its branches can remove a terminal.');
    const revoked = { ...device, revokedAt: device.revokedAt ?? deps.now() };
    await deps.store.saveDevice(revoked);
    return { device: revoked };
  });
}
