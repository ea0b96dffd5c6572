// The sandboxed preload: it may require only 'electron', so the build bundles it (with the contract and
// the bridge) into one CommonJS file. It exposes the narrow `window.tfa` API and never ipcRenderer itself
// (Electron security checklist #20): a subscription's listener gets the payload alone, never the IPC event
// (whose `sender` is ipcRenderer).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { buildTfaApi } from '../common/tfa-api-bridge.js';

contextBridge.exposeInMainWorld(
  'tfa',
  buildTfaApi(
    (channel, payload) => ipcRenderer.invoke(channel, payload),
    (channel, listener) => {
      const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => void ipcRenderer.removeListener(channel, forward);
    },
  ),
);
