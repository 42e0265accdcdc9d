import { randomBytes } from 'node:crypto';
import type { FastifyPluginCallback } from 'fastify';
import {
  branchesRequestSchema,
  enrolRequestSchema,
  sessionRequestSchema,
  signInRequestSchema,
  type EnrolResponse,
  type SessionResponse,
  type SignedInUserAnswer,
  type SignInResponse,
} from '../../shared/sync/protocol';
import type { AppDeps } from '../context';
import { authenticate } from '../auth/device-auth';
import { enrolDevice, signIn, type SignedInUser } from '../auth/enrolment';
import { credentialVersionOf } from '../auth/user-auth';
import { HttpError } from '../http-error';
import { parseOr400 } from './parse';

function answerFor({ user, roles }: SignedInUser): SignedInUserAnswer {
  return {
    id: user.id,
    organisationId: user.scope,
    email: String(user.data.email),
    name: String(user.data.name),
    credentialVersion: credentialVersionOf(user),
    roles: [...roles].map(([branchId, role]) => ({ branchId, role })),
  };
}

export const authRoutes: FastifyPluginCallback<AppDeps> = (app, deps, done) => {
  const check = (ip: string, email: string, password: string) =>
    signIn(deps.store, deps.limits, deps.now(), ip, email, password);
  const session = (signedIn: SignedInUser) =>
    deps.tokens.issueSession({
      sub: signedIn.user.id,
      org: signedIn.user.scope,
      cv: credentialVersionOf(signedIn.user),
    });

  app.post('/auth/enrol', async (request, reply) => {
    const body = parseOr400(enrolRequestSchema, request.body, 'Enrolment');
    const signedIn = await check(request.ip, body.email, body.password);
    const device = await enrolDevice(deps.store, signedIn, body.branchIds, body.terminalName, deps.now());
    await deps.store.write((tx) =>
      tx.audit({
        at: deps.now(),
        organisationId: device.organisationId,
        scope: device.branchIds[0] ?? device.organisationId,
        actorUserId: signedIn.user.id,
        deviceId: device.id,
        action: 'device.enrol',
        detail: { name: device.name, branchIds: device.branchIds },
      }),
    );
    const { token, expiresAt } = await deps.tokens.issue(device);
    const answer: EnrolResponse = { token, expiresAt, device };
    return reply.status(201).send(answer);
  });

  // The branches a person may enrol a terminal for, so the setup screen can offer them by name.
  app.post('/auth/branches', async (request) => {
    const body = parseOr400(branchesRequestSchema, request.body, 'Branches');
    const signedIn = await check(request.ip, body.email, body.password);
    const manageable = [...signedIn.roles].filter(([, role]) => role === 'owner' || role === 'admin').map(([id]) => id);
    const branches = await deps.store.get('tenants', manageable);
    return {
      branches: [...branches.values()]
        .filter((b) => !b.deleted)
        .map((b) => ({ id: b.id, name: String(b.data.name) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  });

  /**
   * A terminal renews its device token by itself before it ends, or at reconnect after weeks away
   * (within the renewal grace); a removed terminal is refused as everywhere else.
   */
  app.post('/auth/refresh', async (request) => {
    const device = await authenticate(request, deps.store, deps.tokens, 'renewal');
    const { token, expiresAt } = await deps.tokens.issue(device);
    return { token, expiresAt, device } satisfies EnrolResponse;
  });

  /**
   * A person signs in online on an enrolled terminal: the password is checked here, and the public
   * half of the terminal's key pair for them is registered, so the writes they sign there (online or
   * later offline) are accepted as theirs.
   */
  app.post('/auth/sign-in', async (request) => {
    const device = await authenticate(request, deps.store, deps.tokens);
    const body = parseOr400(signInRequestSchema, request.body, 'Sign-in');
    const signedIn = await check(request.ip, body.email, body.password);
    if (signedIn.user.scope !== device.organisationId || !device.branchIds.some((b) => signedIn.roles.has(b))) {
      throw new HttpError(
        403,
        'not-here',
        `${String(signedIn.user.data.name)} has no role in the branches this terminal serves.`,
      );
    }
    const now = deps.now();
    const key = await deps.store.saveKey({
      id: randomBytes(16).toString('base64url'),
      userId: signedIn.user.id,
      deviceId: device.id,
      organisationId: device.organisationId,
      publicKey: body.publicKey,
      createdAt: now,
      revokedAt: null,
    });
    const answer: SignInResponse = { keyId: key.id, user: answerFor(signedIn), session: await session(signedIn) };
    return answer;
  });

  app.post('/auth/session', async (request) => {
    const body = parseOr400(sessionRequestSchema, request.body, 'Sign-in');
    const signedIn = await check(request.ip, body.email, body.password);
    const answer: SessionResponse = { user: answerFor(signedIn), session: await session(signedIn) };
    return answer;
  });
  done();
};
