// The one contract between the renderer and the main process. The preload exposes exactly these
// methods as `window.tfa`; each travels over the IPC channel `tfa:<method>` with a single payload object.
// Types only, plus the method list: both sides import this file, and neither pulls the other's code in.
import type { Envelope } from '../engine/envelope.js';
import type { OutputFormat } from '../engine/envelope-format.js';

export type { Envelope, OutputFormat };

/** Every answer: the value, or an error the UI can show as it is (never a stack trace). */
export type TfaResult<T> = { ok: true; value: T } | { ok: false; error: TfaError };

export interface TfaError {
  code: 'BAD_REQUEST' | 'FORBIDDEN_SENDER' | 'FAILED';
  message: string;
}

export interface WhmAnswer {
  envelope: Envelope;
  /** The envelope in all four renderings, as the API shell shows and exports them. */
  renderings: Record<OutputFormat, string>;
}

export interface SaveRequest {
  suggestedName: string;
  content: string;
  /** Exports holding a secret ask for confirmation first and are written with mode 0600. */
  containsSecret: boolean;
}

export type SaveOutcome = { saved: true; path: string } | { saved: false; reason: 'cancelled' | 'declined' };

export interface AppInfo {
  version: string;
  stateDir: string;
  platform: string;
  clipboardClearSeconds: number;
}

/** The API the preload exposes as `window.tfa`. Envelopes are the engine's own, unchanged. */
export interface TfaApi {
  appInfo(payload: Record<string, never>): Promise<TfaResult<AppInfo>>;
  whmCall(payload: { fn: string; params: [string, string][] }): Promise<TfaResult<WhmAnswer>>;
  listServers(payload: Record<string, never>): Promise<TfaResult<Envelope>>;
  addServer(payload: { hostname: string; operator: string }): Promise<TfaResult<Envelope>>;
  useServer(payload: { hostname: string }): Promise<TfaResult<Envelope>>;
  removeServer(payload: { hostname: string; force: boolean }): Promise<TfaResult<Envelope>>;
  listAccounts(payload: Record<string, never>): Promise<TfaResult<Envelope>>;
  addAccount(payload: { user: string; domain: string }): Promise<TfaResult<Envelope>>;
  importAccounts(payload: { text: string }): Promise<TfaResult<Envelope>>;
  removeAccounts(payload: { users: string[] }): Promise<TfaResult<Envelope>>;
  provision(payload: { users: string[]; replace: boolean }): Promise<TfaResult<Envelope>>;
  verify(payload: { user: string; token: string }): Promise<TfaResult<Envelope>>;
  reveal(payload: { user: string }): Promise<TfaResult<Envelope>>;
  auditTrail(payload: { limit: number | null }): Promise<TfaResult<Envelope>>;
  saveExport(payload: SaveRequest): Promise<TfaResult<SaveOutcome>>;
  copyText(payload: { text: string }): Promise<TfaResult<{ clearsInSeconds: number }>>;
  printToPdf(payload: { suggestedName: string }): Promise<TfaResult<SaveOutcome>>;
}

export type TfaMethod = keyof TfaApi;

export const TFA_METHODS = [
  'appInfo',
  'whmCall',
  'listServers',
  'addServer',
  'useServer',
  'removeServer',
  'listAccounts',
  'addAccount',
  'importAccounts',
  'removeAccounts',
  'provision',
  'verify',
  'reveal',
  'auditTrail',
  'saveExport',
  'copyText',
  'printToPdf',
] as const satisfies readonly TfaMethod[];

export const channelOf = (method: TfaMethod): string => `tfa:${method}`;

export type TfaPayload<M extends TfaMethod> = Parameters<TfaApi[M]>[0];
export type TfaValue<M extends TfaMethod> = Awaited<ReturnType<TfaApi[M]>> extends TfaResult<infer V> ? V : never;
