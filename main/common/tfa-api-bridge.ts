// Builds `window.tfa` from one invoke function. The sandboxed preload passes ipcRenderer.invoke and the
// Chromium renderer tests pass their stand-in, so both expose exactly the same narrow API — each method
// sends one payload over its own channel, and nothing else (never ipcRenderer itself) reaches the page.
import { channelOf, TFA_METHODS, type TfaApi, type TfaMethod, type TfaPayload, type TfaResult, type TfaValue } from './tfa-api-contract.js';

/** Sends one payload over a channel; the main process answers each method's TfaResult (ipcRenderer.invoke's any). */
export type TfaInvoke = <M extends TfaMethod>(channel: string, payload: TfaPayload<M>) => Promise<TfaResult<TfaValue<M>>>;

export function buildTfaApi(invoke: TfaInvoke): TfaApi {
  const api: { [M in TfaMethod]?: (payload: TfaPayload<M>) => Promise<TfaResult<TfaValue<M>>> } = {};
  const add = <M extends TfaMethod>(method: M) => {
    const channel = channelOf(method);
    // Exactly one argument is forwarded: a page cannot smuggle extra values through a method.
    const send = (payload: TfaPayload<M>) => invoke<M>(channel, payload);
    Object.assign(api, { [method]: send });
  };
  for (const method of TFA_METHODS) add(method);
  return Object.freeze(api) as TfaApi;
}
