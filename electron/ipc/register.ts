import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { z } from 'zod';
import { ipcArgs, type IpcAnswer, type IpcChannel, type IpcResults } from '../../shared/ipc/contract';
import { describeProblems } from '../../shared/validation';
import type { AppOrigin } from '../app-origin';

export type IpcHandler<C extends IpcChannel> = (arg: z.output<(typeof ipcArgs)[C]>) => Promise<IpcResults[C]>;
export type IpcHandlers = { [C in IpcChannel]: IpcHandler<C> };

/** Only the main window's top frame, showing the app itself, may call the shell. */
export function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow, origin: AppOrigin): boolean {
  const frame = event.senderFrame;
  return (
    !win.isDestroyed() &&
    event.sender.id === win.webContents.id &&
    frame !== null &&
    frame === event.sender.mainFrame &&
    origin.owns(frame.url)
  );
}

/** One typed handler per channel; every argument is parsed with its schema before the handler runs. */
export function registerIpc(win: BrowserWindow, origin: AppOrigin, handlers: IpcHandlers): void {
  for (const channel of Object.keys(ipcArgs) as IpcChannel[]) {
    ipcMain.handle(channel, async (event, raw: unknown): Promise<IpcAnswer<IpcChannel>> => {
      if (!isTrustedSender(event, win, origin)) {
        return { ok: false, message: 'Refused: this request did not come from the Clinic Desk window.' };
      }
      const parsed = ipcArgs[channel].safeParse(raw ?? {});
      if (!parsed.success) return { ok: false, message: describeProblems(parsed.error) };
      try {
        const handler = handlers[channel] as (arg: unknown) => Promise<IpcResults[IpcChannel]>;
        return { ok: true, value: await handler(parsed.data) };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : 'The operation failed.' };
      }
    });
  }
}
