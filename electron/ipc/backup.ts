import { dialog, app, type BrowserWindow } from 'electron';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IpcHandlers } from './register';

const MAX_BACKUP_BYTES = 200 * 1024 * 1024;
const FILTERS = [{ name: 'Clinic Desk backup', extensions: ['json'] }];

/** Backup export writes the renderer's JSON where the user chooses; import reads a file they pick. */
export function backupHandlers(win: BrowserWindow): Pick<IpcHandlers, 'backup:export' | 'backup:import'> {
  return {
    'backup:export': async ({ suggestedName, content }) => {
      const choice = await dialog.showSaveDialog(win, {
        title: 'Save a backup of this terminal',
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: FILTERS,
      });
      if (choice.canceled || !choice.filePath) return { saved: false };
      await writeFile(choice.filePath, content, 'utf8');
      return { saved: true, path: choice.filePath };
    },
    'backup:import': async () => {
      const choice = await dialog.showOpenDialog(win, {
        title: 'Restore a backup',
        properties: ['openFile'],
        filters: FILTERS,
      });
      const path = choice.filePaths[0];
      if (choice.canceled || !path) return { content: null };
      if ((await stat(path)).size > MAX_BACKUP_BYTES)
        throw new Error('That file is larger than 200 MB; it is not a Clinic Desk backup.');
      return { content: await readFile(path, 'utf8') };
    },
  };
}
