import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/ids';
import type { Checkpoint, WireDocument } from '../../../shared/sync/protocol';
import { openSqliteStore } from '../../../sync-server/store/sqlite';
import { generateDataset, type Dataset } from '../../../shared/demo/generate';
import { seedStore } from '../../../sync-server/store/seed';
import { openStream, PASSWORD, TestClient, wire } from './harness';
import { spawnServer, type ServerProcess } from '../server-process';
import { isBatch } from '../../../shared/sync/protocol';

let dir: string;
let data: Dataset;
let jakarta: string;
let ownerUser: string;
const running = new Set<ServerProcess>();

async function start(): Promise<ServerProcess> {
  const p = await spawnServer(dir);
  running.add(p);
  void p.exited.then(() => running.delete(p));
  return p;
}

/** A new patient, signed once by the owner on that terminal (a retry sends the very same version). */
function newPatient(client: TestClient): WireDocument {
  const now = Date.now();
  const id = newId(now);
  const template = data.patients.find((p) => p.tenantId === jakarta)!;
  const doc = wire({
    ...template,
    id,
    name: `Burst ${id}`,
    searchName: `burst ${id.toLowerCase()}`,
    phone: `62877${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    createdAt: now,
    updatedAt: now,
    updatedBy: ownerUser,
    totalVisits: 0,
  });
  return client.sign('patients', doc);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clinic-proc-'));
  data = generateDataset({ seed: 9, patients: 20, bookings: 50 });
  jakarta = data.tenants[0]!.id;
  ownerUser = data.users.find((u) => u.email === 'owner@glow.example')!.id;
  const store = openSqliteStore(join(dir, 'clinic-desk.sqlite'));
  await seedStore(store, data, { password: PASSWORD });
  await store.close();
}, 30_000);

afterAll(async () => {
  for (const p of running) p.child.kill('SIGKILL');
  await Promise.all([...running].map((p) => p.exited));
  rmSync(dir, { recursive: true, force: true });
});

describe('the server as a process', () => {
  it('shuts down on SIGTERM with exit 0, ending streams, and keeps everything across a restart', async () => {
    const first = await start();
    const client = await TestClient.enrol(first.url, 'owner@glow.example', [jakarta]);
    const stream = await openStream(first.url, client.token);
    await stream.waitFor((e) => e === 'RESYNC');
    const docs = Array.from({ length: 20 }, () => newPatient(client));
    expect(
      (
        await client.push(
          'patients',
          docs.map((d) => ({ assumedMasterState: null, newDocumentState: d })),
          false,
        )
      ).body,
    ).toEqual([]);
    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    await stream.ended;

    const second = await start();
    const again = client.at(second.url);
    const patients = await again.pullAll('patients');
    for (const d of docs) expect(patients.get(d.id)).toMatchObject({ id: d.id, name: d.name });
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 60_000);

  it('loses no acknowledged write when killed with SIGKILL mid-burst, and a retried push makes no duplicate', async () => {
    const server = await start();
    const client = await TestClient.enrol(server.url, 'owner@glow.example', [jakarta]);
    const acked: WireDocument[] = [];
    const attempted: WireDocument[] = [];
    let stop = false;
    const pusher = async (): Promise<void> => {
      while (!stop) {
        const doc = newPatient(client);
        attempted.push(doc);
        try {
          const res = await client.push('patients', [{ assumedMasterState: null, newDocumentState: doc }], false);
          if (res.status === 200) acked.push(doc);
        } catch {
          return; // the connection died with the server
        }
      }
    };
    const pushers = [pusher(), pusher(), pusher(), pusher()];
    while (acked.length < 40) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGKILL');
    stop = true;
    await Promise.all(pushers);
    expect((await server.exited).signal).toBe('SIGKILL');

    const restarted = await start();
    const after = client.at(restarted.url);
    const stored = await after.pullAll('patients');
    for (const doc of acked) expect(stored.has(doc.id), `acknowledged ${doc.id} was lost`).toBe(true);
    // The terminal retries everything it was not sure of: all succeed, none is stored twice.
    for (const doc of attempted) {
      const res = await after.push('patients', [{ assumedMasterState: null, newDocumentState: doc }], false);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
    }
    const final = [...(await after.pullAll('patients')).values()];
    const burst = final.filter((p) => String(p.name).startsWith('Burst '));
    expect(new Set(burst.map((p) => p.id)).size).toBe(burst.length);
    for (const doc of attempted) expect(final.some((p) => p.id === doc.id)).toBe(true);
    restarted.child.kill('SIGTERM');
    await restarted.exited;
  }, 60_000);

  it('never lets a pulling terminal skip a write while two processes on one file take pushes', async () => {
    const [one, two] = await Promise.all([start(), start()]);
    const client = await TestClient.enrol(one.url, 'owner@glow.example', [jakarta]);
    const viaTwo = client.at(two.url);
    const stream = await openStream(two.url, client.token);
    const acked = new Set<string>();
    const seen = new Set<string>();
    let checkpoint: Checkpoint | null = null;
    const state = { pushing: true };
    const puller = (async () => {
      for (;;) {
        const wasPushing = state.pushing;
        const res = await viaTwo.pull('patients', checkpoint, 50);
        for (const d of res.body.documents) seen.add(d.id);
        checkpoint = res.body.checkpoint;
        if (!wasPushing && res.body.documents.length < 50) return;
      }
    })();
    const pushTo = async (c: TestClient) => {
      for (let i = 0; i < 60; i++) {
        const batch = [newPatient(c), newPatient(c)];
        const res = await c.push(
          'patients',
          batch.map((d) => ({ assumedMasterState: null, newDocumentState: d })),
        );
        expect(res.status).toBe(200);
        for (const d of batch) acked.add(d.id);
      }
    };
    await Promise.all([pushTo(client), pushTo(viaTwo), pushTo(client)]);
    state.pushing = false;
    await puller;
    const missed = [...acked].filter((id) => !seen.has(id));
    expect(missed, 'pulled by checkpoint').toEqual([]);
    // The stream on instance two also carries the writes instance one took (it polls the sequence).
    const streamed = new Set<string>();
    await stream.waitFor((e) => {
      if (isBatch(e)) for (const d of e.documents) streamed.add(d.id);
      return [...acked].every((id) => streamed.has(id));
    }, 10_000);
    stream.close();
    one.child.kill('SIGTERM');
    two.child.kill('SIGTERM');
    expect((await one.exited).code).toBe(0);
    expect((await two.exited).code).toBe(0);
  }, 90_000);
});
