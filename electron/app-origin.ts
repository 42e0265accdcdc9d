import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

/**
 * Where the renderer comes from: the built files inside the app, or the Vite dev server in
 * development (CLINIC_DESK_DEV_URL). Navigation and IPC are only trusted from this origin.
 */
export interface AppOrigin {
  /** What the main window loads. */
  entry: { file: string } | { url: string };
  /** Whether a URL belongs to the app itself. */
  owns(url: string): boolean;
}

export function appOrigin(appRoot: string, devUrl: string | undefined): AppOrigin {
  if (devUrl) {
    const origin = new URL(devUrl).origin;
    return {
      entry: { url: devUrl },
      owns: (url) => {
        try {
          return new URL(url).origin === origin;
        } catch {
          return false;
        }
      },
    };
  }
  const file = join(appRoot, 'dist', 'renderer', 'index.html');
  const base = pathToFileURL(join(appRoot, 'dist', 'renderer')).href;
  return {
    entry: { file },
    owns: (url) => {
      try {
        const u = new URL(url);
        return u.protocol === 'file:' && u.href.startsWith(`${base}/`) && !u.href.includes('..');
      } catch {
        return false;
      }
    },
  };
}
