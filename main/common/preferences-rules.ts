// The desktop app's own preferences (not a server profile's settings, and not the CLI's): their shape, defaults
// and the rule each value must follow. Pure, so the main process (IPC payloads, the preferences file) and the
// renderer (live checks as the operator types) apply the very same rule.

export interface AppPreferences {
  /** How long after a copy the clipboard is cleared, if it still holds what was copied (whole seconds). */
  clipboardClearSeconds: number;
}

/** KeePassXC's default: long enough to paste, short enough not to linger in the clipboard. */
export const DEFAULT_CLIPBOARD_CLEAR_SECONDS = 10;
export const MIN_CLIPBOARD_CLEAR_SECONDS = 5;
export const MAX_CLIPBOARD_CLEAR_SECONDS = 300;

export const DEFAULT_PREFERENCES: Readonly<AppPreferences> = Object.freeze({ clipboardClearSeconds: DEFAULT_CLIPBOARD_CLEAR_SECONDS });

/** Where the preferences are kept; the store in main/store/app-preferences.ts is the real one. */
export interface PreferencesPort {
  /** The preferences in force now (defaults for anything missing or unreadable). */
  get(): Promise<AppPreferences>;
  /** Saves every preference at once and answers what was saved; refuses a value that breaks its rule. */
  set(preferences: AppPreferences): Promise<AppPreferences>;
}

/** Why a clipboard delay is not acceptable, in words for the operator; null when it is. */
export function clipboardClearSecondsProblem(value: unknown): string | null {
  const range = `from ${MIN_CLIPBOARD_CLEAR_SECONDS} to ${MAX_CLIPBOARD_CLEAR_SECONDS}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `Type a whole number of seconds, ${range}.`;
  if (!Number.isInteger(value)) return `Use a whole number of seconds, ${range}.`;
  if (value < MIN_CLIPBOARD_CLEAR_SECONDS) return `At least ${MIN_CLIPBOARD_CLEAR_SECONDS} seconds: any less leaves no time to paste.`;
  if (value > MAX_CLIPBOARD_CLEAR_SECONDS) {
    return `At most ${MAX_CLIPBOARD_CLEAR_SECONDS} seconds (5 minutes): a secret should not linger in the clipboard.`;
  }
  return null;
}

/**
 * Reads preferences from parsed JSON. Unknown keys are ignored (a newer version may have written them); a missing
 * key takes its default; a value that breaks its rule makes the whole document unacceptable, with the reason.
 */
export function checkPreferences(value: unknown): { ok: true; preferences: AppPreferences } | { ok: false; problem: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: 'it is not a JSON object' };
  const record = value as Record<string, unknown>;
  const seconds = 'clipboardClearSeconds' in record ? record.clipboardClearSeconds : DEFAULT_CLIPBOARD_CLEAR_SECONDS;
  const problem = clipboardClearSecondsProblem(seconds);
  if (problem) return { ok: false, problem: `clipboardClearSeconds ${JSON.stringify(seconds) ?? String(seconds)}: ${problem}` };
  return { ok: true, preferences: { clipboardClearSeconds: seconds as number } };
}
