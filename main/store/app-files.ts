// The files the app keeps in its state directory (state.json and its lock, the audit trail, the preferences), which
// no export, backup, saved answer or QR image may replace: `--out=~/.config/tfa-provisioner/state.json` would
// otherwise throw away every sealed secret. openEngine, the composition root of the CLI and the desktop app, guards
// the directory it opens; the delivery module asks before it writes.
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { PREFERENCES_FILE_NAME } from './app-preferences.js';
import { AUDIT_FILE_NAME } from './audit-trail.js';
import { STATE_FILE_NAME } from './state-file.js';

const APP_FILE_NAMES: ReadonlySet<string> = new Set([STATE_FILE_NAME, `${STATE_FILE_NAME}.lock`, `${STATE_FILE_NAME}.lock.owner`, AUDIT_FILE_NAME, PREFERENCES_FILE_NAME]);
const guardedStateDirs = new Set<string>();

/** Guards a state directory's own files; it need not exist yet (it is made by the first write). */
export function guardStateDir(dir: string): void {
  guardedStateDirs.add(path.resolve(dir));
}

/** The directory as the file system knows it (links resolved), or as named while it does not exist. */
const realDir = (dir: string): Promise<string> => realpath(dir).catch(() => path.resolve(dir));

/** Whether `target`, however it is spelt (a link, `.`, a relative path), names one of a guarded directory's own files. */
export async function isAppFile(target: string): Promise<boolean> {
  if (!APP_FILE_NAMES.has(path.basename(target))) return false;
  const parent = await realDir(path.dirname(path.resolve(target)));
  for (const dir of guardedStateDirs) if ((await realDir(dir)) === parent) return true;
  return false;
}
