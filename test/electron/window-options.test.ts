// Every security flag of the main window, spelled out (Electron security checklist #2–#10).
import { describe, expect, it } from 'vitest';
import { devToolsRequested, mainWindowOptions, WINDOW_BACKGROUND } from '../../main/electron/window-options.js';

describe('mainWindowOptions', () => {
  const options = mainWindowOptions('/app/out/preload/preload.cjs');
  const prefs = options.webPreferences ?? {};

  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and every loosening feature off', () => {
    expect(prefs).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.additionalArguments).toBeUndefined();
  });

  it('has the agreed size and is shown only when ready', () => {
    expect(options).toMatchObject({ width: 1100, height: 760, minWidth: 900, minHeight: 600, show: false });
    expect(options.backgroundColor).toBe(WINDOW_BACKGROUND.light);
    expect(mainWindowOptions('/p', { devTools: false, dark: true }).backgroundColor).toBe(WINDOW_BACKGROUND.dark);
  });

  it('enables DevTools only on request', () => {
    expect(mainWindowOptions('/p', { devTools: true, dark: false }).webPreferences?.devTools).toBe(true);
    expect(devToolsRequested({})).toBe(false);
    expect(devToolsRequested({ TFA_PROVISIONER_DEVTOOLS: 'true' })).toBe(false);
    expect(devToolsRequested({ TFA_PROVISIONER_DEVTOOLS: '1' })).toBe(true);
  });
});
