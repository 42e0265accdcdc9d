import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url, type Proof } from '../../../shared/auth/proof';
import type { CollectionName } from '../../../shared/collections';
import { userSchema } from '../../../shared/schemas/user';
import type { SessionResponse, WireDocument } from '../../../shared/sync/protocol';
import { makeProof } from '../../../renderer/db/signer';
import { post, startHarness, TestClient, wire, type Answer, type Harness } from './harness';

/**
 * Identity over real HTTP, as an attacker would try it: every write must carry a proof made with the
 * key the named person registered on this very terminal, and every refusal must store nothing.
 */
let h: Harness;
let desk: TestClient;
let organisationId: string;
const idOf = (email: string): string => h.data.users.find((u) => u.email === email)!.id;

beforeAll(async () => {
  h = await startHarness();
  organisationId = h.data.organisations[0]!.id;
  desk = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'Desk');
  await desk.signIn('desk.jakarta@glow.example');
});
afterAll(async () => {
  await h.close();
});

/** Everything a refused request could have touched: every scope's sequence and the audit log. */
async function fingerprint(): Promise<string> {
  const seqs = await h.store.maxSeqs([organisationId, h.jakarta, h.bali]);
  const audit = await h.store.listAudit(organisationId, 1);
  return JSON.stringify({ seqs, audit: audit[0]?.seq ?? 0 });
}

/** Runs a request that must be refused with `status`, and checks it stored nothing. */
async function refusedWith<T>(status: number, request: () => Promise<Answer<T>>, says?: string | RegExp) {
  const before = await fingerprint();
  const answer = await request();
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  if (says !== undefined) expect(JSON.stringify(answer.body)).toMatch(says);
  expect(await fingerprint()).toBe(before);
  return answer;
}

async function current(collection: CollectionName, id: string): Promise<WireDocument> {
  return (await desk.pullAll(collection)).get(id)!;
}

const treatmentId = (): string => h.data.treatments.find((t) => t.tenantId === h.jakarta)!.id;

/** A new version of a document, not yet signed. */
function changed(master: WireDocument, changes: Record<string, unknown>): WireDocument {
  const { proof: _previous, ...rest } = master;
  return wire({ ...rest, ...changes, updatedAt: Math.max(Number(master.updatedAt) + 1, Date.now()) });
}

function pushRaw(client: TestClient, collection: CollectionName, master: WireDocument | null, doc: WireDocument) {
  return client.push(collection, [{ assumedMasterState: master, newDocumentState: doc }], false);
}

describe('every write is proven by the person it names', () => {
  it('accepts a price change signed by the owner, and stamps the audit log with who made it', async () => {
    const master = await current('treatments', treatmentId());
    const answer = await desk.update('treatments', master, { price: 410_000, updatedBy: idOf('owner@glow.example') });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([]);
    expect((await current('treatments', treatmentId())).price).toBe(410_000);
    const [latest] = await h.store.listAudit(organisationId, 1);
    expect(latest).toMatchObject({ actorUserId: idOf('owner@glow.example'), deviceId: desk.device.id });
  });

  it('refuses the same change with no proof, a forged one, or one made for another document', async () => {
    const owner = idOf('owner@glow.example');
    const master = await current('treatments', treatmentId());
    const next = changed(master, { price: 1, updatedBy: owner });
    await refusedWith(403, () => pushRaw(desk, 'treatments', master, next), /carries no proof/);

    const signed = desk.sign('treatments', next);
    const proof = signed.proof as Proof;
    const forged = { ...signed, proof: { ...proof, s: toBase64Url(randomBytes(64)) } };
    await refusedWith(403, () => pushRaw(desk, 'treatments', master, forged), /forged or made for another/);

    // A real signature by the owner, but over another treatment's version.
    const other = h.data.treatments.filter((t) => t.tenantId === h.jakarta)[1]!;
    const otherMaster = await current('treatments', other.id);
    const otherSigned = desk.sign('treatments', changed(otherMaster, { price: 1, updatedBy: owner }));
    await refusedWith(
      403,
      () => pushRaw(desk, 'treatments', master, { ...next, proof: otherSigned.proof }),
      /forged or made for another/,
    );
    // …or over the same version with a different price.
    await refusedWith(
      403,
      () => pushRaw(desk, 'treatments', master, { ...signed, price: 2 }),
      /forged or made for another/,
    );
  });

  it('refuses the front desk signing a change that names the owner', async () => {
    const deskSigner = desk.signers.get(idOf('desk.jakarta@glow.example'))!;
    const master = await current('treatments', treatmentId());
    const { proof: _p, ...next } = changed(master, { price: 3, updatedBy: idOf('owner@glow.example') });
    const claimed = { ...next, proof: makeProof('treatments', next, deskSigner) } as WireDocument;
    await refusedWith(403, () => pushRaw(desk, 'treatments', master, claimed), /names someone other/);
    // Signed honestly as the front desk, the role rule refuses it instead.
    await refusedWith(
      403,
      () => desk.update('treatments', master, { price: 3, updatedBy: idOf('desk.jakarta@glow.example') }),
      /forbidden|not allowed|cannot|only/i,
    );
  });

  it('refuses a proof replayed after the document moved on', async () => {
    const owner = idOf('owner@glow.example');
    const master = await current('treatments', treatmentId());
    const first = desk.sign('treatments', changed(master, { price: 111_000, updatedBy: owner }));
    expect((await pushRaw(desk, 'treatments', master, first)).status).toBe(200);
    const afterFirst = await current('treatments', treatmentId());
    expect((await desk.update('treatments', afterFirst, { price: 222_000, updatedBy: owner })).status).toBe(200);
    const now = await current('treatments', treatmentId());
    await refusedWith(403, () => pushRaw(desk, 'treatments', now, first), /already|replay/i);
    expect((await current('treatments', treatmentId())).price).toBe(222_000);
  });

  it('refuses a change signed with a revoked key, and accepts it once the person signs in again', async () => {
    const adminId = idOf('admin.jakarta@glow.example');
    await desk.signIn('admin.jakarta@glow.example');
    const oldSigner = desk.signers.get(adminId)!;
    const owner = await sessionOf('owner@glow.example');
    const reset = await post(
      `${h.server.url}/admin/users/password`,
      { userId: adminId, password: 'a brand new password' },
      owner,
    );
    expect(reset.status).toBe(200);
    const master = await current('treatments', treatmentId());
    const { proof: _p, ...next } = changed(master, { price: 150_000, updatedBy: adminId });
    const withOld = { ...next, proof: makeProof('treatments', next, oldSigner) } as WireDocument;
    await refusedWith(403, () => pushRaw(desk, 'treatments', master, withOld), /revoked/);
    expect((await desk.signInRaw('admin.jakarta@glow.example')).status).toBe(401);
    await desk.signIn('admin.jakarta@glow.example', 'a brand new password');
    expect((await desk.update('treatments', master, { price: 150_000, updatedBy: adminId })).status).toBe(200);
  });

  it('refuses a proof from another terminal’s key, even for the same person', async () => {
    const other = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'Desk 2');
    const master = await current('treatments', treatmentId());
    const signedHere = desk.sign('treatments', changed(master, { price: 5, updatedBy: idOf('owner@glow.example') }));
    await refusedWith(403, () => pushRaw(other, 'treatments', master, signedHere), /another terminal/);
  });

  it('accepts a merged version only where every unsigned field holds the stored value', async () => {
    const owner = idOf('owner@glow.example');
    const master = await current('treatments', treatmentId());
    // The owner signed a new name and price; the merge kept the server's name.
    const signed = desk.sign('treatments', changed(master, { name: 'Signed name', price: 333_000, updatedBy: owner }));
    const proof = { ...(signed.proof as Proof), l: { name: ['Signed name'] } };
    const injected = { ...signed, name: 'Nobody signed this', proof };
    await refusedWith(403, () => pushRaw(desk, 'treatments', master, injected), /value in name that nobody signed/);
    const merged = { ...signed, name: master.name, proof };
    expect((await pushRaw(desk, 'treatments', master, merged)).status).toBe(200);
    const stored = await current('treatments', treatmentId());
    expect(stored).toMatchObject({ name: master.name, price: 333_000 });
  });

  it('refuses people, roles and the organisation through replication, and oversized or malformed proofs', async () => {
    const owner = idOf('owner@glow.example');
    const users = await desk.pullAll('users');
    const me = users.get(owner)!;
    await refusedWith(
      403,
      () => desk.update('users', me, { name: 'Mallory', updatedBy: owner }),
      /administered|online/i,
    );
    const membership = [...(await desk.pullAll('memberships')).values()][0]!;
    await refusedWith(403, () => desk.update('memberships', membership, { role: 'owner', updatedBy: owner }));
    const organisation = [...(await desk.pullAll('organisations')).values()][0]!;
    await refusedWith(403, () => desk.update('organisations', organisation, { name: 'Taken', updatedBy: owner }));

    const master = await current('treatments', treatmentId());
    const signed = desk.sign('treatments', changed(master, { price: 7, updatedBy: owner }));
    const huge = { ...signed, proof: { ...(signed.proof as Proof), s: 'A'.repeat(100_000) } };
    await refusedWith(400, () => pushRaw(desk, 'treatments', master, huge), /proof.s: signature is too long/);
    const padded = { ...signed, proof: { ...(signed.proof as Proof), extra: 1 } };
    await refusedWith(400, () => pushRaw(desk, 'treatments', master, padded), /proof/);
    const flood = JSON.stringify([
      { assumedMasterState: master, newDocumentState: { ...signed, notes: 'x'.repeat(6e6) } },
    ]);
    await refusedWith(413, () => post(`${h.server.url}/sync/treatments/push`, flood, desk.token));
  });
});

describe('terminals hold no credentials and only their own people', () => {
  it('pulls users with each branch’s token: no hash of any kind, and nobody from another branch', async () => {
    const allowed = new Set([...Object.keys(userSchema.shape), '_deleted']);
    const clients = {
      jakarta: await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'J'),
      bali: await TestClient.enrol(h.server.url, 'admin.bali@glow.example', [h.bali], 'B'),
      both: await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta, h.bali], 'JB'),
    };
    for (const [name, client] of Object.entries(clients)) {
      const branches = client.device.branchIds;
      const expected = new Set(h.data.memberships.filter((m) => branches.includes(m.tenantId)).map((m) => m.userId));
      const pulled = await client.pullAll('users');
      expect(new Set(pulled.keys()), name).toEqual(expected);
      for (const user of pulled.values()) {
        const extra = Object.keys(user).filter((k) => !allowed.has(k));
        expect(extra, `${name}: ${user.email as string}`).toEqual([]);
        expect(JSON.stringify(user)).not.toMatch(/scrypt|hash|pin/i);
      }
    }
    const baliOnly = h.data.users.filter((u) => u.email.endsWith('bali@glow.example')).map((u) => u.id);
    expect(baliOnly.length).toBeGreaterThan(0);
    const seenByJakarta = await clients.jakarta.pullAll('users');
    for (const id of baliOnly) expect(seenByJakarta.has(id)).toBe(false);
  });
});

async function sessionOf(email: string, password?: string): Promise<string> {
  const answer = await post<SessionResponse>(`${h.server.url}/auth/session`, {
    email,
    password: password ?? 'correct horse battery',
  });
  if (answer.status !== 200) throw new Error(`session failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.session.token;
}

describe('administration is online, authenticated and ruled', () => {
  const admin = (path: string, body: unknown, token: string) => post(`${h.server.url}/admin/${path}`, body, token);
  const forbidden = /forbidden-admin/;

  it('wants a fresh user session, not a terminal token or a forged one', async () => {
    const body = { userId: idOf('desk.jakarta@glow.example'), name: 'Renamed' };
    await refusedWith(401, () => admin('users/update', body, desk.token));
    await refusedWith(401, () => admin('users/update', body, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln'));
    await refusedWith(401, () => post(`${h.server.url}/admin/users/update`, body));
    expect((await post(`${h.server.url}/auth/session`, { email: 'owner@glow.example', password: 'no' })).status).toBe(
      401,
    );
  });

  it('lets an admin manage the front desk of their branch, and records who did it', async () => {
    const token = await sessionOf('admin.jakarta@glow.example', 'a brand new password');
    const created = await admin(
      'users/create',
      {
        email: 'new.desk@glow.example',
        name: 'Nadia New',
        password: 'welcome to glow',
        roles: [{ branchId: h.jakarta, role: 'frontdesk' }],
      },
      token,
    );
    expect(created.status).toBe(201);
    const { userId } = created.body as { userId: string };
    expect((await admin('users/update', { userId, name: 'Nadia Newton' }, token)).status).toBe(200);
    expect((await admin('users/password', { userId, password: 'another password' }, token)).status).toBe(200);
    const entries = await h.store.listAudit(organisationId, 3);
    expect(entries.map((e) => e.action)).toEqual(['user.password-reset', 'user.update', 'user.create']);
    for (const e of entries)
      expect(e).toMatchObject({ actorUserId: idOf('admin.jakarta@glow.example'), documentId: userId });
    expect(JSON.stringify(entries)).not.toContain('another password');
    const pulled = await desk.pullAll('users');
    expect(pulled.get(userId)).toMatchObject({ name: 'Nadia Newton', credentialVersion: 1 });
    // The new person signs in on a terminal of the branch with their new password.
    expect((await desk.signInRaw('new.desk@glow.example', 'another password')).status).toBe(200);
  });

  it('refuses an admin every change reserved to owners or outside their branches', async () => {
    const token = await sessionOf('admin.jakarta@glow.example', 'a brand new password');
    const owner = idOf('owner@glow.example');
    const baliDesk = idOf('desk.bali@glow.example');
    const attempts: [string, unknown][] = [
      ['users/password', { userId: owner, password: 'owned by mallory' }],
      ['users/update', { userId: owner, isActive: false }],
      ['users/update', { userId: owner, name: 'Not the owner' }],
      ['memberships/set', { userId: owner, branchId: h.jakarta, role: 'frontdesk' }],
      ['memberships/set', { userId: owner, branchId: h.jakarta, role: null }],
      ['memberships/set', { userId: idOf('desk.jakarta@glow.example'), branchId: h.jakarta, role: 'owner' }],
      ['memberships/set', { userId: idOf('desk.jakarta@glow.example'), branchId: h.bali, role: 'frontdesk' }],
      ['users/update', { userId: baliDesk, name: 'Bali desk renamed' }],
      ['users/password', { userId: baliDesk, password: 'taken over now' }],
      ['users/update', { userId: idOf('admin.bali@glow.example'), isActive: false }],
      [
        'users/create',
        {
          email: 'o2@glow.example',
          name: 'Second Owner',
          password: 'owner two pw',
          roles: [{ branchId: h.jakarta, role: 'owner' }],
        },
      ],
      [
        'users/create',
        {
          email: 'b2@glow.example',
          name: 'Bali Two',
          password: 'bali two pw!',
          roles: [{ branchId: h.bali, role: 'frontdesk' }],
        },
      ],
      ['organisation/rename', { name: 'Admin Clinic' }],
    ];
    const credentials = async () => Promise.all([owner, baliDesk].map((id) => h.store.getCredential(id)));
    const before = await credentials();
    for (const [path, body] of attempts) {
      await refusedWith(403, () => admin(path, body, token), forbidden);
    }
    expect(await credentials()).toEqual(before);
  });

  it('never lets an admin reset another admin’s password, only an owner', async () => {
    const ownerToken = await sessionOf('owner@glow.example');
    const made = await admin(
      'users/create',
      {
        email: 'admin2.jakarta@glow.example',
        name: 'Second Admin',
        password: 'second admin pw',
        roles: [{ branchId: h.jakarta, role: 'admin' }],
      },
      ownerToken,
    );
    expect(made.status).toBe(201);
    const second = (made.body as { userId: string }).userId;
    const token = await sessionOf('admin.jakarta@glow.example', 'a brand new password');
    await refusedWith(
      403,
      () => admin('users/password', { userId: second, password: 'mine now mine' }, token),
      /an admin/,
    );
    expect((await admin('users/password', { userId: second, password: 'reset by owner' }, ownerToken)).status).toBe(
      200,
    );
  });

  it('keeps the last active owner, and lets an owner rename the organisation', async () => {
    const ownerToken = await sessionOf('owner@glow.example');
    const owner = idOf('owner@glow.example');
    await refusedWith(409, () => admin('users/update', { userId: owner, isActive: false }, ownerToken), /last-owner/);
    // Taking the owner role away in one branch is fine while they own the other; not in both.
    expect(
      (await admin('memberships/set', { userId: owner, branchId: h.bali, role: 'admin' }, ownerToken)).status,
    ).toBe(200);
    await refusedWith(
      409,
      () => admin('memberships/set', { userId: owner, branchId: h.jakarta, role: null }, ownerToken),
      /without an active owner/,
    );
    const renamed = await admin('organisation/rename', { name: 'Glow Clinics' }, ownerToken);
    expect(renamed.status).toBe(200);
    const [org] = (await desk.pullAll('organisations')).values();
    expect(org).toMatchObject({ name: 'Glow Clinics', updatedBy: owner });
    expect((await h.store.listAudit(organisationId, 1))[0]).toMatchObject({
      action: 'organisation.rename',
      actorUserId: owner,
    });
  });

  it('ends a deactivated person’s session, keys and sign-ins at once', async () => {
    const ownerToken = await sessionOf('owner@glow.example');
    const person = idOf('desk.jakarta@glow.example');
    const theirToken = await sessionOf('desk.jakarta@glow.example');
    const booking = h.data.bookings.find((b) => b.tenantId === h.jakarta && b.status === 'confirmed')!;
    const master = await current('bookings', booking.id);
    const signedBefore = desk.sign('bookings', changed(master, { notes: 'late note', updatedBy: person }));
    expect((await admin('users/update', { userId: person, isActive: false }, ownerToken)).status).toBe(200);
    await refusedWith(403, () => pushRaw(desk, 'bookings', master, signedBefore), /revoked/);
    await refusedWith(401, () => admin('users/update', { userId: person, name: 'x' }, theirToken));
    expect((await desk.signInRaw('desk.jakarta@glow.example')).status).toBe(401);
    expect((await desk.pullAll('users')).get(person)).toMatchObject({ isActive: false });
  });
});
