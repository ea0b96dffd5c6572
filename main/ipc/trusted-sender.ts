// Which renderer frames may talk to the main process (Electron security checklist #17), without Electron,
// so the IPC registration and the Chromium renderer tests apply the very same rule.
import { APP_HOST, APP_SCHEME } from '../common/content-security-policy.js';

/**
 * True only for a URL on app://tfa-provisioner. The parsed parts are compared, never a string prefix:
 * "app://tfa-provisioner.evil/" or "app://tfa-provisioner@evil/" must not pass. `URL.origin` is not used
 * because Node answers "null" for schemes it does not know, while Chromium knows app:// as a standard scheme.
 */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

export interface SenderFrame {
  /** The URL of the frame that sent the message ('' when the frame is gone). */
  url: string;
  /** Whether it is the window's top frame: an iframe, even of our own origin, never gets the API. */
  isMainFrame: boolean;
}

export function isTrustedSender({ url, isMainFrame }: SenderFrame): boolean {
  return isMainFrame === true && isAppUrl(url);
}
