import { contextBridge, ipcRenderer } from 'electron';
import type { ClinicBridge, IpcAnswer, IpcChannel } from '../shared/ipc/contract';

/**
 * The only door between the page and the desktop: one named function per operation, no generic
 * send. Arguments are checked again in the main process, which trusts nothing from here.
 */
function invoke<C extends IpcChannel>(channel: C, arg: unknown): Promise<IpcAnswer<C>> {
  return ipcRenderer.invoke(channel, arg) as Promise<IpcAnswer<C>>;
}

const bridge: ClinicBridge = {
  exportBackup: (arg) => invoke('backup:export', arg),
  importBackup: () => invoke('backup:import', {}),
  print: (arg) => invoke('print', arg),
  appVersion: () => invoke('app:version', {}),
  openExternal: (url) => invoke('link:open', { url }),
};

contextBridge.exposeInMainWorld('clinic', bridge);
