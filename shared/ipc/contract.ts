import { z } from 'zod';

/**
 * Every operation the desktop shell offers the renderer: one channel each, with a zod schema for its
 * argument. The preload exposes one named function per channel; the main process parses every
 * argument with these schemas and refuses messages from any other sender.
 */
export const PRINT_KINDS = ['day-sheet', 'receipt', 'walk-in-ticket'] as const;

export const ipcArgs = {
  'backup:export': z.strictObject({
    suggestedName: z.string().regex(/^[\w .-]{1,80}\.json$/, 'must be a file name ending in .json'),
    content: z
      .string()
      .min(2)
      .max(200 * 1024 * 1024, 'is larger than 200 MB'),
  }),
  'backup:import': z.strictObject({}),
  print: z.strictObject({
    kind: z.enum(PRINT_KINDS, 'must be day-sheet, receipt or walk-in-ticket'),
    html: z
      .string()
      .min(1)
      .max(2 * 1024 * 1024, 'is larger than 2 MB'),
    target: z.enum(['printer', 'pdf'], 'must be printer or pdf'),
  }),
  'app:version': z.strictObject({}),
  'link:open': z.strictObject({ url: z.string().max(2048, 'is too long') }),
} as const;

export type IpcChannel = keyof typeof ipcArgs;
export type IpcArgs<C extends IpcChannel> = z.input<(typeof ipcArgs)[C]>;

export interface IpcResults {
  'backup:export': { saved: boolean; path?: string };
  'backup:import': { content: string | null };
  print: { done: boolean; path?: string };
  'app:version': { version: string; electron: string; platform: string };
  'link:open': { opened: boolean };
}

/** What every handler answers: a value, or a sentence for the person at the desk. */
export type IpcAnswer<C extends IpcChannel> = { ok: true; value: IpcResults[C] } | { ok: false; message: string };

/** Only web links leave the app, and only through the system browser. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '' && !url.startsWith('\\\\');
  } catch {
    return false;
  }
}

/** What the preload exposes as `window.clinic`: one function per operation. */
export interface ClinicBridge {
  exportBackup(arg: IpcArgs<'backup:export'>): Promise<IpcAnswer<'backup:export'>>;
  importBackup(): Promise<IpcAnswer<'backup:import'>>;
  print(arg: IpcArgs<'print'>): Promise<IpcAnswer<'print'>>;
  appVersion(): Promise<IpcAnswer<'app:version'>>;
  openExternal(url: string): Promise<IpcAnswer<'link:open'>>;
}
