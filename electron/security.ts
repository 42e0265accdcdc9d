import { session, shell, type WebContents } from 'electron';
import { isExternalLinkAllowed } from '../shared/ipc/contract';
import type { AppOrigin } from './app-origin';

/** The content security policy of every page the app shows: its own code only, no remote scripts. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  // The sync server can live on any host the clinic chooses; it is reached with fetch only.
  'connect-src *',
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  "form-action 'none'",
].join('; ');

/** Permissions no page may have (camera, location, notifications…): every request is refused. */
export function setupPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => {
    callback(false);
  });
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

/**
 * Guards one window: it may only navigate within the app; it never opens new windows; a link to a web
 * page (http or https only) opens in the system browser. javascript:, file:, UNC paths and every other
 * scheme are dropped.
 */
export function guardContents(contents: WebContents, origin: AppOrigin): void {
  contents.on('will-navigate', (event, url) => {
    if (!origin.owns(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!origin.owns(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}
