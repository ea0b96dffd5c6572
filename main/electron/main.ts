// The desktop app's entry point: wires Electron to the engine and the handlers. Each security measure is
// a call into a small module (window options, session hardening, app protocol, sender-checked IPC), so
// this file only decides the order — which matters: schemes and the sandbox before `ready`, the rest after.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, session } from 'electron';
import { APP_VERSION } from '../store/app-version.js';
import { APP_ORIGIN } from '../common/content-security-policy.js';
import { messageOf } from '../common/error-message.js';
import { ClipboardGuard } from '../ipc/clipboard-guard.js';
import { prepareToQuit, type QuitGuardDeps } from '../ipc/quit-guard.js';
import { createTfaHandlers, provisionJobsFor } from '../ipc/tfa-handlers.js';
import { JsonPreferencesFile } from '../store/app-preferences.js';
import { openEngine } from '../store/open-engine.js';
import { installAppMenu } from './app-menu.js';
import { handleAppProtocol, registerAppScheme } from './app-protocol.js';
import { confirmQuitDuringBatch, createDesktopShell } from './desktop-shell.js';
import { registerTfaHandlers } from './ipc-registration.js';
import { hardenSession, hardenWebContents } from './session-hardening.js';
import { devToolsRequested, mainWindowOptions } from './window-options.js';

// Built layout: out/main/electron/main.js, out/preload/preload.cjs, out/renderer/index.html.
const here = path.dirname(fileURLToPath(import.meta.url));
const PRELOAD_PATH = path.join(here, '..', '..', 'preload', 'preload.cjs');
const RENDERER_ROOT = path.join(here, '..', '..', 'renderer');
const devTools = devToolsRequested(process.env);

let mainWindow: BrowserWindow | null = null;
/** Set once the handlers exist: what quitting must take care of (a running batch, a copy on the clipboard). */
let quitGuard: QuitGuardDeps | null = null;
let quitting = false;

function createMainWindow(): void {
  const window = new BrowserWindow(mainWindowOptions(PRELOAD_PATH, { devTools, dark: nativeTheme.shouldUseDarkColors }));
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  window.loadURL(`${APP_ORIGIN}/index.html`).catch((error: unknown) => {
    console.error('TFA Provisioner: the UI failed to load:', error);
  });
}

function focusMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession, { devTools });
  handleAppProtocol(RENDERER_ROOT);
  installAppMenu();
  // The same state directory and keychain vault as the CLI, chosen from the same environment.
  const { engine, stateDir } = await openEngine({ env: process.env });
  const shell = createDesktopShell(() => mainWindow);
  const clipboard = new ClipboardGuard(shell);
  const jobs = provisionJobsFor(engine);
  quitGuard = { clipboard, batch: jobs, confirmQuitDuringBatch: () => confirmQuitDuringBatch(() => mainWindow) };
  const handlers = createTfaHandlers({
    engine,
    shell,
    clipboard,
    jobs,
    stateDir,
    version: APP_VERSION,
    platform: process.platform,
    // <stateDir>/preferences.json: the clipboard delay the operator chose in the app (10 s until they do).
    preferences: new JsonPreferencesFile(stateDir),
  });
  registerTfaHandlers(ipcMain, handlers);
  createMainWindow();
}

// One instance only: two would race on the state file; a second launch brings the first window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  app.enableSandbox();
  app.on('second-instance', focusMainWindow);
  // Every webContents, including any the app never meant to create, gets the same fences.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  // Quitting waits for the guard: it asks while a batch runs, and clears a copy of ours still on the clipboard.
  app.on('before-quit', (event: { preventDefault(): void }) => {
    if (quitting || !quitGuard) return;
    event.preventDefault();
    const quitNow = () => {
      quitting = true;
      app.quit();
    };
    prepareToQuit(quitGuard).then((decision) => {
      if (decision === 'quit') quitNow();
      // The batch goes on: give it a window again if closing the last one was what asked to quit.
      else if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
    }, quitNow);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      dialog.showErrorBox('TFA Provisioner could not start', messageOf(error));
      app.quit();
    });
}
