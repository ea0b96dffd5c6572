// The DesktopShell the handlers need, over Electron's dialog and clipboard. No decisions here:
// what to ask, when to clear and which mode to write are the handlers' business.
import path from 'node:path';
import { app, clipboard, dialog, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { QUIT_DURING_BATCH } from '../ipc/quit-guard.js';
import type { DesktopShell } from '../ipc/tfa-handlers.js';

export const SECRET_EXPORT_WARNING =
  "This file will hold secrets in clear. Anyone who reads it can generate this account's codes. Save it?";

/** Asks, modal to the window if there is one, whether to quit while a batch runs; Cancel (keep running) is the default. */
export async function confirmQuitDuringBatch(window: () => BrowserWindow | null): Promise<boolean> {
  const options = {
    type: 'warning' as const,
    title: 'Quit TFA Provisioner',
    message: QUIT_DURING_BATCH.message,
    detail: QUIT_DURING_BATCH.detail,
    buttons: [...QUIT_DURING_BATCH.buttons],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  return (await askModal(window, options)) === 1;
}

/** A message box modal to the window if there is one (dialogs attach to the window that exists now); the button chosen. */
async function askModal(window: () => BrowserWindow | null, options: MessageBoxOptions): Promise<number> {
  const parent = window();
  const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
  return response;
}

/** `window()` is asked each time: dialogs are modal to the window that exists now, if any. */
export function createDesktopShell(window: () => BrowserWindow | null): DesktopShell {
  return {
    async chooseSavePath(suggestedName) {
      const options = { defaultPath: path.join(app.getPath('documents'), suggestedName) };
      const parent = window();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async confirmSecretExport(fileName) {
      const options = {
        type: 'warning' as const,
        title: 'Export with secrets',
        message: SECRET_EXPORT_WARNING,
        detail: fileName,
        // Cancel is first, the default, and what Escape answers: saving secrets takes a deliberate click.
        buttons: ['Cancel', 'Save with secrets'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      };
      return (await askModal(window, options)) === 1;
    },
    writeClipboard: (text) => clipboard.writeText(text),
    readClipboard: () => clipboard.readText(),
    async chooseOpenPath(title) {
      const options = {
        title,
        defaultPath: app.getPath('documents'),
        properties: ['openFile' as const],
        filters: [
          { name: 'TFA Provisioner backups', extensions: ['json'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled || !result.filePaths[0] ? null : result.filePaths[0];
    },
  };
}
