import Database from 'better-sqlite3';
import { randomBytes, scryptSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { formatPasswordHash } from '../../../shared/auth/password-hash';
import { generateDataset, type Dataset } from '../../../shared/demo/generate';
import type { SessionResponse } from '../../../shared/sync/protocol';
import { startServer, type RunningServer } from '../../../sync-server/server';
import { seedStore } from '../../../sync-server/store/seed';
import { openSqliteStore } from '../../../sync-server/store/sqlite';
import { spawnServer, type ServerProcess } from '../server-process';
import { openStream, PASSWORD, post, TestClient } from './harness';

/**
 * Sign-in under pressure and revocation across server instances, against real server processes on
 * one SQLite file: the limits live in the store, so every instance and every restart sees them.
 */
let dir: string;
let data: Dataset;
const running = new Set<ServerProcess>();
const inProcess = new Set<RunningServer>();

async function spawn(): Promise<ServerProcess> {
  const p = await spawnServer(dir);
  running.add(p);
  void p.exited.then(() => running.delete(p));
  return p;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinic-signin-'));
  data = generateDataset({ seed: 11, patients: 10, bookings: 20 });
  const store = openSqliteStore(join(dir, 'clinic-desk.sqlite'));
  await seedStore(store, data, { password: PASSWORD });
  await store.close();
}, 30_000);

afterEach(async () => {
  for (const p of running) p.child.kill('SIGKILL');
  await Promise.all([...running].map((p) => p.exited));
  await Promise.all([...inProcess].map((s) => s.close()));
  inProcess.clear();
  // Each test starts with no sign-in attempts counted.
  const file = new Database(join(dir, 'clinic-desk.sqlite'));
  file.prepare('DELETE FROM hits').run();
  file.close();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A POST sent from a chosen loopback address (127.0.0.2 is another machine as far as the server knows). */
function postFrom(
  localAddress: string,
  url: string,
  body: unknown,
): Promise<{ status: number; body: unknown; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      url,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          const retry = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), retryAfter: retry });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const session = (url: string, email: string, password: string) => post(`${url}/auth/session`, { email, password });

describe('sign-in limits', () => {
  it('counts 40 simultaneous wrong passwords, all of them, and keeps the lock across a restart', async () => {
    const one = await spawn();
    const email = 'admin.bali@glow.example';
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => session(one.url, email, `wrong guess ${i}`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    // Five guesses are checked; every other one was counted before its check and refused unchecked.
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    expect((await session(one.url, email, PASSWORD)).status).toBe(429);

    one.child.kill('SIGKILL');
    await one.exited;
    const two = await spawn();
    const afterRestart = await session(two.url, email, PASSWORD);
    expect(afterRestart.status).toBe(429);
    expect(Number(afterRestart.headers.get('retry-after'))).toBeGreaterThan(60);
    // The guesses came from 127.0.0.1; the person at another address signs in as usual.
    const elsewhere = await postFrom('127.0.0.2', `${two.url}/auth/session`, { email, password: PASSWORD });
    expect(elsewhere.status).toBe(200);
  }, 60_000);

  it('says the same thing, in about the same time, for a wrong email and a wrong password', async () => {
    const store = openSqliteStore(join(dir, 'clinic-desk.sqlite'));
    const server = await startServer(store, {
      port: 0,
      limits: { perAccount: 1000, perAddress: 1000, windowMs: 60_000 },
    });
    inProcess.add(server);
    const timed = async (email: string, password: string) => {
      const started = performance.now();
      const answer = await session(server.url, email, password);
      return { ms: performance.now() - started, answer };
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const wrongPassword = [];
    const wrongEmail = [];
    for (let i = 0; i < 7; i++) {
      wrongPassword.push(await timed('desk.bali@glow.example', `nope ${i}`));
      wrongEmail.push(await timed(`nobody${i}@glow.example`, 'nope'));
    }
    for (const { answer } of [...wrongPassword, ...wrongEmail]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        error: { code: 'bad-credentials', message: 'The email or password is not right.' },
      });
    }
    // Both spend one full password hash: without it an unknown email would answer in a millisecond.
    const ratio = median(wrongEmail.map((x) => x.ms)) / median(wrongPassword.map((x) => x.ms));
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  }, 60_000);

  it('unlocks a locked account on its own when the window ends', async () => {
    let now = Date.now();
    const store = openSqliteStore(join(dir, 'clinic-desk.sqlite'));
    const server = await startServer(store, { port: 0, now: () => now });
    inProcess.add(server);
    const email = 'desk.jakarta@glow.example';
    for (let i = 0; i < 5; i++) expect((await session(server.url, email, 'not it')).status).toBe(401);
    expect((await session(server.url, email, PASSWORD)).status).toBe(429);
    now += 15 * 60_000 + 1_000;
    expect((await session(server.url, email, PASSWORD)).status).toBe(200);
  }, 60_000);

  it('refuses to store a hash of the wrong cost, and never evaluates one planted in the file', async () => {
    const store = openSqliteStore(join(dir, 'clinic-desk.sqlite'));
    const server = await startServer(store, { port: 0, limits: { perAccount: 100, perAddress: 100, windowMs: 1 } });
    inProcess.add(server);
    const user = data.users.find((u) => u.email === 'staff1.jakarta@glow.example')!;
    const cheap = (N: number) => {
      const salt = randomBytes(16);
      const hash = scryptSync(PASSWORD, salt, 32, { N, r: 8, p: 1, maxmem: 512 * 1024 * 1024 });
      return formatPasswordHash({ N, r: 8, p: 1 }, salt.toString('base64'), hash.toString('base64'));
    };
    const trivial = cheap(1024);
    await expect(store.write((tx) => tx.saveCredential(user.id, trivial))).rejects.toThrow(/outside the allowed range/);
    // Planted behind the server's back: a correct password for a hash it would take a millisecond to check…
    const file = new Database(join(dir, 'clinic-desk.sqlite'));
    file.prepare('UPDATE credentials SET hash = ? WHERE user_id = ?').run(trivial, user.id);
    expect((await session(server.url, user.email, PASSWORD)).status).toBe(401);
    // …and one that would need 16 GiB of memory to evaluate. Refused at once, the server still healthy.
    file
      .prepare('UPDATE credentials SET hash = ? WHERE user_id = ?')
      .run(trivial.replace('$1024$', '$16777216$'), user.id);
    file.close();
    expect((await session(server.url, user.email, PASSWORD)).status).toBe(401);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  }, 60_000);
});

describe('revocation', () => {
  it('closes the removed terminal’s live streams on every instance within a second, and tells it why', async () => {
    const [one, two] = await Promise.all([spawn(), spawn()]);
    const jakarta = data.tenants[0]!.id;
    const terminal = await TestClient.enrol(one.url, 'owner@glow.example', [jakarta], 'Front desk 3');
    const streams = [await openStream(one.url, terminal.token), await openStream(two.url, terminal.token)];
    for (const s of streams) await s.waitFor((e) => e === 'RESYNC');
    const owner = await post<SessionResponse>(`${two.url}/auth/session`, {
      email: 'owner@glow.example',
      password: PASSWORD,
    });
    const started = performance.now();
    const revoked = await post(
      `${two.url}/admin/devices/revoke`,
      { deviceId: terminal.device.id },
      owner.body.session.token,
    );
    expect(revoked.status).toBe(200);
    const closedAfter = await Promise.all(streams.map((s) => s.ended.then(() => performance.now() - started)));
    for (const ms of closedAfter) expect(ms).toBeLessThan(1_000);
    for (const url of [one.url, two.url]) {
      const pull = await terminal.at(url).pull('patients');
      expect(pull.status).toBe(401);
      expect(JSON.stringify(pull.body)).toMatch(
        /This terminal was removed from Glow Group by Olivia Owner on \d{1,2} \w+ \d{4}/,
      );
      const stream = await fetch(`${url}/sync/stream`, { headers: { authorization: `Bearer ${terminal.token}` } });
      expect(stream.status).toBe(401);
    }
  }, 60_000);
});
