// Puts the Electron-free handlers on ipcMain, one `tfa:<method>` channel per contract method, each behind
// the sender check (Electron security checklist #17). Channels outside the contract are never registered,
// so Electron itself rejects them. A handler's events go back to the webContents that made the call, and to no
// other window, only while its page is still the app's own.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelOf, eventChannelOf, TFA_METHODS, type TfaResult } from '../common/tfa-api-contract.js';
import type { TfaCaller, TfaHandlers } from '../ipc/tfa-handlers.js';
import { isTrustedSender } from '../ipc/trusted-sender.js';

const FORBIDDEN: TfaResult<never> = {
  ok: false,
  error: { code: 'FORBIDDEN_SENDER', message: 'Refused: this request did not come from the TFA Provisioner window.' },
};

/** The frame that sent the message; null once it navigated away or was destroyed, which is never trusted. */
export function senderOf(event: IpcMainInvokeEvent): { url: string; isMainFrame: boolean } {
  const frame = event.senderFrame;
  return { url: frame?.url ?? '', isMainFrame: frame !== null && frame === event.sender.mainFrame };
}

/**
 * Events for the window that made a call: sent to its webContents alone, and dropped once it is destroyed or its
 * page is no longer the app's (it cannot navigate, but an event is never where the sender rule was not checked).
 */
export function callerOf(contents: Pick<WebContents, 'send' | 'isDestroyed' | 'mainFrame'>): TfaCaller {
  return {
    emit(event, payload) {
      if (contents.isDestroyed() || !isTrustedSender({ url: contents.mainFrame.url, isMainFrame: true })) return;
      contents.send(eventChannelOf(event), payload);
    },
  };
}

export function registerTfaHandlers(ipcMain: Pick<IpcMain, 'handle'>, handlers: TfaHandlers): void {
  for (const method of TFA_METHODS) {
    ipcMain.handle(channelOf(method), (event: IpcMainInvokeEvent, payload: unknown) =>
      isTrustedSender(senderOf(event)) ? handlers[method](payload, callerOf(event.sender)) : FORBIDDEN,
    );
  }
}
