import { app, type BrowserWindow } from 'electron';
import { appOrigin } from './app-origin';
import { appInfoHandlers } from './ipc/app-info';
import { backupHandlers } from './ipc/backup';
import { printHandlers } from './ipc/print';
import { registerIpc } from './ipc/register';
import { setupMenu } from './menu';
import { setupPermissions } from './security';
import { setupSingleInstance } from './single-instance';
import { createMainWindow, preloadPath } from './window';

/**
 * The desktop shell. Small on purpose: one setup call per feature. A stable app id and name keep the
 * user-data folder (and with it the terminal's IndexedDB) in one place across updates.
 */
export const APP_ID = 'com.clinicdesk.app';

export function startDesktopApp(appRoot: string): void {
  app.setName('Clinic Desk');
  app.setAppUserModelId(APP_ID);
  let win: BrowserWindow | undefined;
  if (!setupSingleInstance(() => win)) return;
  const devUrl = process.env.CLINIC_DESK_DEV_URL;
  const origin = appOrigin(appRoot, devUrl);
  void app.whenReady().then(() => {
    setupPermissions();
    win = createMainWindow(origin, preloadPath(appRoot));
    setupMenu(win, devUrl !== undefined);
    registerIpc(win, origin, { ...backupHandlers(win), ...printHandlers(win), ...appInfoHandlers() });
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
  app.on('web-contents-created', (_event, contents) => {
    // Any window or view, not just the main one, gets the same guards.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
