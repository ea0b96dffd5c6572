// Builds `window.tfa` from one invoke function and one subscribe function. The sandboxed preload passes
// ipcRenderer.invoke and a wrapper of ipcRenderer.on, and the Chromium renderer tests install this very code in the
// page over their stand-ins, so both expose exactly the same narrow API: each method sends one payload over its own
// channel, each subscription hands its listener the payload alone, and nothing else (never ipcRenderer, never an IPC
// event) reaches the page.
import {
  channelOf,
  eventChannelOf,
  subscriptionOf,
  TFA_EVENTS,
  TFA_METHODS,
  type TfaApi,
  type TfaMethod,
  type TfaPayload,
  type TfaResult,
  type TfaValue,
  type Unsubscribe,
} from './tfa-api-contract.js';

/** Sends one payload over a channel; the main process answers each method's TfaResult (ipcRenderer.invoke's any). */
export type TfaInvoke = <M extends TfaMethod>(channel: string, payload: TfaPayload<M>) => Promise<TfaResult<TfaValue<M>>>;

/** Listens on an event channel, handing the listener each payload alone; answers how to stop listening. */
export type TfaSubscribe = (channel: string, listener: (payload: unknown) => void) => Unsubscribe;

/** [method, channel] and [subscription, channel] pairs: what the bridge exposes, from the contract's lists. */
export interface BridgeLayout {
  methods: [string, string][];
  subscriptions: [string, string][];
}

export function bridgeLayout(): BridgeLayout {
  return {
    methods: TFA_METHODS.map((method) => [method, channelOf(method)]),
    subscriptions: TFA_EVENTS.map((event) => [subscriptionOf(event), eventChannelOf(event)]),
  };
}

/**
 * The bridge itself. Self-contained on purpose (it uses only its arguments and built-ins): the renderer tests install
 * its source text in Chromium, so the page under test gets this code, not a copy of it.
 */
export function assembleBridge(
  invoke: (channel: string, payload: unknown) => Promise<unknown>,
  subscribe: TfaSubscribe,
  layout: BridgeLayout,
): object {
  const api: Record<string, (argument: never) => unknown> = {};
  for (const [method, channel] of layout.methods) {
    // Exactly one argument is forwarded: a page cannot smuggle extra values through a method.
    api[method] = (payload: unknown) => invoke(channel, payload);
  }
  for (const [name, channel] of layout.subscriptions) {
    api[name] = (listener: unknown) => {
      if (typeof listener !== 'function') throw new TypeError(`${name} takes a listener function.`);
      let stop: Unsubscribe | null = subscribe(channel, (payload) => listener(payload));
      return () => {
        stop?.();
        stop = null;
      };
    };
  }
  return Object.freeze(api);
}

export function buildTfaApi(invoke: TfaInvoke, subscribe: TfaSubscribe): TfaApi {
  // The contract's types are applied here, once: assembleBridge maps names to channels and knows no types.
  const send = (channel: string, payload: unknown) => invoke(channel, payload as TfaPayload<TfaMethod>);
  return assembleBridge(send, subscribe, bridgeLayout()) as TfaApi;
}
