import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/** The application menu: the usual editing and view commands, and an About box with the version. */
export function setupMenu(win: BrowserWindow, isDev: boolean): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { label: 'File', submenu: [{ role: 'quit' }] },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(isDev ? [{ role: 'toggleDevTools' as const }] : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      label: 'Help',
      submenu: [
        {
          label: 'About Clinic Desk',
          click: () => {
            void dialog.showMessageBox(win, {
              type: 'info',
              title: 'About Clinic Desk',
              message: `Clinic Desk ${app.getVersion()}`,
              detail: `Electron ${(process.versions as Record<string, string | undefined>).electron ?? ''} on ${process.platform}. Your data is kept on this terminal and synced with your clinic's server.`,
            });
          },
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
