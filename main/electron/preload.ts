// The sandboxed preload: it may require only 'electron', so the build bundles it (with the contract and
// the bridge) into one CommonJS file. It exposes the narrow `window.tfa` API and never ipcRenderer itself
// (Electron security checklist #20).
import { contextBridge, ipcRenderer } from 'electron';
import { buildTfaApi } from '../common/tfa-api-bridge.js';

contextBridge.exposeInMainWorld(
  'tfa',
  buildTfaApi((channel, payload) => ipcRenderer.invoke(channel, payload)),
);
