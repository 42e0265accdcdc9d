import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../../sync-server/server';
import { openSqliteStore } from '../../../sync-server/store/sqlite';
import { openStream, startHarness, TestClient, type Harness } from './harness';
import { isBatch } from '../../../shared/sync/protocol';

let h: Harness;
let second: RunningServer;
beforeAll(async () => {
  h = await startHarness();
  // A second server instance on the same SQLite file, as behind a load balancer.
  second = await startServer(openSqliteStore(join(h.dir, 'clinic-desk.sqlite')), { port: 0, pollMs: 50 });
});
afterAll(async () => {
  await second.close();
  await h.close();
});

describe('live stream', () => {
  it('starts with RESYNC, then carries another terminal’s change with its checkpoint', async () => {
    const a = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'A');
    const b = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'B');
    const stream = await openStream(h.server.url, b.token);
    try {
      expect(stream.status).toBe(200);
      await stream.waitFor((e) => e === 'RESYNC');
      const patient = (await a.pullAll('patients')).values().next().value!;
      await a.update('patients', patient, { notes: 'Arrived early' });
      const event = await stream.waitFor((e) => isBatch(e) && e.documents.some((d) => d.id === patient.id));
      expect(event).toMatchObject({ collection: 'patients', documents: [{ id: patient.id, notes: 'Arrived early' }] });
      expect(isBatch(event) && event.checkpoint[h.jakarta]).toBeGreaterThan(0);
    } finally {
      stream.close();
    }
  });

  it('never streams another branch’s changes', async () => {
    const jakarta = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'J');
    const bali = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.bali], 'B');
    const stream = await openStream(h.server.url, bali.token);
    try {
      await stream.waitFor((e) => e === 'RESYNC');
      const patient = (await jakarta.pullAll('patients')).values().next().value!;
      await jakarta.update('patients', patient, { notes: 'Jakarta only' });
      await new Promise((r) => setTimeout(r, 400));
      const leaked = stream.events.filter((e) => isBatch(e) && e.documents.some((d) => d.tenantId === h.jakarta));
      expect(leaked).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('reaches a terminal streaming from another server instance on the same store', async () => {
    const a = await TestClient.enrol(h.server.url, 'owner@glow.example', [h.jakarta], 'A');
    const stream = await openStream(second.url, a.token);
    try {
      await stream.waitFor((e) => e === 'RESYNC');
      const booking = (await a.pullAll('bookings')).values().next().value!;
      await a.update('bookings', booking, { notes: 'Pushed to instance one' });
      await stream.waitFor(
        (e) => isBatch(e) && e.documents.some((d) => d.id === booking.id && d.notes === 'Pushed to instance one'),
      );
    } finally {
      stream.close();
    }
  });

  it('refuses a stream without a valid token', async () => {
    const res = await fetch(`${h.server.url}/sync/stream`);
    expect(res.status).toBe(401);
  });
});
