// The browser-side fences around the renderer (Electron security checklist #5, #11–#14): no permissions,
// no network, no new windows, no navigation away, no <webview>. The policies themselves are in
// main/ipc/request-policy.ts; this only hooks them into Electron.
import type { Session, WebContents } from 'electron';
import { isAllowedNavigation, isAllowedRendererRequest } from '../ipc/request-policy.js';

export function hardenSession(ses: Session, { devTools }: { devTools: boolean }): void {
  // Camera, notifications, clipboard-read, geolocation…: the UI needs none, so every request and check says no.
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // The app is offline by design: anything not served by app://tfa-provisioner never leaves the machine.
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRendererRequest(details.url, { devTools }) });
  });
}

export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  });
  // webviewTag is off already; this refuses one even if some future option turned it back on.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
