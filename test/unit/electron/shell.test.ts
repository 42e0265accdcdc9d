import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => import('./fake-electron'));

const fake = await import('./fake-electron');
const { appOrigin } = await import('../../../electron/app-origin');
const { guardContents, setupPermissions, CONTENT_SECURITY_POLICY } = await import('../../../electron/security');
const { createMainWindow } = await import('../../../electron/window');
const { registerIpc } = await import('../../../electron/ipc/register');
const { backupHandlers } = await import('../../../electron/ipc/backup');
const { printHandlers } = await import('../../../electron/ipc/print');
const { appInfoHandlers } = await import('../../../electron/ipc/app-info');
const { ipcArgs } = await import('../../../shared/ipc/contract');

const ROOT = '/opt/clinic-desk';
const origin = appOrigin(ROOT, undefined);
const APP_URL = pathToFileURL(join(ROOT, 'dist', 'renderer', 'index.html')).href;
let dir: string;

function setup() {
  const win = createMainWindow(origin, '/opt/clinic-desk/dist/electron/preload.cjs') as unknown as InstanceType<
    typeof fake.BrowserWindow
  >;
  win.webContents.mainFrame.url = APP_URL;
  registerIpc(win as never, origin, {
    ...backupHandlers(win as never),
    ...printHandlers(win as never),
    ...appInfoHandlers(),
  });
  const call = (
    channel: string,
    arg: unknown,
    sender: unknown = { id: win.webContents.id, mainFrame: win.webContents.mainFrame },
    frame: unknown = win.webContents.mainFrame,
  ) =>
    fake.handlers.get(channel)!({ sender, senderFrame: frame }, arg) as Promise<{
      ok: boolean;
      message?: string;
      value?: Record<string, unknown>;
    }>;
  return { win, call };
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clinic-shell-'));
  process.env.FAKE_USER_DATA = dir;
  fake.handlers.clear();
  fake.calls.openExternal.length = 0;
  fake.BrowserWindow.created.length = 0;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('main window', () => {
  it('is sandboxed and isolated with no Node in the page, loads the built renderer, and remembers its size', () => {
    writeFileSync(
      join(dir, 'window-state.json'),
      JSON.stringify({ width: 1500, height: 900, x: 5, y: 6, maximized: false }),
    );
    const { win } = setup();
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(prefs.preload).toBe('/opt/clinic-desk/dist/electron/preload.cjs');
    expect(win.options).toMatchObject({ width: 1500, height: 900, x: 5, y: 6 });
    expect(win.loaded).toBe(`file:${join(ROOT, 'dist', 'renderer', 'index.html')}`);
    win.emit('close');
    expect(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8'))).toEqual({
      width: 1366,
      height: 768,
      x: 10,
      y: 20,
      maximized: false,
    });
  });

  it('falls back to 1366×768 when the saved state is damaged', () => {
    writeFileSync(join(dir, 'window-state.json'), '{"width": "huge"');
    const { win } = setup();
    expect(win.options).toMatchObject({ width: 1366, height: 768 });
  });
});

describe('navigation and links', () => {
  const hostile = [
    'javascript:alert(1)',
    'file:///etc/passwd',
    '\\\\evil-server\\share\\payload.exe',
    'file://evil-server/share',
    'data:text/html,<script>x</script>',
    'chrome://settings',
    'ms-settings:',
    'https://evil.example/phish',
  ];

  it('lets the window navigate only inside the app', () => {
    const { win } = setup();
    for (const url of [...hostile, `${APP_URL}/../../../../etc/passwd`]) {
      const event = { preventDefault: vi.fn() };
      win.webContents.emit('will-navigate', event, url);
      expect(event.preventDefault, url).toHaveBeenCalled();
    }
    const inside = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', inside, APP_URL);
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('never opens a window, and sends only http(s) links to the system browser', () => {
    const { win } = setup();
    for (const url of hostile.slice(0, -1))
      expect(win.webContents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    expect(fake.calls.openExternal).toEqual([]);
    expect(win.webContents.windowOpenHandler!({ url: 'https://clinic.example/help' })).toEqual({ action: 'deny' });
    expect(fake.calls.openExternal).toEqual(['https://clinic.example/help']);
  });

  it('refuses every permission request and sets the content security policy', () => {
    setupPermissions();
    const answer = vi.fn();
    fake.permission.request!({}, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect(fake.permission.check!()).toBe(false);
    const headers = vi.fn();
    fake.permission.headers!({ responseHeaders: {} }, headers);
    expect(headers).toHaveBeenCalledWith({ responseHeaders: { 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
  });

  it('trusts only a dev server origin when one is set', () => {
    const dev = appOrigin(ROOT, 'http://127.0.0.1:5173/');
    expect(dev.owns('http://127.0.0.1:5173/board')).toBe(true);
    expect(dev.owns('http://127.0.0.1:5174/')).toBe(false);
    const win = new fake.BrowserWindow({});
    guardContents(win.webContents as never, dev);
    const event = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', event, 'https://evil.example');
    expect(event.preventDefault).toHaveBeenCalled();
  });
});

describe('IPC', () => {
  it('refuses messages from another window, a sub-frame or a page that is not the app', async () => {
    const { win, call } = setup();
    const other = new fake.BrowserWindow({});
    const foreign = await call('app:version', {}, { id: other.webContents.id, mainFrame: other.webContents.mainFrame });
    expect(foreign.ok).toBe(false);
    expect(foreign.message).toContain('did not come from the Clinic Desk window');
    expect((await call('app:version', {}, undefined, { url: APP_URL })).ok).toBe(false);
    win.webContents.mainFrame.url = 'https://evil.example/';
    expect((await call('app:version', {})).ok).toBe(false);
  });

  it('answers a valid call', async () => {
    const { call } = setup();
    expect(await call('app:version', {})).toEqual({
      ok: true,
      value: { version: '9.9.9', electron: '', platform: process.platform },
    });
  });

  const bad: [string, unknown, RegExp][] = [
    [
      'backup:export',
      { suggestedName: '../../etc/passwd', content: '{}' },
      /suggestedName: must be a file name ending in .json/,
    ],
    ['backup:export', { suggestedName: 'a.json' }, /content: is required/],
    ['backup:import', { path: '/etc/passwd' }, /Unrecognized key/],
    [
      'print',
      { kind: 'poster', html: '<p>x</p>', target: 'printer' },
      /kind: must be day-sheet, receipt or walk-in-ticket/,
    ],
    ['print', { kind: 'receipt', html: '<p>x</p>', target: 'fax' }, /target: must be printer or pdf/],
    ['app:version', 'please', /expected object/i],
    ['link:open', { url: 42 }, /url:/],
  ];
  it.each(bad)('refuses a malformed %s call with the field and the rule', async (channel, arg, message) => {
    const { call } = setup();
    const answer = await call(channel, arg);
    expect(answer.ok).toBe(false);
    expect(answer.message).toMatch(message);
  });

  it('covers every channel with a validation case', () => {
    expect(new Set(bad.map(([c]) => c))).toEqual(new Set(Object.keys(ipcArgs)));
  });

  it('opens only web links in the system browser', async () => {
    const { call } = setup();
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', '\\\\server\\share', 'smb://server/share']) {
      expect((await call('link:open', { url })).ok).toBe(false);
    }
    expect(await call('link:open', { url: 'https://clinic.example/' })).toEqual({ ok: true, value: { opened: true } });
    expect(fake.calls.openExternal).toEqual(['https://clinic.example/']);
  });

  it('writes a backup where the user chose and reads one back', async () => {
    const { call } = setup();
    const file = join(dir, 'backup.json');
    fake.dialogAnswers.save = { canceled: false, filePath: file };
    expect(await call('backup:export', { suggestedName: 'clinic.json', content: '{"format":"x"}' })).toEqual({
      ok: true,
      value: { saved: true, path: file },
    });
    fake.dialogAnswers.open = { canceled: false, filePaths: [file] };
    expect(await call('backup:import', {})).toEqual({ ok: true, value: { content: '{"format":"x"}' } });
    fake.dialogAnswers.save = { canceled: true, filePath: undefined };
    expect(await call('backup:export', { suggestedName: 'clinic.json', content: '{}' })).toEqual({
      ok: true,
      value: { saved: false },
    });
  });

  it('prints to the printer in a hidden sandboxed window with scripts off, or saves a PDF', async () => {
    const { call } = setup();
    expect(await call('print', { kind: 'walk-in-ticket', html: '<p>A-007</p>', target: 'printer' })).toEqual({
      ok: true,
      value: { done: true },
    });
    const page = fake.BrowserWindow.created.at(-1)!;
    expect(page.options.show).toBe(false);
    expect(page.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
    });
    expect(page.destroyed).toBe(true);
    const pdf = join(dir, 'sheet.pdf');
    fake.dialogAnswers.save = { canceled: false, filePath: pdf };
    expect(await call('print', { kind: 'day-sheet', html: '<p>day</p>', target: 'pdf' })).toEqual({
      ok: true,
      value: { done: true, path: pdf },
    });
    expect(readFileSync(pdf, 'utf8')).toContain('%PDF');
  });
});
