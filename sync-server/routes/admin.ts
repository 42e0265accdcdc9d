import type { FastifyPluginCallback, FastifyRequest } from 'fastify';
import {
  createUserRequestSchema,
  renameOrganisationRequestSchema,
  resetPasswordRequestSchema,
  revokeDeviceRequestSchema,
  setRoleRequestSchema,
  updateUserRequestSchema,
} from '../../shared/admin/requests';
import {
  createUser,
  renameOrganisation,
  resetPassword,
  revokeDevice,
  setRole,
  updateUser,
  type AdminContext,
} from '../admin/operations';
import { managedBranches } from '../admin/rules';
import type { AppDeps } from '../context';
import { hashPassword } from '../auth/passwords';
import { authenticateUser } from '../auth/user-auth';
import { HttpError } from '../http-error';
import { parseOr400 } from './parse';

/**
 * Administration, online only: every call carries a user session made from the person's password
 * minutes before (`POST /auth/session` or an online sign-in), runs in one transaction with the rules
 * in admin/rules.ts, and is written to the audit log with who made it.
 */
export const adminRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  const run = async <T>(request: FastifyRequest, fn: (c: AdminContext) => Promise<T>): Promise<T> => {
    const actor = await authenticateUser(request, deps.store, deps.tokens);
    const result = await deps.store.write((tx) => fn({ tx, actor, now: deps.now(), deviceId: null }));
    deps.hub.notify();
    return result;
  };

  app.post('/admin/users/create', async (request, reply) => {
    const body = parseOr400(createUserRequestSchema, request.body, 'New user');
    const hash = await hashPassword(body.password);
    const answer = await run(request, (c) => createUser(c, body, hash));
    return reply.status(201).send(answer);
  });

  app.post('/admin/users/update', async (request) => {
    const body = parseOr400(updateUserRequestSchema, request.body, 'User');
    return run(request, (c) => updateUser(c, body));
  });

  app.post('/admin/users/password', async (request) => {
    const body = parseOr400(resetPasswordRequestSchema, request.body, 'Password');
    const hash = await hashPassword(body.password);
    await run(request, (c) => resetPassword(c, body.userId, hash));
    return { ok: true };
  });

  app.post('/admin/memberships/set', async (request) => {
    const body = parseOr400(setRoleRequestSchema, request.body, 'Role');
    await run(request, (c) => setRole(c, body));
    return { ok: true };
  });

  app.post('/admin/organisation/rename', async (request) => {
    const body = parseOr400(renameOrganisationRequestSchema, request.body, 'Organisation');
    await run(request, (c) => renameOrganisation(c, body.name));
    return { ok: true };
  });

  app.post('/admin/devices/list', async (request) => {
    const actor = await authenticateUser(request, deps.store, deps.tokens);
    const managed = managedBranches(actor.roles);
    if (managed.size === 0) throw new HttpError(403, 'forbidden-admin', 'Only an owner or admin can see terminals.');
    const devices = await deps.store.listDevices(actor.user.scope);
    return { devices: devices.filter((d) => d.branchIds.some((b) => managed.has(b))) };
  });

  app.post('/admin/devices/revoke', async (request) => {
    const body = parseOr400(revokeDeviceRequestSchema, request.body, 'Revoke');
    const device = await deps.store.getDevice(body.deviceId);
    return { device: await run(request, (c) => revokeDevice(c, device)) };
  });
  done();
};
