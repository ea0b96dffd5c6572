// The renderer's only door to the main process: `window.tfa`, as the preload exposes it (see the contract).
// Every call answers a TfaResult; these helpers turn a refused call into an Error whose message the UI shows
// as it is, and a WHM failure (metadata.result 0) into a WhmFailure that keeps the envelope. Events the main
// process pushes arrive through `subscribe`.
import type { AdapterErrorCode } from '../../../main/common/engine-answers.js';
import {
  subscriptionOf,
  type Envelope,
  type EnvelopeMethod,
  type TfaApi,
  type TfaEvent,
  type TfaEventPayload,
  type Unsubscribe,
  type TfaEnvelopeApi,
  type TfaEnvelopeData,
  type TfaMethod,
  type TfaPayload,
  type TfaResult,
  type TfaValue,
} from '../../../main/common/tfa-api-contract.js';

declare global {
  interface Window {
    tfa?: TfaApi;
  }
  // The same object seen from globalThis (the page's window), so this module also runs where no DOM is typed (tests).
  var tfa: TfaApi | undefined;
}

/** The main process refused or failed a call; the message is meant for people, the code (if any) for the UI. */
export class BridgeError extends Error {
  override name = 'BridgeError';
  constructor(
    message: string,
    readonly adapterCode: AdapterErrorCode | null = null,
  ) {
    super(message);
  }
}

/** WHM (or an app command) answered with metadata.result 0; `reason` is WHM's own text. */
export class WhmFailure extends Error {
  override name = 'WhmFailure';
  constructor(readonly envelope: Envelope) {
    super(envelope.metadata.reason);
  }
}

function bridge(): TfaApi {
  const api = globalThis.tfa;
  if (!api) throw new BridgeError('The connection to the app is missing (window.tfa is not available). Restart TFA Provisioner.');
  return api;
}

function valueOf<T>(result: TfaResult<T>): T {
  if (!result.ok) throw new BridgeError(result.error.message, result.error.adapterCode ?? null);
  return result.value;
}

export async function request<M extends TfaMethod>(method: M, payload: TfaPayload<M>): Promise<TfaValue<M>> {
  const call = bridge()[method] as (p: TfaPayload<M>) => Promise<TfaResult<TfaValue<M>>>;
  return valueOf(await call(payload));
}

/** Listens to an event the main process pushes to this window; answers the function that stops listening. */
export function subscribe<E extends TfaEvent>(event: E, listener: (payload: TfaEventPayload<E>) => void): Unsubscribe {
  const on = bridge()[subscriptionOf(event)] as (listener: (payload: TfaEventPayload<E>) => void) => Unsubscribe;
  return on(listener);
}

/** An envelope-answering method whose result must be 1; its data typed by the contract. */
export async function command<M extends EnvelopeMethod>(method: M, payload: TfaPayload<M>): Promise<Envelope<TfaEnvelopeData[M]>> {
  const api: TfaEnvelopeApi = bridge();
  const envelope = valueOf(await api[method](payload));
  if (envelope.metadata.result !== '1') throw new WhmFailure(envelope);
  return envelope;
}

/** The text to show for any error thrown by request or command. */
export { messageOf } from '../../../main/common/error-message.js';

/**
 * Which store failed behind an error thrown by request or command, if one did: a locked keychain (KEYCHAIN_LOCKED)
 * calls for unlocking it, a damaged state file (STATE_CORRUPT) for a backup; null for anything else.
 */
export function adapterCodeOf(error: unknown): AdapterErrorCode | null {
  if (error instanceof WhmFailure) return error.envelope.metadata.error_code ?? null;
  if (error instanceof BridgeError) return error.adapterCode;
  return null;
}

/** WHM's output/warnings, which carry the cause behind a fixed reason. */
export function warningsOf(envelope: Envelope): string[] {
  return envelope.metadata.output?.warnings ?? [];
}

/** A WHM function's answer through whmCall; a failure (result 0) is thrown as a WhmFailure. Data typed by the caller. */
export async function whm<D>(fn: string, params: [string, string][] = []): Promise<Envelope<D>> {
  const { envelope } = await request('whmCall', { fn, params });
  if (envelope.metadata.result !== '1') throw new WhmFailure(envelope);
  return envelope as Envelope<D>;
}
