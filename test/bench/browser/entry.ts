import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { firstValueFrom } from 'rxjs';
import { generateDataset } from '../../../shared/demo/generate';
import { addDays, localDateOf } from '../../../shared/rules/time-zone';
import { openClinicDatabase } from '../../../renderer/db/database';
import { dayBookings$, searchPatients } from '../../../renderer/db/queries';
import { nextFreeTherapist } from '../../../renderer/db/walk-ins';

/**
 * Runs inside Chromium, on its real IndexedDB: one branch stored in the terminal's database the way
 * replication stores it, then what the front desk waits on.
 */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function run(options: { bookings: number; patients: number }): Promise<[string, string][]> {
  const rows: [string, string][] = [];
  const data = generateDataset({ seed: 1, patients: options.patients * 2, bookings: options.bookings * 2 });
  const branch = data.tenants[0]!;
  const mine = data.bookings.filter((b) => b.tenantId === branch.id);
  const people = data.patients.filter((p) => p.tenantId === branch.id);
  const db = await openClinicDatabase({ name: `bench-${Date.now()}`, storage: getRxStorageDexie() });
  try {
    let t = performance.now();
    for (const name of ['organisations', 'users', 'tenants', 'memberships', 'staff', 'treatments'] as const)
      await db[name].bulkInsert(data[name] as never[]);
    for (let i = 0; i < people.length; i += 1_000) await db.patients.bulkInsert(people.slice(i, i + 1_000));
    for (let i = 0; i < mine.length; i += 1_000) await db.bookings.bulkInsert(mine.slice(i, i + 1_000));
    const stored = performance.now() - t;
    rows.push([
      `terminal: store ${mine.length.toLocaleString('en-US')} bookings + ${people.length.toLocaleString('en-US')} patients (batches of 1,000)`,
      `${Math.round(stored)} ms, ${Math.round(mine.length / (stored / 1000)).toLocaleString('en-US')} bookings/s`,
    ]);

    // Twenty different days, each opened once, so no query cache helps.
    const first = localDateOf(mine[Math.floor(mine.length / 2)]!.startAt, branch.timeZone);
    const days: number[] = [];
    let sizes = 0;
    for (let i = 0; i < 20; i++) {
      t = performance.now();
      const day = await firstValueFrom(dayBookings$(db, branch.id, addDays(first, i), branch.timeZone));
      days.push(performance.now() - t);
      sizes += day.length;
    }
    rows.push([
      `terminal: open a day on the board (~${Math.round(sizes / 20)} bookings; p50 / p95)`,
      `${percentile(days, 50).toFixed(1)} / ${percentile(days, 95).toFixed(1)} ms`,
    ]);

    const searches: number[] = [];
    for (const text of ['sa', 'agus', 'lin', 'ma', '0812', '62813', 'dewi p', 'bud']) {
      t = performance.now();
      await searchPatients(db, branch.id, text, branch.phoneCountryCode);
      searches.push(performance.now() - t);
    }
    rows.push([
      'terminal: find a patient by name or phone (p50 / max)',
      `${percentile(searches, 50).toFixed(1)} / ${Math.max(...searches).toFixed(1)} ms`,
    ]);
    // A surname or a word inside the name: no index starts there, so the branch's names are scanned.
    const bySurname: number[] = [];
    for (const text of ['pratama', 'gunawan', 'wijaya', 'lestari p', 'putri', 'santoso', 'hartono', 'sari']) {
      t = performance.now();
      await searchPatients(db, branch.id, text, branch.phoneCountryCode);
      bySurname.push(performance.now() - t);
    }
    rows.push([
      `terminal: find a patient by a word inside the name (${people.length.toLocaleString('en-US')} patients; p50 / max)`,
      `${percentile(bySurname, 50).toFixed(1)} / ${Math.max(...bySurname).toFixed(1)} ms`,
    ]);

    const staff = data.staff.filter((s) => s.tenantId === branch.id);
    const treatment = data.treatments.find((x) => x.tenantId === branch.id && x.durationMin === 60)!;
    const busiest = await firstValueFrom(dayBookings$(db, branch.id, first, branch.timeZone));
    const at = busiest[0]?.startAt ?? Date.now();
    t = performance.now();
    for (let i = 0; i < 100; i++) nextFreeTherapist(treatment, staff, busiest, at + i * 60_000, branch.timeZone);
    rows.push([
      `terminal: place a walk-in (${staff.length} staff, ${busiest.length} bookings that day)`,
      `${((performance.now() - t) / 100).toFixed(2)} ms`,
    ]);
  } finally {
    await db.remove();
  }
  return rows;
}

(window as unknown as { clinicBench: typeof run }).clinicBench = run;
