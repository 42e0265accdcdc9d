import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../../sync-server/auth/passwords';
import { startServer, type RunningServer } from '../../sync-server/server';
import { serveStatic } from '../../sync-server/static-site';
import { openSqliteStore } from '../../sync-server/store/sqlite';
import { newId } from '../../shared/ids';
import { addDays, localDateOf } from '../../shared/rules/time-zone';
import { generateDataset, type Dataset } from '../../shared/demo/generate';
import { seedStore } from '../fixtures/seed-store';

export const PASSWORD = 'correct horse battery';

/** A fresh sync server with a demo clinic, and the built renderer served beside it. */
export async function startWebStack(): Promise<{
  appUrl: string;
  syncUrl: string;
  data: Dataset;
  stop(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-e2e-'));
  const store = openSqliteStore(join(dir, 'clinic-desk.sqlite'));
  const now = Date.now();
  const data = generateDataset({
    seed: 3,
    patients: 60,
    bookings: 600,
    now,
    endDate: addDays(localDateOf(now, 'Asia/Jakarta'), 7),
    passwordHash: await hashPassword(PASSWORD),
  });
  // One double booking made by two offline terminals, as the server marks it.
  const jakarta = data.tenants[0]!.id;
  const today = localDateOf(now, 'Asia/Jakarta');
  const original = data.bookings.find(
    (b) => b.tenantId === jakarta && b.status === 'confirmed' && localDateOf(b.startAt, 'Asia/Jakarta') === today,
  )!;
  const other = data.patients.find((p) => p.tenantId === jakarta && p.id !== original.patientId)!;
  const twin = { ...original, id: newId(now), patientId: other.id, patientName: other.name, clashWith: [original.id] };
  original.clashWith = [twin.id];
  data.bookings.push(twin);
  await seedStore(store, data);
  const sync: RunningServer = await startServer(store, { port: 0, pollMs: 100 });
  const web = await serveStatic(join(import.meta.dirname, '..', '..', 'dist', 'renderer'), '127.0.0.1', 0);
  return {
    appUrl: web.url,
    syncUrl: sync.url,
    data,
    async stop() {
      await web.app.close();
      await sync.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
