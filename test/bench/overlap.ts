/**
 * The push a hostile or confused front desk can make: 500 bookings for one therapist at one time,
 * three times over, against a sync server in its own process. Times each push and `/health` asked every
 * 20 ms while the pushes run, beside the physical limit measured in the same run: the same 500 rows
 * written in one SQLite transaction with nothing else (no checks, no markers, no HTTP).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateDataset } from '../../shared/demo/generate';
import { openSqliteStore } from '../../sync-server/store/sqlite';
import { seedStore } from '../../sync-server/store/seed';
import { newBookingIn, PASSWORD, TestClient, wire } from '../integration/sync-server/harness';
import { spawnServer } from '../integration/server-process';

type Record = (step: string, value: string) => void;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const ROWS = 500;
const PUSHES = 3;

export async function benchOverlappingPush(record: Record): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'clinic-bench-overlap-'));
  const data = generateDataset({ seed: 3, patients: 200, bookings: 2_000 });
  const store = openSqliteStore(join(dir, 'clinic-desk.sqlite'));
  await seedStore(store, data, { password: PASSWORD });
  await store.close();
  const server = await spawnServer(dir);
  try {
    const jakarta = data.tenants[0]!;
    const desk = data.users.find((u) => u.email === 'desk.jakarta@glow.example')!.id;
    const client = await TestClient.enrol(server.url, 'owner@glow.example', [jakarta.id], 'Overlap');
    await client.signIn('desk.jakarta@glow.example');
    // A month ahead, on the hour: a time the server accepts whenever the bench runs.
    const startAt = Math.ceil((Date.now() + 30 * 86_400_000) / 3_600_000) * 3_600_000;
    // Every booking for the same therapist and patient at the same time.
    const batch = (): unknown[] =>
      Array.from({ length: ROWS }, () => ({
        assumedMasterState: null,
        newDocumentState: client.sign('bookings', wire(newBookingIn(data, jakarta.id, desk, { startAt }))),
      }));
    const bodies = Array.from({ length: PUSHES }, batch);

    // /health asked every 20 ms from a second connection while the pushes run.
    const health: number[] = [];
    const probing = { on: true };
    const prober = (async () => {
      while (probing.on) {
        const s = performance.now();
        await fetch(`${server.url}/health`).then((r) => r.arrayBuffer());
        health.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const pushMs: number[] = [];
    for (const body of bodies) {
      const s = performance.now();
      const res = await client.push('bookings', body, false);
      pushMs.push(performance.now() - s);
      if (res.status !== 200) throw new Error(`push failed: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    }
    probing.on = false;
    await prober;

    // The physical limit: the same rows into one SQLite table in one transaction, durably.
    const raw = new Database(join(dir, 'raw.sqlite'));
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.exec('CREATE TABLE docs (id TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID');
    const insert = raw.prepare('INSERT INTO docs (id, data) VALUES (?, ?)');
    const rows = (bodies[0] as { newDocumentState: { id: string } }[]).map((r) => r.newDocumentState);
    const s = performance.now();
    raw.transaction(() => {
      for (const r of rows) insert.run(r.id, JSON.stringify(r));
    })();
    const rawMs = performance.now() - s;
    raw.close();

    const worst = Math.max(...pushMs);
    record(
      `push of ${ROWS} bookings, one therapist, one time (x${PUSHES}, each)`,
      `${pushMs.map((m) => Math.round(m)).join(' / ')} ms`,
    );
    record(
      `  limit: ${ROWS} rows in one SQLite transaction`,
      `${rawMs.toFixed(1)} ms (worst push is ${Math.round(worst / Math.max(rawMs, 0.1))}x)`,
    );
    record(
      '/health during those pushes (p50 / p99 / max)',
      `${percentile(health, 50).toFixed(1)} / ${percentile(health, 99).toFixed(1)} / ${Math.max(...health).toFixed(1)} ms (${health.length} probes)`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('overlap.ts')) {
  await benchOverlappingPush((step, value) => process.stdout.write(`${step.padEnd(58)} ${value}\n`));
}
