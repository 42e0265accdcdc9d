import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../../sync-server/static-site';
import { SQLITE_FILE } from '../../sync-server/store/open';
import { openSqliteStore } from '../../sync-server/store/sqlite';
import type { CollectionName } from '../../shared/collections';
import { newId } from '../../shared/ids';
import { addDays, localDateOf, zonedToUtc } from '../../shared/rules/time-zone';
import { generateDataset, type Dataset } from '../../shared/demo/generate';
import { seedStore } from '../../sync-server/store/seed';
import { spawnServer } from '../integration/server-process';

export const PASSWORD = 'correct horse battery';
export const ZONE = 'Asia/Jakarta';

/**
 * The clinic's "now" in these tests: 10:05 in Jakarta today, whatever the time of day the tests run.
 * Each browser context's clock is started there (and then runs), and the demo data is made around it,
 * so a front-desk day always has working hours ahead of it.
 */
export function clinicMorning(real = Date.now()): number {
  // Never ahead of the real clock (the sync server refuses versions from a clock running ahead): after
  // midnight in Jakarta and before 10:05, the morning is yesterday's.
  const today = localDateOf(real, ZONE);
  const morning = zonedToUtc(today, 10 * 60 + 5, ZONE);
  return morning <= real ? morning : zonedToUtc(addDays(today, -1), 10 * 60 + 5, ZONE);
}

/**
 * A sync server in its own process over an SQLite file seeded with a demo clinic, and the built
 * renderer served beside it. `withClash` adds one double booking as the server marks it after two
 * offline terminals booked the same slot; `bookings` makes the clinic busier (600 by default).
 */
export async function startWebStack(options: { withClash?: boolean; now?: number; bookings?: number } = {}): Promise<{
  appUrl: string;
  syncUrl: string;
  data: Dataset;
  now: number;
  /** The live documents of a collection as the server holds them (read from its file, read-only). */
  serverDocs(collection: CollectionName): Record<string, unknown>[];
  stop(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-e2e-'));
  const now = options.now ?? clinicMorning();
  const data = generateDataset({
    seed: 3,
    patients: 60,
    bookings: options.bookings ?? 600,
    now,
    endDate: addDays(localDateOf(now, ZONE), 7),
  });
  if (options.withClash) {
    const jakarta = data.tenants[0]!.id;
    const today = localDateOf(now, ZONE);
    const original = data.bookings.find(
      (b) => b.tenantId === jakarta && b.status === 'confirmed' && localDateOf(b.startAt, ZONE) === today,
    )!;
    const other = data.patients.find((p) => p.tenantId === jakarta && p.id !== original.patientId)!;
    const twin = {
      ...original,
      id: newId(now),
      patientId: other.id,
      patientName: other.name,
      clashWith: [original.id],
    };
    original.clashWith = [twin.id];
    data.bookings.push(twin);
  }
  const store = openSqliteStore(join(dir, SQLITE_FILE));
  await seedStore(store, data, { password: PASSWORD });
  await store.close();
  const sync = await spawnServer(dir);
  const web = await serveStatic(join(import.meta.dirname, '..', '..', 'dist', 'renderer'), '127.0.0.1', 0);
  return {
    appUrl: web.url,
    syncUrl: sync.url,
    data,
    now,
    serverDocs(collection) {
      const file = new Database(join(dir, SQLITE_FILE), { readonly: true });
      try {
        const rows = file.prepare('SELECT data FROM docs WHERE collection = ? AND deleted = 0').all(collection) as {
          data: string;
        }[];
        return rows.map((r) => JSON.parse(r.data) as Record<string, unknown>);
      } finally {
        file.close();
      }
    },
    async stop() {
      await web.app.close();
      await sync.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
