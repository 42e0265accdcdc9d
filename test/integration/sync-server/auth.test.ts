import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionResponse, EnrolResponse } from '../../../shared/sync/protocol';
import { RENEWAL_GRACE_MS, TokenService } from '../../../sync-server/auth/tokens';
import { PASSWORD, post, startHarness, TestClient, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('health and enrolment', () => {
  it('answers health with the store kind and version', async () => {
    const res = await fetch(`${h.server.url}/health`);
    expect(await res.json()).toEqual({ ok: true, store: 'sqlite', version: '0.0.0' });
  });

  it('enrols a terminal for an owner, with a ticket prefix unique in the branch', async () => {
    const a = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'Front desk 1');
    const b = await TestClient.enrol(h.server.url, 'admin.jakarta@glow.example', [h.jakarta], 'Front desk 2');
    expect(a.device).toMatchObject({ branchIds: [h.jakarta], name: 'Front desk 1', revokedAt: null });
    expect(a.device.prefix).not.toBe(b.device.prefix);
    expect((await a.pull('tenants')).status).toBe(200);
  });

  it('lists the branches an owner or admin may enrol a terminal for, and answers CORS preflights', async () => {
    const owner = await post<{ branches: { id: string; name: string }[] }>(`${h.server.url}/auth/branches`, {
      email: 'owner@glow.example',
      password: PASSWORD,
    });
    expect(owner.body.branches.map((b) => b.name)).toEqual(['Glow Clinic Bali', 'Glow Clinic Jakarta']);
    const admin = await post<{ branches: { id: string }[] }>(`${h.server.url}/auth/branches`, {
      email: 'admin.bali@glow.example',
      password: PASSWORD,
    });
    expect(admin.body.branches.map((b) => b.id)).toEqual([h.bali]);
    const preflight = await fetch(`${h.server.url}/sync/patients/pull`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('refuses a wrong password with 401 and does not say which part was wrong', async () => {
    const res = await post(`${h.server.url}/auth/enrol`, {
      email: 'owner@glow.example',
      password: 'nope',
      branchIds: [h.jakarta],
      terminalName: 'x',
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'bad-credentials', message: 'The email or password is not right.' } });
  });

  it('refuses front desk and therapists, and branches the user does not manage, with 403', async () => {
    const desk = await post(`${h.server.url}/auth/enrol`, {
      email: 'desk.jakarta@glow.example',
      password: PASSWORD,
      branchIds: [h.jakarta],
      terminalName: 'x',
    });
    expect(desk.status).toBe(403);
    const admin = await post(`${h.server.url}/auth/enrol`, {
      email: 'admin.jakarta@glow.example',
      password: PASSWORD,
      branchIds: [h.bali],
      terminalName: 'x',
    });
    expect(admin.status).toBe(403);
    expect(JSON.stringify(admin.body)).toContain('Only an owner or admin of Glow Clinic Bali');
  });

  it('answers 400 naming the field for a malformed enrolment', async () => {
    const res = await post(`${h.server.url}/auth/enrol`, {
      email: 'owner@glow.example',
      password: PASSWORD,
      branchIds: [],
      terminalName: '',
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('branchIds: must name at least one branch');
    expect((await post(`${h.server.url}/auth/enrol`, '{not json')).status).toBe(400);
  });

  it('rate-limits failed sign-ins with 429 and a Retry-After, even for the right password', async () => {
    const attempt = (password: string) =>
      post(`${h.server.url}/auth/enrol`, {
        email: 'admin.bali@glow.example',
        password,
        branchIds: [h.bali],
        terminalName: 'x',
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).status).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refreshes a token and stops accepting a revoked terminal at once', async () => {
    const c = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta]);
    const refreshed = await post<EnrolResponse>(`${h.server.url}/auth/refresh`, {}, c.token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.device.id).toBe(c.device.id);
    const session = await post<SessionResponse>(`${h.server.url}/auth/session`, {
      email: 'owner@glow.example',
      password: PASSWORD,
    });
    const revoke = await post(
      `${h.server.url}/admin/devices/revoke`,
      { deviceId: c.device.id },
      session.body.session.token,
    );
    expect(revoke.status).toBe(200);
    for (const token of [c.token, refreshed.body.token]) {
      const pull = await post(`${h.server.url}/sync/patients/pull`, { checkpoint: null, batchSize: 10 }, token);
      expect(pull.status).toBe(401);
      expect(JSON.stringify(pull.body)).toMatch(/removed from Glow Group by Olivia Owner on \d+ \w+ \d{4}/);
    }
  });

  it('renews only a genuine token of an enrolled terminal, ended less than the grace ago, and only renews it', async () => {
    const c = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta]);
    const key = new Uint8Array(Buffer.from(await h.store.getOrCreateMeta('token-key', () => 'unused'), 'base64'));
    const DAY = 24 * 60 * 60 * 1000;
    const issuedAgo = async (ms: number, signingKey = key) =>
      (await new TokenService(signingKey, () => Date.now() - ms).issue(c.device)).token;
    const deviceBefore = await h.store.getDevice(c.device.id);
    const headBefore = await h.store.maxSeqs([h.jakarta, c.device.organisationId]);
    const refresh = (token: string) => post<EnrolResponse>(`${h.server.url}/auth/refresh`, {}, token);

    // Ended ten days ago: renewed, but good for nothing else.
    const ended = await issuedAgo(40 * DAY);
    expect((await post(`${h.server.url}/sync/patients/pull`, { checkpoint: null, batchSize: 10 }, ended)).status).toBe(
      401,
    );
    expect((await refresh(ended)).status).toBe(200);
    // Ended longer ago than the grace, or signed with another key: refused.
    const tooOld = await refresh(await issuedAgo(30 * DAY + RENEWAL_GRACE_MS + DAY));
    expect(tooOld.status).toBe(401);
    expect(JSON.stringify(tooOld.body)).toContain('renewal-refused');
    const forged = await refresh(await issuedAgo(40 * DAY, crypto.getRandomValues(new Uint8Array(32))));
    expect(forged.status).toBe(401);
    // Nothing about the terminal or the data changed.
    expect(await h.store.getDevice(c.device.id)).toEqual(deviceBefore);
    expect(await h.store.maxSeqs([h.jakarta, c.device.organisationId])).toEqual(headBefore);

    // A removed terminal cannot renew even inside the grace.
    const session = await post<SessionResponse>(`${h.server.url}/auth/session`, {
      email: 'owner@glow.example',
      password: PASSWORD,
    });
    await post(`${h.server.url}/admin/devices/revoke`, { deviceId: c.device.id }, session.body.session.token);
    expect((await refresh(await issuedAgo(40 * DAY))).status).toBe(401);
  });

  it('answers 401 without a token or with a forged one', async () => {
    expect((await post(`${h.server.url}/sync/patients/pull`, { checkpoint: null, batchSize: 10 })).status).toBe(401);
    const forged = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
    expect((await post(`${h.server.url}/sync/patients/pull`, { checkpoint: null, batchSize: 10 }, forged)).status).toBe(
      401,
    );
  });
});
