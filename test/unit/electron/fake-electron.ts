import { EventEmitter } from 'node:events';

/** Just enough of Electron's main-process API for the shell's unit tests, recording what was asked. */
export const calls = {
  openExternal: [] as string[],
  saveDialog: [] as unknown[],
  openDialog: [] as unknown[],
  menus: [] as unknown[],
};
export const dialogAnswers = {
  save: { canceled: false, filePath: '' as string | undefined },
  open: { canceled: false, filePaths: [] as string[] },
};
export const handlers = new Map<string, (event: unknown, arg: unknown) => Promise<unknown>>();
let nextId = 1;

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  mainFrame = { url: '' };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  print(_options: unknown, callback: (success: boolean, reason: string) => void): void {
    callback(true, '');
  }
  printToPDF(): Promise<Buffer> {
    return Promise.resolve(Buffer.from('%PDF-1.7 fake'));
  }
}

export class BrowserWindow extends EventEmitter {
  static created: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded: string | undefined;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.created.push(this);
  }
  loadFile(file: string): Promise<void> {
    this.loaded = `file:${file}`;
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
  maximize(): void {}
  isMaximized(): boolean {
    return false;
  }
  getNormalBounds() {
    return { width: 1366, height: 768, x: 10, y: 20 };
  }
  show(): void {}
}

export const app = {
  getPath: (name: string) => (name === 'userData' ? (process.env.FAKE_USER_DATA ?? '/tmp') : '/tmp/docs'),
  getVersion: () => '9.9.9',
  setName: () => undefined,
  setAppUserModelId: () => undefined,
  requestSingleInstanceLock: () => true,
  quit: () => undefined,
  on: () => undefined,
  whenReady: () => Promise.resolve(),
};

export const ipcMain = {
  handle(channel: string, handler: (event: unknown, arg: unknown) => Promise<unknown>) {
    handlers.set(channel, handler);
  },
};

export const shell = {
  openExternal(url: string) {
    calls.openExternal.push(url);
    return Promise.resolve();
  },
};

export const dialog = {
  showSaveDialog(_win: unknown, options: unknown) {
    calls.saveDialog.push(options);
    return Promise.resolve(dialogAnswers.save);
  },
  showOpenDialog(_win: unknown, options: unknown) {
    calls.openDialog.push(options);
    return Promise.resolve(dialogAnswers.open);
  },
  showMessageBox: () => Promise.resolve({ response: 0 }),
};

export const permission = {
  request: undefined as undefined | ((c: unknown, p: string, cb: (ok: boolean) => void) => void),
  check: undefined as undefined | (() => boolean),
  headers: undefined as
    undefined | ((d: { responseHeaders: Record<string, string[]> }, cb: (r: unknown) => void) => void),
};
export const session = {
  defaultSession: {
    setPermissionRequestHandler(h: typeof permission.request) {
      permission.request = h;
    },
    setPermissionCheckHandler(h: typeof permission.check) {
      permission.check = h;
    },
    webRequest: {
      onHeadersReceived(h: typeof permission.headers) {
        permission.headers = h;
      },
    },
  },
};

export const Menu = {
  buildFromTemplate: (t: unknown) => t,
  setApplicationMenu: (m: unknown) => calls.menus.push(m),
};
