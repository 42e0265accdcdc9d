/**
 * `npm run bench`: how fast the parts a clinic waits on are, on this machine. Prints a table and writes
 * test/bench/results.json. Sizes are the largest (300,000 bookings, 50,000 patients) where
 * the step is about data size; the HTTP steps use one branch of that data set.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freeSlots } from '../../shared/rules/availability';
import { clashWindow, findClashes } from '../../shared/rules/clash';
import { startServer } from '../../sync-server/server';
import { openSqliteStore } from '../../sync-server/store/sqlite';
import { generateDataset } from '../../shared/demo/generate';
import { seedStore } from '../../sync-server/store/seed';
import { newBookingIn, PASSWORD, TestClient, wire } from '../integration/sync-server/harness';
import { benchOverlappingPush } from './overlap';
import { benchTerminal } from './terminal';

interface Row {
  step: string;
  value: string;
}
const rows: Row[] = [];
function record(step: string, value: string): void {
  rows.push({ step, value });
  process.stdout.write(`${step.padEnd(58)} ${value}\n`);
}
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function main(): Promise<void> {
  let t = performance.now();
  const data = generateDataset({
    seed: 1,
    patients: 50_000,
    bookings: 300_000,
  });
  record('generate 300,000 bookings + 50,000 patients', `${Math.round(performance.now() - t)} ms`);

  const jakarta = data.tenants[0]!;
  const branchBookings = data.bookings.filter((b) => b.tenantId === jakarta.id).sort((a, b) => a.startAt - b.startAt);
  // Local clash check: binary search the sorted startAt index for the window, as the index scan does.
  const starts = branchBookings.map((b) => b.startAt);
  const lowerBound = (x: number): number => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((starts[mid] ?? 0) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const checks: number[] = [];
  for (let i = 0; i < 2_000; i++) {
    const b = branchBookings[(i * 7919) % branchBookings.length]!;
    const s = performance.now();
    const w = clashWindow(b.startAt, b.endAt);
    const slice = branchBookings.slice(lowerBound(w.startAfter), lowerBound(w.startBefore - 1));
    findClashes({ ...b, id: 'candidate' }, slice);
    checks.push(performance.now() - s);
  }
  record(
    `clash check in a branch of ${branchBookings.length.toLocaleString('en-US')} bookings (p50 / p95)`,
    `${percentile(checks, 50).toFixed(3)} / ${percentile(checks, 95).toFixed(3)} ms`,
  );

  const staff = data.staff.filter((s) => s.tenantId === jakarta.id);
  const treatment = data.treatments.find((x) => x.tenantId === jakarta.id)!;
  const date = '2026-11-24';
  t = performance.now();
  const slots = freeSlots({
    date,
    timeZone: jakarta.timeZone,
    treatment,
    staff,
    bookings: branchBookings.filter((b) => Math.abs(b.startAt - Date.UTC(2026, 10, 24)) < 2 * 86_400_000),
  });
  record(
    `free slots for one day, ${staff.length} staff`,
    `${(performance.now() - t).toFixed(1)} ms (${slots.length} slots)`,
  );

  // The sync server on SQLite, over real HTTP on 127.0.0.1.
  const dir = mkdtempSync(join(tmpdir(), 'clinic-bench-'));
  try {
    const store = openSqliteStore(join(dir, 'clinic-desk.sqlite'));
    const subset = { ...data, bookings: data.bookings.slice(0, 100_000), patients: data.patients };
    t = performance.now();
    await seedStore(store, subset, { password: PASSWORD });
    record('seed SQLite store with 100,000 bookings + 50,000 patients', `${Math.round(performance.now() - t)} ms`);
    const server = await startServer(store, { port: 0 });
    try {
      const client = await TestClient.enrol(server.url, 'owner@glow.example', [jakarta.id], 'Bench');
      // Pushes are signed by the desk, as a terminal signs them.
      await client.signIn('desk.jakarta@glow.example');
      t = performance.now();
      const pulled = await client.pullAll('bookings', 1000);
      const pullMs = performance.now() - t;
      record(
        `initial pull of one branch (${pulled.size.toLocaleString('en-US')} bookings, batches of 1000)`,
        `${Math.round(pullMs)} ms, ${Math.round(pulled.size / (pullMs / 1000)).toLocaleString('en-US')} docs/s`,
      );

      const desk = data.users.find((u) => u.email === 'desk.jakarta@glow.example')!.id;
      const latencies: number[] = [];
      const batches = 100;
      const firstPushedAt = Math.ceil((Date.now() + 30 * 86_400_000) / 3_600_000) * 3_600_000;
      t = performance.now();
      for (let i = 0; i < batches; i++) {
        const rowsToPush = Array.from({ length: 100 }, (_, k) => {
          // Hourly from a month ahead: within the two years ahead the server accepts.
          const startAt = firstPushedAt + (i * 100 + k) * 3_600_000;
          return {
            assumedMasterState: null,
            newDocumentState: wire(newBookingIn(data, jakarta.id, desk, { startAt })),
          };
        });
        const s = performance.now();
        const res = await client.push('bookings', rowsToPush);
        latencies.push(performance.now() - s);
        if (res.status !== 200) throw new Error(`push failed: ${JSON.stringify(res.body)}`);
      }
      const pushMs = performance.now() - t;
      record(
        'push 10,000 new bookings in batches of 100 (with clash checks)',
        `${Math.round((batches * 100) / (pushMs / 1000)).toLocaleString('en-US')} docs/s`,
      );
      record(
        'push latency per batch of 100 (p50 / p95)',
        `${percentile(latencies, 50).toFixed(1)} / ${percentile(latencies, 95).toFixed(1)} ms`,
      );
      record(
        'server memory after the run (RSS)',
        `${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB (includes the generated data set)`,
      );
    } finally {
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await benchOverlappingPush(record);
  await benchTerminal(record);
  writeFileSync(
    join(import.meta.dirname, 'results.json'),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
