import { afterEach, describe, expect, it } from 'vitest';
import type { Patient } from '../../../shared/schemas/patient';
import { startReplication, type ClinicReplication } from '../../../renderer/db/replication';
import { loadTerminalProfile } from '../../../renderer/db/terminal-profile';
import { RENEW_WITHIN_MS, TokenKeeper } from '../../../renderer/db/token-keeper';
import { startHarness, TestClient, type Harness } from '../sync-server/harness';
import { Terminal } from './terminal-harness';

/**
 * Device tokens live 30 days. The server's clock and the terminal's are moved (the same clock for
 * both), so a token ends inside the test without waiting a month.
 */
const DAY = 24 * 60 * 60 * 1000;
let h: Harness | undefined;
let terminal: Terminal | undefined;
let replication: ClinicReplication | undefined;
let keeper: TokenKeeper | undefined;
afterEach(async () => {
  keeper?.stop();
  await replication?.stop();
  await terminal?.close();
  await h?.close();
  [h, terminal, replication, keeper] = [undefined, undefined, undefined, undefined];
});

async function setUp() {
  let clock = Date.now();
  h = await startHarness({ now: () => clock });
  const stack = h;
  const enrolled = await TestClient.enrol(stack.server.url, 'owner@glow.example', [stack.jakarta], 'Desk');
  terminal = await new Terminal({
    name: `renewal-${clock}`,
    serverUrl: stack.server.url,
    token: enrolled.token,
    device: enrolled.device,
  }).open(false);
  const t = terminal;
  const ended: string[] = [];
  const unauthorised: string[] = [];
  t.network.onResponse = (url, res) => {
    if (res.status === 401) unauthorised.push(url);
    return Promise.resolve(res);
  };
  const profile = { ...t.profile, expiresAt: clock + 30 * DAY };
  keeper = new TokenKeeper(profile, {
    db: t.db,
    fetch: t.network.fetch,
    now: () => clock,
    onEnded: (sentence) => ended.push(sentence),
  });
  const k = keeper;
  const sync = () => {
    replication = startReplication({
      db: t.db,
      serverUrl: stack.server.url,
      token: k.token,
      fetch: k.fetch,
      deviceId: t.options.device.id,
      status: t.status,
      retryMs: 100,
    });
    return replication;
  };
  /** A colleague (enrolled at the moved time) changes a patient. */
  const colleagueChanges = async (notes: string): Promise<string> => {
    const colleague = await TestClient.enrol(stack.server.url, 'owner@glow.example', [stack.jakarta], 'Colleague');
    const owner = stack.data.users.find((u) => u.email === 'owner@glow.example')!.id;
    const patient = stack.data.patients.find((p) => p.tenantId === stack.jakarta)!;
    const stored = (await colleague.pullAll('patients')).get(patient.id)!;
    expect((await colleague.update('patients', stored, { notes, updatedBy: owner })).status).toBe(200);
    return patient.id;
  };
  return {
    t,
    k,
    sync,
    ended,
    unauthorised,
    colleagueChanges,
    move: (ms: number) => {
      clock += ms;
    },
    now: () => clock,
  };
}

async function eventuallyHolds(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition never held');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('device token renewal', () => {
  it('renews a token that ended while the terminal was switched off, at reconnect, and syncs', async () => {
    const { t, k, sync, ended, unauthorised, colleagueChanges, move, now } = await setUp();
    const firstToken = k.token();
    // Off for five weeks: the token ended a week ago.
    move(35 * DAY);
    const id = await colleagueChanges('Changed while the desk was off');
    const r = sync();
    await eventuallyHolds(async () => {
      const p = (await t.db.patients.findOne(id).exec())?.toJSON() as Patient | undefined;
      return p?.notes === 'Changed while the desk was off';
    });
    await r.awaitInSync();
    expect(unauthorised.length).toBeGreaterThan(0);
    expect(k.token()).not.toBe(firstToken);
    expect(ended).toEqual([]);
    // The new token is kept for the next start.
    const saved = await loadTerminalProfile(t.db);
    expect(saved && 'token' in saved ? saved.token : null).toBe(k.token());
    expect(saved && 'expiresAt' in saved ? saved.expiresAt : 0).toBeGreaterThan(now() + 29 * DAY);
    expect(t.status.getState().removed).toBeNull();
  }, 60_000);

  it('renews a week before the end while online, before any request is refused', async () => {
    const { k, sync, unauthorised, move, now } = await setUp();
    const r = sync();
    await r.awaitInSync();
    move(30 * DAY - RENEW_WITHIN_MS + DAY);
    const before = k.current.expiresAt;
    expect(await k.renewIfDue()).toBe(true);
    expect(k.current.expiresAt).toBeGreaterThan(before);
    expect(k.current.expiresAt).toBeGreaterThan(now() + 29 * DAY);
    // Past the old token's end, nothing is refused: the renewed token is in use.
    move(10 * DAY);
    r.states.get('patients')?.reSync();
    await r.awaitInSync();
    expect(unauthorised).toEqual([]);
  }, 60_000);

  it('says clearly when the server will not renew: away longer than the grace period', async () => {
    const { t, sync, ended, move } = await setUp();
    move(30 * DAY + 91 * DAY);
    sync();
    await eventuallyHolds(() => Promise.resolve(ended.length > 0));
    expect(ended[0]).toBe('This terminal was away too long to renew its token; an owner or admin can enrol it again.');
    expect(t.status.getState().removed).toBeNull();
  }, 60_000);
});
