import { afterEach, describe, expect, it } from 'vitest';
import type { Booking } from '../../../shared/schemas/booking';
import type { Conflict } from '../../../shared/schemas/conflict';
import { collectBackup, restoreBackup } from '../../../renderer/platform/backup';
import { startHarness, TestClient, type Harness } from '../sync-server/harness';
import { Terminal } from './terminal-harness';

let h: Harness | undefined;
let terminal: Terminal | undefined;
afterEach(async () => {
  await terminal?.close();
  await h?.close();
  [h, terminal] = [undefined, undefined];
});

describe('restoring a backup on a connected terminal', () => {
  it('never pushes an older version over newer server data; the backup’s version waits for review', async () => {
    h = await startHarness();
    const stack = h;
    const enrolled = await TestClient.enrol(stack.server.url, 'owner@glow.example', [stack.jakarta], 'Desk');
    terminal = await new Terminal({
      name: `restore-${Date.now()}`,
      serverUrl: stack.server.url,
      token: enrolled.token,
      device: enrolled.device,
    }).open();
    const t = terminal;
    await t.settle();
    const backup = await collectBackup(t.db, stack.data.organisations[0]!.id, [stack.jakarta]);

    // After the backup, a colleague changes a booking; this terminal receives it.
    const colleague = await TestClient.enrol(stack.server.url, 'owner@glow.example', [stack.jakarta], 'Colleague');
    const owner = stack.data.users.find((u) => u.email === 'owner@glow.example')!.id;
    const booking = stack.data.bookings.find((b) => b.tenantId === stack.jakarta)!;
    const stored = (await colleague.pullAll('bookings')).get(booking.id)!;
    expect(
      (await colleague.update('bookings', stored, { notes: 'Newer, from a colleague', updatedBy: owner })).status,
    ).toBe(200);
    for (let i = 0; i < 200; i++) {
      const local = (await t.db.bookings.findOne(booking.id).exec())?.toJSON() as Booking | undefined;
      if (local?.notes === 'Newer, from a colleague') break;
      await new Promise((r) => setTimeout(r, 50));
    }

    const result = await restoreBackup(t.db, backup);
    expect(result.keptAside).toBe(1);
    await t.settle();

    const server = (await colleague.pullAll('bookings')).get(booking.id)!;
    expect(server.notes).toBe('Newer, from a colleague');
    const conflicts = [...(await colleague.pullAll('conflicts')).values()] as unknown as Conflict[];
    const aside = conflicts.filter((c) => c.documentId === booking.id);
    expect(aside).toHaveLength(1);
    expect((JSON.parse(aside[0]!.losing) as Booking).notes).toBe(booking.notes);
    expect(aside[0]!.reason).toMatch(/^Not restored from the backup of /);
  }, 60_000);
});
