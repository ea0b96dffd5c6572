// The desktop app's preferences: <stateDir>/preferences.json, e.g. { "clipboardClearSeconds": 10 }.
// Apart from state.json on purpose: these are this computer's app settings, not a server profile's, and a damaged
// preferences file must never stand in the way of the vault. The rules live in main/common/preferences-rules.ts.
//
// Reading never fails: a missing file means the defaults, and so does a file that is unreadable, not JSON, or holds
// a value outside its rule. Such a file is NOT rewritten or "repaired" on read: it stays exactly as it is, for the
// operator to look at, until they save a new value in the app; then it is replaced atomically by a good one.
import { constants } from 'node:fs';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import {
  checkPreferences,
  clipboardClearSecondsProblem,
  DEFAULT_PREFERENCES,
  type AppPreferences,
  type PreferencesPort,
} from '../common/preferences-rules.js';
import { NotRegularFileError, openRegularFile } from './regular-file.js';
import { ensureStateDir } from './state-dir.js';
import { messageOf } from '../common/error-message.js';

export const PREFERENCES_FILE_NAME = 'preferences.json';

/** What the file holds: the preferences in force, why the defaults stand in (if they do), and keys we do not know. */
export interface PreferencesReading {
  preferences: AppPreferences;
  /** null when the file is missing or fine; otherwise why it was not used (it is left untouched). */
  problem: string | null;
  /** Keys of a JSON object this version does not know (a newer version's), kept when saving. */
  unknown: Record<string, unknown>;
}

export class JsonPreferencesFile implements PreferencesPort {
  readonly filePath: string;
  // Saves from this process queue here, so two quick saves cannot interleave (one app instance writes this file).
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly dir: string) {
    this.filePath = path.join(dir, PREFERENCES_FILE_NAME);
  }

  async get(): Promise<AppPreferences> {
    return (await this.read()).preferences;
  }

  /** Reads the file each time (it is tiny), so what is in force is always what is on disk. */
  async read(): Promise<PreferencesReading> {
    const defaults = (problem: string | null, unknown: Record<string, unknown> = {}): PreferencesReading => ({
      preferences: { ...DEFAULT_PREFERENCES },
      problem,
      unknown,
    });
    let text: string;
    try {
      // Never a blocking open: a FIFO here would hang the app's main process.
      const handle = await openRegularFile(this.filePath, constants.O_RDONLY);
      try {
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return defaults(null);
      if (error instanceof NotRegularFileError) return defaults(`it is ${error.kind}, not a regular file`);
      return defaults(`it could not be read: ${messageOf(error)}`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return defaults('it is not valid JSON');
    }
    const unknown = unknownKeysOf(parsed);
    const check = checkPreferences(parsed);
    return check.ok ? { preferences: check.preferences, problem: null, unknown } : defaults(check.problem, unknown);
  }

  set(preferences: AppPreferences): Promise<AppPreferences> {
    const run = this.queue.then(() => this.write(preferences));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(next: AppPreferences): Promise<AppPreferences> {
    const problem = clipboardClearSecondsProblem(next.clipboardClearSeconds);
    if (problem) throw new Error(`The clipboard delay was not saved: ${problem}`);
    const saved: AppPreferences = { clipboardClearSeconds: next.clipboardClearSeconds };
    const { unknown } = await this.read();
    try {
      await ensureStateDir(this.dir);
      // A damaged file is replaced here, whole and at once: this is the operator's explicit save.
      await writeFileAtomic(this.filePath, `${JSON.stringify({ ...unknown, ...saved }, null, 2)}\n`, { mode: 0o600 });
    } catch (error) {
      const reason = messageOf(error);
      throw new Error(`The preferences file ${this.filePath} could not be written (the previous one is intact): ${reason}`, { cause: error });
    }
    return saved;
  }
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(DEFAULT_PREFERENCES));

function unknownKeysOf(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([key]) => !KNOWN_KEYS.has(key)));
}
