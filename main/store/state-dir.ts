// Where the state file and audit trail live. The desktop app and the CLI both call this, so they
// always agree on one directory (on Linux it matches Electron's userData for an app named tfa-provisioner).
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'tfa-provisioner';

export function resolveStateDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  homedir: string = os.homedir(),
): string {
  const override = env.TFA_PROVISIONER_HOME;
  if (override) return override;

  if (platform === 'win32') {
    // APPDATA is always set in a Windows session; the fallback covers stripped service environments.
    const appData = env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming');
    return path.win32.join(appData, APP_DIR_NAME);
  }
  if (platform === 'darwin') {
    return path.posix.join(homedir, 'Library', 'Application Support', APP_DIR_NAME);
  }
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(homedir, '.config');
  return path.posix.join(configHome, APP_DIR_NAME);
}

/**
 * Creates the directory (and missing parents) readable only by the owner. An existing directory keeps
 * its mode: it may be one the person chose through TFA_PROVISIONER_HOME, and is theirs to manage.
 */
export async function ensureStateDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}
