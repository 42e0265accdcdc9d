import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { AppOrigin } from './app-origin';
import { guardContents } from './security';
import { loadWindowState, saveWindowState } from './window-state';

/** The only settings any window of the app gets: sandboxed, isolated, no Node in the page. */
export function secureWebPreferences(preload?: string): Electron.WebPreferences {
  return {
    ...(preload ? { preload } : {}),
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/** The one main window: remembers its size and place, loads the renderer, guarded like every window. */
export function createMainWindow(origin: AppOrigin, preload: string): BrowserWindow {
  const userData = app.getPath('userData');
  const state = loadWindowState(userData);
  const win = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Clinic Desk',
    backgroundColor: '#f7f5fb',
    webPreferences: secureWebPreferences(preload),
  });
  if (state.maximized) win.maximize();
  guardContents(win.webContents, origin);
  win.once('ready-to-show', () => {
    win.show();
  });
  win.on('close', () => {
    const bounds = win.getNormalBounds();
    saveWindowState(userData, {
      width: bounds.width,
      height: bounds.height,
      x: bounds.x,
      y: bounds.y,
      maximized: win.isMaximized(),
    });
  });
  if ('file' in origin.entry) void win.loadFile(origin.entry.file);
  else void win.loadURL(origin.entry.url);
  return win;
}

export function preloadPath(appRoot: string): string {
  return join(appRoot, 'dist', 'electron', 'preload.cjs');
}
