// Builds `window.tfa` from one invoke function. The sandboxed preload passes ipcRenderer.invoke and the
// Chromium renderer tests pass their stand-in, so both expose exactly the same narrow API — each method
// sends one payload over its own channel, and nothing else (never ipcRenderer itself) reaches the page.
import { channelOf, TFA_METHODS, type TfaApi } from './tfa-api-contract.js';

export type TfaInvoke = (channel: string, payload: unknown) => Promise<unknown>;

export function buildTfaApi(invoke: TfaInvoke): TfaApi {
  const api: Record<string, (payload: unknown) => Promise<unknown>> = {};
  for (const method of TFA_METHODS) {
    const channel = channelOf(method);
    // Exactly one argument is forwarded: a page cannot smuggle extra values through a method.
    api[method] = (payload: unknown) => invoke(channel, payload);
  }
  return Object.freeze(api) as unknown as TfaApi;
}
