// The app's own facts and preferences, and the clipboard: a copy is cleared after the delay the operator chose (or on
// quit), if the clipboard still holds it (clipboard-guard.ts).
import { ClipboardGuard } from './clipboard-guard.js';
import type { HandlerBodies, HandlerDeps } from './handler-deps.js';

type PreferenceMethods = 'appInfo' | 'getPreferences' | 'setPreferences' | 'copyText';

export function preferenceHandlers(deps: HandlerDeps): Pick<HandlerBodies, PreferenceMethods> {
  const { preferences } = deps;
  const clipboard = deps.clipboard ?? new ClipboardGuard(deps.shell);
  return {
    appInfo: async () => ({ version: deps.version, stateDir: deps.stateDir, platform: deps.platform }),
    getPreferences: () => preferences.get(),
    setPreferences: (chosen) => preferences.set(chosen),
    copyText: async ({ text }) => {
      // The delay in force now: a change in the app applies from the next copy on (a pending clear keeps its own).
      const seconds = (await preferences.get()).clipboardClearSeconds;
      await clipboard.copy(text, seconds);
      return { clearsInSeconds: seconds };
    },
  };
}
