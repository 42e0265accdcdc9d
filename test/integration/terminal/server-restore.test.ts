import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '../../../shared/schemas/booking';
import { generateDataset } from '../../../shared/demo/generate';
import { openSqliteStore } from '../../../sync-server/store/sqlite';
import { seedStore } from '../../../sync-server/store/seed';
import { freePort, spawnServer, type ServerProcess } from '../server-process';
import { PASSWORD, TestClient } from '../sync-server/harness';
import { Terminal } from './terminal-harness';
import { eventually } from './cluster';

let server: ServerProcess | undefined;
let terminal: Terminal | undefined;
let dir = '';
afterEach(async () => {
  await terminal?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
  [server, terminal] = [undefined, undefined];
});

describe('a sync server restored from an older backup', () => {
  it('is noticed by a terminal that has seen more, which fetches again and keeps receiving changes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'clinic-restore-server-'));
    const file = join(dir, 'clinic-desk.sqlite');
    const data = generateDataset({ seed: 4, patients: 20, bookings: 60 });
    const jakarta = data.tenants[0]!.id;
    const owner = data.users.find((u) => u.email === 'owner@glow.example')!.id;
    const seeded = openSqliteStore(file);
    await seedStore(seeded, data, { password: PASSWORD });
    await seeded.close();
    const port = await freePort();
    server = await spawnServer(dir, port);
    const desk = await TestClient.enrol(server.url, 'owner@glow.example', [jakarta], 'Desk');
    terminal = await new Terminal({
      name: `server-restore-${Date.now()}`,
      serverUrl: server.url,
      token: desk.token,
      device: desk.device,
    }).open();
    await terminal.settle();

    // The backup is taken now; afterwards 20 changes reach the terminal, then the backup is restored.
    await server.stop();
    copyFileSync(file, join(dir, 'backup.sqlite'));
    server = await spawnServer(dir, port);
    const booking = data.bookings.find((b) => b.tenantId === jakarta)!;
    for (let i = 0; i < 20; i++) {
      const master = (await desk.pullAll('bookings')).get(booking.id)!;
      expect((await desk.update('bookings', master, { notes: `Lost change ${i}`, updatedBy: owner })).status).toBe(200);
    }
    const t = terminal;
    await eventually(async () => {
      expect((await t.db.bookings.findOne(booking.id).exec())?.notes).toBe('Lost change 19');
    });
    await server.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    copyFileSync(join(dir, 'backup.sqlite'), file);
    server = await spawnServer(dir, port);

    // A colleague writes on the restored server; the terminal, which stood past its head, receives it.
    const colleague = await TestClient.enrol(server.url, 'owner@glow.example', [jakarta], 'Colleague');
    const other = data.bookings.find((b) => b.tenantId === jakarta && b.id !== booking.id)!;
    const master = (await colleague.pullAll('bookings')).get(other.id)!;
    expect((await colleague.update('bookings', master, { notes: 'After the restore', updatedBy: owner })).status).toBe(
      200,
    );
    await eventually(async () => {
      const local = (await t.db.bookings.findOne(other.id).exec())?.toJSON() as Booking | undefined;
      expect(local?.notes).toBe('After the restore');
    }, 30_000);
    // And the booking the server lost comes back to the server's version, as every other terminal has it.
    await eventually(async () => {
      expect((await t.db.bookings.findOne(booking.id).exec())?.notes).toBe(booking.notes);
    }, 30_000);
  }, 90_000);
});
