import { app, BrowserWindow, dialog } from 'electron';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { secureWebPreferences } from '../window';
import type { IpcHandlers } from './register';

const NAMES = { 'day-sheet': 'Day sheet', receipt: 'Receipt', 'walk-in-ticket': 'Walk-in ticket' } as const;

/**
 * Prints a day sheet, receipt or walk-in ticket: the renderer sends finished HTML, shown in a hidden,
 * sandboxed window with scripts off, then sent to the default printer or saved as a PDF.
 */
export function printHandlers(parent: BrowserWindow): Pick<IpcHandlers, 'print'> {
  return {
    print: async ({ kind, html, target }) => {
      const page = new BrowserWindow({
        show: false,
        parent,
        webPreferences: { ...secureWebPreferences(), javascript: false },
      });
      try {
        await page.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
        if (target === 'pdf') {
          const choice = await dialog.showSaveDialog(parent, {
            title: `Save ${NAMES[kind].toLowerCase()} as PDF`,
            defaultPath: join(app.getPath('documents'), `${kind}.pdf`),
            filters: [{ name: 'PDF', extensions: ['pdf'] }],
          });
          if (choice.canceled || !choice.filePath) return { done: false };
          const pdf = await page.webContents.printToPDF({
            pageSize: kind === 'day-sheet' ? 'A4' : 'A5',
            printBackground: true,
          });
          await writeFile(choice.filePath, pdf);
          return { done: true, path: choice.filePath };
        }
        const done = await new Promise<boolean>((resolve, reject) => {
          page.webContents.print({ silent: true, printBackground: true }, (success, reason) => {
            if (success) resolve(true);
            else if (reason === 'cancelled') resolve(false);
            else reject(new Error(`The printer did not print the ${NAMES[kind].toLowerCase()}: ${reason}.`));
          });
        });
        return { done };
      } finally {
        page.destroy();
      }
    },
  };
}
