// The main window's options: every webPreferences security flag spelled out (Electron security checklist
// #2–#10), even where it is already Electron's default, so a default changing upstream cannot loosen them
// and a test can read them all in one place.
import type { BrowserWindowConstructorOptions } from 'electron';

/** The renderer's page background, so the window does not flash white (or black) before the first paint. */
export const WINDOW_BACKGROUND = { light: '#f6f7f9', dark: '#1b1d22' } as const;

export interface WindowOptionsFlags {
  /** DevTools only when TFA_PROVISIONER_DEVTOOLS=1: a packaged app gives nobody a console into the vault. */
  devTools: boolean;
  /** Follows the OS theme, as the renderer does. */
  dark: boolean;
}

export function devToolsRequested(env: NodeJS.ProcessEnv): boolean {
  return env.TFA_PROVISIONER_DEVTOOLS === '1';
}

export function mainWindowOptions(
  preloadPath: string,
  { devTools, dark }: WindowOptionsFlags = { devTools: false, dark: false },
): BrowserWindowConstructorOptions {
  return {
    title: 'TFA Provisioner',
    width: 1100,
    height: 760,
    minWidth: 900,
    minHeight: 600,
    backgroundColor: dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    // Shown on ready-to-show, so the operator never sees a half-drawn window.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Dropping a file on the window must not navigate away from the UI to that file.
      navigateOnDragDrop: false,
      // A page looping on alert() cannot lock the operator out of the window.
      safeDialogs: true,
      devTools,
    },
  };
}
