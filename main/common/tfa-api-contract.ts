// The one contract between the renderer and the main process. The preload exposes exactly these
// methods as `window.tfa`; each travels over the IPC channel `tfa:<method>` with a single payload object.
// Types only, plus the method list: both sides import this file, and neither pulls the other's code in.
import type {
  AccountAddData,
  AccountsImportData,
  AccountsListData,
  AccountsRemoveData,
  AuditData,
  Envelope,
  FailedUsers,
  OutputFormat,
  ProvisionData,
  ProvisionWithSecretsData,
  RestoreData,
  RevealData,
  SecretState,
  ServerRemoveData,
  ServersListData,
  ServerSummary,
  SheetPaper,
  SkippedAccount,
} from './engine-answers.js';
import type { AppPreferences } from './preferences-rules.js';
import type { PendingExpiryData, ReconcileData, RolloutStage, RolloutStatusData } from './rollout-stages.js';

export type { PendingExpiryData, ReconcileData, RolloutStage, RolloutStatusData };
export type { AppPreferences, Envelope, OutputFormat, SheetPaper, SecretState };

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
}

/** A batch's answer once finished: provision()'s data with the secrets left out (they stay in the vault). */
export type BatchData = ProvisionData;

export interface BatchStatus {
  /** Accounts written so far, out of those the batch has to provision (skipped ones are not counted). */
  done: number;
  total: number;
  finished: boolean;
  /** A cancellation was asked for; the envelope says whether it came before the batch ended. */
  cancelled: boolean;
  envelope: Envelope<BatchData> | null;
}

/** The exports, named as the CLI's `export` subcommands (and `sheets`, a PDF from the engine, as `sheets --out=FILE.pdf`). */
export const EXPORT_KINDS = ['generate-answers', 'apply-body', 'uris', 'accounts-csv', 'sheets'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportRequest {
  kind: ExportKind;
  /** generate-answers only: json (one envelope a line), jsonpretty, yaml or xml. */
  format?: OutputFormat;
  /** sheets only. */
  paper?: SheetPaper;
  /** Named users; empty means every account of the active profile. */
  users: string[];
  /** generate-answers, uris and sheets: pending by default. */
  states?: SecretState[];
}

/** What an export held, without its content (which never travels to the renderer). */
export interface ExportSummary {
  hostname: string;
  accounts: number;
  skipped: SkippedAccount[];
  failed: FailedUsers;
  containsSecret: boolean;
  suggestedName: string;
}

export interface ExportOutcome {
  /** The engine's answer (result 0 when there was nothing to export), its document reduced to a summary. */
  envelope: Envelope<ExportSummary>;
  /** null when the engine refused, so nothing was offered for saving. */
  saved: SaveOutcome | null;
  /** apply-body: where its `.apply.txt` note went. */
  companionPath: string | null;
}

export interface BackupSummary {
  hostname: string;
  accounts: number;
  secrets: number;
  suggestedName: string;
}

export interface BackupOutcome {
  envelope: Envelope<BackupSummary>;
  saved: SaveOutcome | null;
}

export interface RestoreOutcome {
  /** The chosen backup, to restore again with replace without asking for the file twice; null when cancelled. */
  file: { id: string; name: string } | null;
  /** restore's answer: on failure with data.exists 1, the profile exists and the app should ask first. */
  envelope: Envelope<RestoreData> | null;
}

/** The data of each method that answers with an engine envelope, unchanged: the engine's own types. */
export interface TfaEnvelopeData {
  listServers: ServersListData;
  addServer: ServerSummary;
  useServer: ServerSummary;
  removeServer: ServerRemoveData;
  listAccounts: AccountsListData;
  addAccount: AccountAddData;
  importAccounts: AccountsImportData;
  removeAccounts: AccountsRemoveData;
  provision: ProvisionWithSecretsData;
  /** Answers as WHM's twofactorauth_set_tfa_config. */
  verify: unknown;
  reveal: RevealData;
  auditTrail: AuditData;
  /** Rollout tracking: counts per stage for the active profile; with rows, its accounts (of one stage, or all). */
  rolloutStatus: RolloutStatusData;
  /** The active profile reconciled with the text of the server's twofactorauth_get_user_configs answer. */
  reconcileAccounts: ReconcileData;
  /** The active profile's pending-expiry limit in days (1–365), or null: pending secrets never expire. */
  setPendingExpiry: PendingExpiryData;
}

export type EnvelopeMethod = keyof TfaEnvelopeData;

/** The methods that answer with an engine envelope, each typed by TfaEnvelopeData. */
export type TfaEnvelopeApi = {
  [M in EnvelopeMethod]: (payload: TfaPayload<M>) => Promise<TfaResult<Envelope<TfaEnvelopeData[M]>>>;
};

/** The API the preload exposes as `window.tfa`. Envelopes are the engine's own, unchanged. */
export interface TfaApi extends TfaEnvelopeApi {
  appInfo(payload: Record<string, never>): Promise<TfaResult<AppInfo>>;
  whmCall(payload: { fn: string; params: [string, string][] }): Promise<TfaResult<WhmAnswer>>;
  saveExport(payload: SaveRequest): Promise<TfaResult<SaveOutcome>>;
  /** Copies, and clears the clipboard after the clipboardClearSeconds in force now (if it still holds the copy). */
  copyText(payload: { text: string }): Promise<TfaResult<{ clearsInSeconds: number }>>;
  /** Starts provisioning in chunks in the main process; poll provisionBatchStatus, stop with cancelProvisionBatch. */
  startProvisionBatch(payload: { users: string[]; replace: boolean; chunkSize?: number }): Promise<TfaResult<{ jobId: string }>>;
  provisionBatchStatus(payload: { jobId: string }): Promise<TfaResult<BatchStatus>>;
  cancelProvisionBatch(payload: { jobId: string }): Promise<TfaResult<BatchStatus>>;
  /** Builds an export in the main process and saves it (confirmation and mode 0600 when it holds secrets). */
  exportFile(payload: ExportRequest): Promise<TfaResult<ExportOutcome>>;
  /** The active profile, encrypted under the passphrase, through a save dialog (mode 0600). */
  backupProfile(payload: { passphrase: string }): Promise<TfaResult<BackupOutcome>>;
  /** Restores a backup chosen in an open dialog, or the one chosen before (fileId). */
  restoreProfile(payload: { passphrase: string; replace: boolean; fileId: string | null }): Promise<TfaResult<RestoreOutcome>>;
  /** The desktop app's preferences (this computer's, in <stateDir>/preferences.json), defaults where unset. */
  getPreferences(payload: Record<string, never>): Promise<TfaResult<AppPreferences>>;
  /** Saves them; in force from the next call on (no restart). Checked by main/common/preferences-rules.ts. */
  setPreferences(payload: AppPreferences): Promise<TfaResult<AppPreferences>>;
}

export type TfaMethod = keyof TfaApi;

/** What each method takes (checked by the main process before anything runs). */
export interface TfaPayloads {
  appInfo: Record<string, never>;
  whmCall: { fn: string; params: [string, string][] };
  listServers: Record<string, never>;
  addServer: { hostname: string; operator: string };
  useServer: { hostname: string };
  removeServer: { hostname: string; force: boolean };
  listAccounts: Record<string, never>;
  addAccount: { user: string; domain: string };
  importAccounts: { text: string };
  removeAccounts: { users: string[] };
  provision: { users: string[]; replace: boolean };
  verify: { user: string; token: string };
  reveal: { user: string };
  auditTrail: { limit: number | null };
  rolloutStatus: { rows: RolloutStage | 'all' | null };
  reconcileAccounts: { text: string };
  setPendingExpiry: { days: number | null };
}

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
  'startProvisionBatch',
  'provisionBatchStatus',
  'cancelProvisionBatch',
  'exportFile',
  'backupProfile',
  'restoreProfile',
  'getPreferences',
  'setPreferences',
  'rolloutStatus',
  'reconcileAccounts',
  'setPendingExpiry',
] as const satisfies readonly TfaMethod[];

export const channelOf = (method: TfaMethod): string => `tfa:${method}`;

export type TfaPayload<M extends TfaMethod> = M extends keyof TfaPayloads ? TfaPayloads[M] : Parameters<TfaApi[M]>[0];
export type TfaValue<M extends TfaMethod> = Awaited<ReturnType<TfaApi[M]>> extends TfaResult<infer V> ? V : never;
