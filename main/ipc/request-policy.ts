// What the renderer may load or navigate to, decided without Electron: the app's own origin, inline data:
// images (QR codes, allowed by the CSP's img-src), and DevTools' own pages only when DevTools are enabled.
// Everything else — http(s), file://, ws://, other custom schemes — is cancelled: the app works offline.
import { isAppUrl } from './trusted-sender.js';

export function isAllowedRendererRequest(url: string, { devTools }: { devTools: boolean }): boolean {
  if (isAppUrl(url)) return true;
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return false;
  }
  if (protocol === 'data:') return true;
  return devTools && protocol === 'devtools:';
}

/** Navigation (will-navigate, will-redirect) stays on the app's origin; nothing else replaces the UI. */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}
