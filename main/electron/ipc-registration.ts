// Puts the Electron-free handlers on ipcMain, one `tfa:<method>` channel per contract method, each behind
// the sender check (Electron security checklist #17). Channels outside the contract are never registered,
// so Electron itself rejects them.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelOf, TFA_METHODS, type TfaResult } from '../common/tfa-api-contract.js';
import type { TfaHandlers } from '../ipc/tfa-handlers.js';
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

export function registerTfaHandlers(ipcMain: Pick<IpcMain, 'handle'>, handlers: TfaHandlers): void {
  for (const method of TFA_METHODS) {
    ipcMain.handle(channelOf(method), (event: IpcMainInvokeEvent, payload: unknown) =>
      isTrustedSender(senderOf(event)) ? handlers[method](payload) : FORBIDDEN,
    );
  }
}
