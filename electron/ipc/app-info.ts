import { app, shell } from 'electron';
import { isExternalLinkAllowed } from '../../shared/ipc/contract';
import type { IpcHandlers } from './register';

export function appInfoHandlers(): Pick<IpcHandlers, 'app:version' | 'link:open'> {
  return {
    'app:version': () =>
      Promise.resolve({
        version: app.getVersion(),
        electron: (process.versions as Record<string, string | undefined>).electron ?? '',
        platform: process.platform,
      }),
    'link:open': async ({ url }) => {
      if (!isExternalLinkAllowed(url)) throw new Error('Only web links (http or https) can be opened.');
      await shell.openExternal(url);
      return { opened: true };
    },
  };
}
