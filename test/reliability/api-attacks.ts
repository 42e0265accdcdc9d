/**
 * The API attacked the way an attacker works: fast-check generates requests to every endpoint with
 * malformed JSON, wrong types, huge and deeply nested values, prototype keys, unknown collections,
 * forged tenants, extreme dates and numbers, and expired, forged, revoked or wrong-kind tokens. Every
 * request is sent over real HTTP and the store is compared before and after.
 */
import fc from 'fast-check';
import { COLLECTION_NAMES } from '../../shared/collections';
import { newId } from '../../shared/ids';
import type { Booking } from '../../shared/schemas/booking';
import type { Device } from '../../shared/sync/protocol';
import { TokenService } from '../../sync-server/auth/tokens';
import { newBookingIn, PASSWORD, post, TestClient, wire, type Harness } from '../integration/sync-server/harness';
import type { Counts } from './counts';

export interface Attackers {
  /** A Jakarta-only terminal with the owner and the Jakarta front desk signed in. */
  jakarta: TestClient;
  tokens: Record<TokenKind, string>;
}

const TOKEN_KINDS = ['valid', 'none', 'garbage', 'expired', 'forged', 'revoked', 'session', 'bali'] as const;
type TokenKind = (typeof TOKEN_KINDS)[number];

export async function prepareAttackers(h: Harness): Promise<Attackers> {
  const url = h.server.url;
  const jakarta = await TestClient.enrol(url, 'owner@glow.example', [h.jakarta], 'Jakarta desk');
  await jakarta.signIn('desk.jakarta@glow.example');
  const bali = await TestClient.enrol(url, 'owner@glow.example', [h.bali], 'Bali desk');
  const doomed = await TestClient.enrol(url, 'owner@glow.example', [h.jakarta], 'Stolen laptop');
  const session = await post<{ session: { token: string } }>(`${url}/auth/session`, {
    email: 'owner@glow.example',
    password: PASSWORD,
  });
  const revoke = await post(`${url}/admin/devices/revoke`, { deviceId: doomed.device.id }, session.body.session.token);
  if (revoke.status !== 200) throw new Error(`revoke failed: ${JSON.stringify(revoke.body)}`);
  const key = await h.store.getOrCreateMeta('token-key', () => 'unused');
  const serverKey = new Uint8Array(Buffer.from(key, 'base64'));
  const longAgo = new TokenService(serverKey, () => Date.now() - 200 * 24 * 3_600_000);
  const otherKey = new TokenService(crypto.getRandomValues(new Uint8Array(32)));
  const device: Device = jakarta.device;
  return {
    jakarta,
    tokens: {
      valid: jakarta.token,
      none: '',
      garbage: 'eyJhbGciOiJub25lIn0.e30.',
      expired: (await longAgo.issue(device)).token,
      forged: (await otherKey.issue(device)).token,
      revoked: doomed.token,
      session: session.body.session.token,
      bali: bali.token,
    },
  };
}

/** A front-desk booking in Jakarta, as a terminal would push it. */
export function validBooking(h: Harness): Booking {
  const desk = h.data.users.find((u) => u.email === 'desk.jakarta@glow.example')!.id;
  return newBookingIn(h.data, h.jakarta, desk, { startAt: Date.UTC(2027, 3, 1, 2) });
}

const hostileValue = fc.oneof(
  fc.constantFrom(
    null,
    true,
    -1,
    0,
    1e308,
    -1e308,
    2 ** 53,
    8_640_000_000_000_001,
    '',
    '__proto__',
    'constructor',
    '2026-11-23',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; DROP TABLE docs; --",
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 5_000, maxLength: 20_000 }),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A request: where it goes, what it carries, and with which token. */
export interface Attack {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body: string | undefined;
  contentType: string;
  token: TokenKind;
}

export function attackArbitrary(h: Harness, attackers: Attackers): fc.Arbitrary<Attack> {
  const collection = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...COLLECTION_NAMES) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('__proto__', 'constructor', 'Bookings', 'x'.repeat(300), '%2e%2e', 'audit'),
    },
  );
  const path = fc.oneof(
    fc.constantFrom(
      '/auth/enrol',
      '/auth/branches',
      '/auth/refresh',
      '/auth/sign-in',
      '/auth/session',
      '/admin/users/create',
      '/admin/users/update',
      '/admin/users/password',
      '/admin/memberships/set',
      '/admin/organisation/rename',
      '/admin/devices/list',
      '/admin/devices/revoke',
      '/sync/stream',
      '/health',
    ),
    collection.map((c) => `/sync/${c}/pull`),
    collection.map((c) => `/sync/${c}/push`),
  );
  const base = (): Record<string, unknown> => wire(validBooking(h));
  const ids = [h.jakarta, h.bali, newId(), h.data.patients.find((p) => p.tenantId === h.bali)!.id];
  const mutatedRow = fc
    .record({
      field: fc.constantFrom(...Object.keys(validBooking(h)), 'extra', '_deleted', 'proof'),
      value: fc.oneof(hostileValue, fc.constantFrom(...ids)),
      signed: fc.boolean(),
      assumed: fc.constantFrom('none', 'null', 'other', 'hostile'),
    })
    .map(({ field, value, signed, assumed }) => {
      const doc = { ...base(), [field]: value } as Parameters<TestClient['sign']>[1];
      const next = signed ? attackers.jakarta.sign('bookings', doc) : doc;
      const row: Record<string, unknown> = { newDocumentState: next };
      if (assumed === 'null') row.assumedMasterState = null;
      if (assumed === 'other') row.assumedMasterState = base();
      if (assumed === 'hostile') row.assumedMasterState = { ...doc, [field]: { nested: [value, { value }] } };
      return JSON.stringify([row]);
    });
  const pullBody = fc
    .record({
      checkpoint: fc.oneof(
        fc.constant(null),
        fc.dictionary(fc.constantFrom(...ids, 'x', '__proto__'), fc.oneof(fc.integer(), hostileValue)),
      ),
      batchSize: fc.oneof(fc.integer({ min: -5, max: 5_000 }), hostileValue),
    })
    .map((b) => JSON.stringify(b));
  const credentials = fc
    .record({
      email: fc.oneof(fc.emailAddress(), hostileValue),
      password: fc.oneof(fc.string({ maxLength: 300 }), hostileValue),
      branchIds: fc.oneof(fc.array(fc.constantFrom(...ids), { maxLength: 60 }), hostileValue),
      terminalName: hostileValue,
      publicKey: fc.oneof(fc.string({ minLength: 43, maxLength: 43 }), hostileValue),
      userId: fc.constantFrom(...ids),
      deviceId: fc.constantFrom(...ids),
      role: fc.oneof(fc.constantFrom('owner', 'admin', 'frontdesk', 'therapist'), hostileValue),
      name: hostileValue,
    })
    .chain((all) =>
      fc
        .subarray(Object.keys(all))
        .map((keys) => JSON.stringify(Object.fromEntries(keys.map((k) => [k, all[k as keyof typeof all]])))),
    );
  const body = fc.oneof(
    { weight: 3, arbitrary: mutatedRow },
    { weight: 2, arbitrary: pullBody },
    { weight: 2, arbitrary: credentials },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '{',
        '[',
        '{"a":}',
        'null',
        '"x"',
        'NaN',
        '\u0000',
        '{"__proto__":{"admin":true}}',
        '{"constructor":{"prototype":{"admin":true}}}',
        '[{"assumedMasterState":null,"newDocumentState":{"__proto__":{"isAdmin":true}}}]',
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 13, max: 40_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`) },
    { weight: 1, arbitrary: fc.integer({ min: 13, max: 40_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`) },
    { weight: 1, arbitrary: fc.constant(`["${'x'.repeat(6 * 1024 * 1024)}"]`) },
  );
  // Mostly what a terminal would send (POST, JSON, its own token), so the hostile part gets deep.
  return fc.record({
    method: fc.oneof(
      { weight: 12, arbitrary: fc.constant('POST' as const) },
      { weight: 1, arbitrary: fc.constantFrom('GET' as const, 'HEAD' as const, 'PUT' as const, 'DELETE' as const) },
    ),
    path,
    body: fc.option(body, { nil: undefined, freq: 8 }),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded') },
    ),
    token: fc.oneof(
      { weight: 6, arbitrary: fc.constant('valid' as const) },
      { weight: 1, arbitrary: fc.constantFrom(...TOKEN_KINDS) },
    ),
  });
}

/** Everything a request could change on the server, in one comparable string. */
export async function serverSnapshot(h: Harness): Promise<{ all: string; bali: number }> {
  const org = h.data.tenants[0]!.organisationId;
  const seqs = await h.store.maxSeqs([h.jakarta, h.bali, org]);
  const audit = (await h.store.listAudit(org, 100_000)).length;
  const devices = (await h.store.listDevices(org)).map((d) => `${d.id}:${d.revokedAt ?? ''}`).join(',');
  return { all: JSON.stringify({ seqs, audit, devices }), bali: seqs[h.bali] ?? 0 };
}

/** Sends one attack, and tallies what went wrong. */
export async function sendAttack(h: Harness, attackers: Attackers, attack: Attack, counts: Counts): Promise<number> {
  const before = await serverSnapshot(h);
  const token = attackers.tokens[attack.token];
  const res = await fetch(`${h.server.url}${attack.path}`, {
    method: attack.method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(attack.body !== undefined ? { 'content-type': attack.contentType } : {}),
    },
    ...(attack.body !== undefined && attack.method !== 'GET' && attack.method !== 'HEAD' ? { body: attack.body } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  // A stream that opens is a success for a valid token; it is not read further.
  if (res.headers.get('content-type')?.includes('text/event-stream')) await res.body?.cancel();
  else await res.arrayBuffer();
  counts.requestsTried++;
  if (res.status >= 500) counts.serverErrors++;
  const after = await serverSnapshot(h);
  if (res.status >= 400 && after.all !== before.all) counts.storedByRefusals++;
  if (attack.token !== 'bali' && after.bali !== before.bali) counts.crossBranchWrites++;
  return res.status;
}
