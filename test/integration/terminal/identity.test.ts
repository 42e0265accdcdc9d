import { afterEach, describe, expect, it } from 'vitest';
import type { SessionResponse } from '../../../shared/sync/protocol';
import type { Session } from '../../../renderer/db/session';
import { PASSWORD, post } from '../sync-server/harness';
import type { AgentClient } from './agent-client';
import { Cluster } from './cluster';

/**
 * Identity on real terminal processes against a real server: offline sign-in rests on a verifier made
 * at an online sign-in on that terminal, a PIN is a quick unlock with a limit, and what the owner
 * does on the server (deactivate, reset, remove a terminal) reaches every terminal at its next sync.
 */
let cluster: Cluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

type Visible = Omit<Session, 'signer'>;

const signIn = (t: AgentClient, email: string, secret: string, method: 'password' | 'pin' = 'password') =>
  t.call<Visible>('signIn', { email, password: secret, branchId: cluster!.jakarta, method });

async function ownerSession(): Promise<string> {
  const answer = await post<SessionResponse>(`${cluster!.server.url}/auth/session`, {
    email: 'owner@glow.example',
    password: PASSWORD,
  });
  return answer.body.session.token;
}

const admin = async (path: string, body: unknown) =>
  post(`${cluster!.server.url}/admin/${path}`, body, await ownerSession());

const userId = (email: string): string => cluster!.data.users.find((u) => u.email === email)!.id;

describe('signing in on a terminal', () => {
  it('signs in offline only someone who signed in online there before, and says so', async () => {
    cluster = await new Cluster().start();
    const t = await cluster.addTerminal('desk.jakarta@glow.example');
    await t.call('signOut');
    await t.call('offline');
    const offline = await signIn(t, 'desk.jakarta@glow.example', PASSWORD);
    expect(offline).toMatchObject({ name: 'Rina Desk', role: 'frontdesk', online: false });
    await t.call('signOut');
    await expect(signIn(t, 'desk.jakarta@glow.example', 'not my password')).rejects.toThrow(
      /email or password is not right/,
    );
    await expect(signIn(t, 'admin.jakarta@glow.example', PASSWORD)).rejects.toThrow(
      'admin.jakarta@glow.example has not signed in on this terminal while it was online',
    );
    await t.call('online');
    expect(await signIn(t, 'admin.jakarta@glow.example', PASSWORD)).toMatchObject({ role: 'admin', online: true });
  }, 90_000);

  it('asks for the password after five wrong PINs in a row', async () => {
    cluster = await new Cluster().start();
    const t = await cluster.addTerminal('desk.jakarta@glow.example');
    await t.call('setPin', { pin: '482913' });
    await t.call('signOut');
    expect(await signIn(t, 'desk.jakarta@glow.example', '482913', 'pin')).toMatchObject({ name: 'Rina Desk' });
    await t.call('signOut');
    for (let left = 4; left >= 1; left--) {
      await expect(signIn(t, 'desk.jakarta@glow.example', '000000', 'pin')).rejects.toThrow(
        `That PIN is not right. ${left} more wrong PIN(s)`,
      );
    }
    await expect(signIn(t, 'desk.jakarta@glow.example', '000000', 'pin')).rejects.toThrow(
      '5 wrong PINs in a row: sign in with your password',
    );
    // The right PIN no longer opens it: the PIN is gone until the password is used again.
    await expect(signIn(t, 'desk.jakarta@glow.example', '482913', 'pin')).rejects.toThrow(/Use your password/);
    expect(await signIn(t, 'desk.jakarta@glow.example', PASSWORD)).toMatchObject({ name: 'Rina Desk' });
  }, 90_000);
});

describe('what the owner does on the server reaches every terminal', () => {
  it('locks a deactivated person out of every terminal after sync, offline too', async () => {
    cluster = await new Cluster().start();
    const [a, b] = [await cluster.addTerminal(), await cluster.addTerminal()];
    const ended = Promise.all([a, b].map((t) => t.call<string>('sessionEnded', { timeoutMs: 15_000 })));
    expect((await admin('users/update', { userId: userId('desk.jakarta@glow.example'), isActive: false })).status).toBe(
      200,
    );
    for (const why of await ended) expect(why).toBe('Rina Desk’s account was deactivated by an owner or admin.');
    for (const t of [a, b]) {
      await t.call('signOut');
      await t.call('offline');
      await expect(signIn(t, 'desk.jakarta@glow.example', PASSWORD)).rejects.toThrow(/deactivated/);
      await t.call('online');
      await expect(signIn(t, 'desk.jakarta@glow.example', PASSWORD)).rejects.toThrow(/not right/);
    }
  }, 120_000);

  it('stops the old password offline on every terminal once a reset has synced', async () => {
    cluster = await new Cluster().start();
    const t = await cluster.addTerminal();
    const ended = t.call<string>('sessionEnded', { timeoutMs: 15_000 });
    const reset = await admin('users/password', {
      userId: userId('desk.jakarta@glow.example'),
      password: 'a fresh password',
    });
    expect(reset.status).toBe(200);
    expect(await ended).toMatch(/password was changed/);
    await t.call('signOut');
    await t.call('offline');
    await expect(signIn(t, 'desk.jakarta@glow.example', PASSWORD)).rejects.toThrow(/password was changed/);
    await t.call('online');
    expect(await signIn(t, 'desk.jakarta@glow.example', 'a fresh password')).toMatchObject({ online: true });
  }, 90_000);

  it('tells a removed terminal within a second, in words, and nothing more syncs', async () => {
    cluster = await new Cluster().start();
    const t = await cluster.addTerminal();
    const deviceId = (await t.call<{ device: { id: string } }>('profile')).device.id;
    const token = await ownerSession();
    const started = Date.now();
    const revoked = await post(`${cluster.server.url}/admin/devices/revoke`, { deviceId }, token);
    expect(revoked.status).toBe(200);
    const told = await t.call<{ message: string }>('removed', { timeoutMs: 5_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(told.message).toMatch(/^This terminal was removed from Glow Group by Olivia Owner on \d{1,2} \w+ \d{4}\./);
  }, 90_000);
});
