import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zonedToUtc } from '../../shared/rules/time-zone';
import { serveStatic } from '../../sync-server/static-site';
import { TerminalPage } from './pages/terminal-page';
import { freeSlotToday, uniquePatients } from './slots';
import { PASSWORD, startWebStack } from './web-fixture';

/**
 * The terminal's own disk failing under it, as the browser reports it: IndexedDB writes refused with
 * QuotaExceededError while the disk is full, and one collection's store that no longer opens (Chrome's
 * "Internal error opening backing store", what a damaged LevelDB gives). Faults are switched on and
 * off from the test through localStorage, read by a script installed before the app loads.
 */
const FAULTS_KEY = 'test-storage-faults';

async function installFaults(context: BrowserContext): Promise<void> {
  await context.addInitScript((key: string) => {
    const faults = (): { full?: boolean; damaged?: string } =>
      JSON.parse(localStorage.getItem(key) ?? '{}') as { full?: boolean; damaged?: string };
    // The browser's own methods, wrapped: each still runs with the object it was called on.
    type Method = (this: unknown, ...args: unknown[]) => unknown;
    const wrap = (proto: object, name: string, around: (original: Method) => Method) => {
      const methods = proto as Record<string, Method>;
      methods[name] = around(methods[name]!);
    };
    for (const method of ['put', 'add'])
      wrap(
        IDBObjectStore.prototype,
        method,
        (original) =>
          function (this: unknown, ...args: unknown[]) {
            if (faults().full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            return original.apply(this, args);
          },
      );
    wrap(
      IDBFactory.prototype,
      'open',
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const damaged = faults().damaged;
          if (!damaged || !String(args[0]).endsWith(`--${damaged}`)) return original.apply(this, args);
          const request = {
            error: new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError'),
            result: undefined,
            readyState: 'done',
            transaction: null,
            onerror: null as ((event: unknown) => void) | null,
            onsuccess: null,
            onupgradeneeded: null,
            onblocked: null,
          };
          setTimeout(() => {
            request.onerror?.({ type: 'error', target: request, preventDefault() {}, stopPropagation() {} });
          }, 0);
          return request;
        },
    );
    // Deleting the damaged store's database removes its files, and the damage with them.
    wrap(
      IDBFactory.prototype,
      'deleteDatabase',
      (original) =>
        function (this: unknown, ...args: unknown[]) {
          const damaged = faults().damaged;
          if (damaged && String(args[0]).endsWith(`--${damaged}`))
            localStorage.setItem(key, JSON.stringify({ ...faults(), damaged: undefined }));
          return original.apply(this, args);
        },
    );
  }, FAULTS_KEY);
}

async function setFaults(page: Page, faults: { full?: boolean; damaged?: string }): Promise<void> {
  await page.evaluate(
    ([key, value]) => {
      localStorage.setItem(key!, value!);
    },
    [FAULTS_KEY, JSON.stringify(faults)],
  );
}

const MONDAY_MORNING = zonedToUtc('2026-11-23', 10 * 60 + 5, 'Asia/Jakarta');
const DISK_FULL = /This computer’s disk is full, so this change was not saved/;

test('a full disk refuses the change in words, keeps the form, and nothing saved before is lost', async ({
  page,
  context,
}) => {
  const web = await serveStatic(join(import.meta.dirname, '..', '..', 'dist', 'renderer'), '127.0.0.1', 0);
  try {
    await installFaults(context);
    await TerminalPage.atClinicTime(context, MONDAY_MORNING);
    const terminal = new TerminalPage(page);
    await page.goto(web.url);
    await terminal.newClinic('Asia/Jakarta', 'lotus-owner-1');
    await terminal.signIn('mei@lotus.example', 'lotus-owner-1');
    await expect(page.getByRole('columnheader', { name: /Mei Tan/ })).toBeVisible({ timeout: 30_000 });

    const saved: string[] = [];
    const book = async (clock: string, patient: string, phone: string, fullWhen: 'register' | 'confirm' | null) => {
      await page.getByRole('button', { name: `Book Mei Tan at ${clock}`, exact: true }).click();
      await terminal.dialog().getByRole('button', { name: 'Register new patient' }).click();
      await terminal.dialog().getByLabel('Full name').fill(patient);
      await terminal.dialog().getByLabel('Phone', { exact: true }).fill(phone);
      if (fullWhen === 'register') {
        await setFaults(page, { full: true });
        await terminal.dialog().getByRole('button', { name: 'Register patient' }).click();
        await expect(terminal.dialog().getByText(DISK_FULL)).toBeVisible();
        // The form is still filled in: once there is space, the same click saves it.
        await expect(terminal.dialog().getByLabel('Full name')).toHaveValue(patient);
        await setFaults(page, {});
      }
      await terminal.dialog().getByRole('button', { name: 'Register patient' }).click();
      await terminal.dialog().getByLabel('Treatment', { exact: true }).selectOption({ index: 1 });
      if (fullWhen === 'confirm') {
        await setFaults(page, { full: true });
        await terminal.dialog().getByRole('button', { name: 'Confirm booking' }).click();
        await expect(terminal.dialog().getByText(DISK_FULL)).toBeVisible();
        await expect(terminal.dialog().getByRole('heading', { name: 'New booking' })).toBeVisible();
        await terminal.screenshot('18-disk-full');
        await setFaults(page, {});
      }
      await terminal.dialog().getByRole('button', { name: 'Confirm booking' }).click();
      await expect(terminal.dialog().getByRole('heading', { name: `${patient} · ${clock}` })).toBeVisible();
      await page.keyboard.press('Escape');
      saved.push(`${clock} ${patient}`);
    };
    await book('13:00', 'Ann Lee', '0811 2222 3333', null);
    await book('14:30', 'Budi Santoso', '0811 4444 5555', 'register');
    await book('16:00', 'Citra Dewi', '0811 6666 7777', 'confirm');

    // The app starts again on the same disk: everything the screen said was saved is there, once.
    await page.reload();
    await terminal.signIn('mei@lotus.example', 'lotus-owner-1');
    for (const entry of saved) {
      const [clock, ...name] = entry.split(' ');
      await expect(
        page.getByRole('button', { name: new RegExp(`^${clock}–\\d\\d:\\d\\d ${name.join(' ')},`) }),
      ).toHaveCount(1);
    }
    await terminal.screen('Patients');
    for (const name of ['Ann Lee', 'Budi Santoso', 'Citra Dewi']) {
      await page.getByRole('searchbox', { name: 'Search by name or phone' }).fill(name);
      await expect(page.getByRole('listitem').filter({ hasText: name })).toHaveCount(1);
    }
    console.log(
      `storage faults: disk full injected 2, writes reported saved ${saved.length}, found after restart ${saved.length}, lost 0`,
    );
  } finally {
    await web.app.close();
  }
});

test('a damaged store: a copy of what can be read is saved, the terminal starts again, and the offline booking reaches the server', async ({
  page,
  context,
}) => {
  const stack = await startWebStack();
  const downloads = mkdtempSync(join(tmpdir(), 'clinic-rescue-'));
  try {
    await installFaults(context);
    await TerminalPage.atClinicTime(context, stack.now);
    const terminal = new TerminalPage(page);
    await page.goto(stack.appUrl);
    await terminal.signedInAsDesk(stack.syncUrl, PASSWORD, 'Desk 1');
    await expect(page.getByRole('status', { name: 'Sync: Online' })).toContainText('all saved', { timeout: 20_000 });

    // Offline, a booking is made: the screen says it is saved; the server has not got it.
    const [patient] = uniquePatients(stack.data, 1) as [string];
    const slot = freeSlotToday(stack.data, stack.now + 30 * 60_000);
    // (The sync server is unreachable; the app itself is still served, as Electron loads it from disk.)
    const unreachable = `${stack.syncUrl}/**`;
    await context.route(unreachable, (route) => route.abort('internetdisconnected'));
    await page.evaluate(() => window.dispatchEvent(new Event('offline')));
    await expect(page.getByRole('status', { name: 'Sync: Offline' })).toBeVisible({ timeout: 20_000 });
    await terminal.bookAtCell(slot.staff.name, slot.clock, patient, slot.treatment.id);
    await expect(terminal.dialog().getByRole('heading', { name: `${patient} · ${slot.clock}` })).toBeVisible();
    await page.keyboard.press('Escape');
    const onServer = () =>
      stack.serverDocs('bookings').filter((b) => b.patientName === patient && b.startAt === slot.startAt);
    expect(onServer()).toHaveLength(0);

    // The Needs attention store is damaged: the app says so instead of a blank window.
    await setFaults(page, { damaged: 'conflicts' });
    await page.reload();
    await expect(page.getByRole('heading', { name: 'This terminal’s data could not be opened' })).toBeVisible({
      timeout: 30_000,
    });
    await expect(page.getByRole('alert')).toContainText('Internal error opening backing store');
    await terminal.screenshot('19-damaged-store');

    // First way out: a copy of everything still readable, the offline booking in it.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save a copy of this terminal’s data' }).click();
    const file = join(downloads, (await download).suggestedFilename());
    await (await download).saveAs(file);
    await expect(page.getByRole('status')).toContainText(
      /Saved [\d,]+ records to clinic-desk-rescue-.*Could not be read: Needs attention/,
    );
    const copy = JSON.parse(readFileSync(file, 'utf8')) as { collections: { bookings: { patientName: string }[] } };
    expect(copy.collections.bookings.filter((b) => b.patientName === patient).length).toBeGreaterThan(0);

    // Then start again from the server, and restore the copy.
    await context.unroute(unreachable);
    await page.getByRole('button', { name: 'Start again' }).click();
    await terminal.signedInAsDesk(stack.syncUrl, PASSWORD, 'Desk 1 again');
    // Restoring is for an owner or admin: the front desk does not see it.
    await terminal.screen('Data');
    await expect(page.getByRole('button', { name: 'Restore backup' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await terminal.signIn('owner@glow.example', PASSWORD);
    await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 30_000 });
    await terminal.screen('Data');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Restore backup' }).click();
    await (await chooser).setFiles(file);
    await expect(page.getByRole('status').filter({ hasText: 'Restored' })).toContainText(/Restored [1-9]\d* records/, {
      timeout: 30_000,
    });
    await expect(page.getByRole('status', { name: 'Sync: Online' })).toContainText('all saved', { timeout: 30_000 });
    await expect.poll(() => onServer().length, { timeout: 20_000 }).toBe(1);
    console.log(
      'storage faults: damaged store injected 1, writes reported saved 1, on the server after rescue 1, lost 0',
    );
  } finally {
    rmSync(downloads, { recursive: true, force: true });
    await stack.stop();
  }
});
