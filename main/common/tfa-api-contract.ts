// The one contract between the renderer and the main process. The preload exposes exactly these
// methods as `window.tfa`; each travels over the IPC channel `tfa:<method>` with a single payload object.
// The main process also pushes events (TFA_EVENTS) to the one window that asked for them, over `tfa-event:<event>`;
// the page subscribes with `window.tfa.on<Event>(listener)`, which answers a function that unsubscribes.
// Free of zod at run time: the payload types come from the schemas in tfa-api-schemas.ts by a type-only import,
// so the renderer and the preload import this file without loading zod (see DEVELOPERS.md, "One contract").
import type {
  AccountAddData,
  AccountsImportData,
  AccountsListData,
  AccountsRemoveData,
  AdapterErrorCode,
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
import type { TfaPayloads } from './tfa-api-schemas.js';

export type { PendingExpiryData, ReconcileData, RolloutStage, RolloutStatusData };
export type { AppPreferences, Envelope, OutputFormat, SheetPaper, SecretState };

/**
 * The methods, in one list. Their payload schemas (tfa-api-schemas.ts) and their answers (TfaValues below) are
 * checked against it when the project compiles: a method missing from either, or known only to one, fails the build.
 */
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
  'cancelProvisionBatch',
  'exportFile',
  'backupProfile',
  'restoreProfile',
  'getPreferences',
  'setPreferences',
  'rolloutStatus',
  'reconcileAccounts',
  'setPendingExpiry',
] as const;

export type TfaMethod = (typeof TFA_METHODS)[number];

export const channelOf = (method: TfaMethod): string => `tfa:${method}`;

/**
 * What the main process pushes to a window, in one list. Each event's payload schema (TFA_EVENT_SCHEMAS in
 * tfa-api-schemas.ts, checked against TfaEventPayloads below when the project compiles) is applied to every payload
 * before it is sent.
 */
export const TFA_EVENTS = ['provisionProgress'] as const;

export type TfaEvent = (typeof TFA_EVENTS)[number];

export const eventChannelOf = (event: TfaEvent): string => `tfa-event:${event}`;

/** The name of an event's subscription on `window.tfa`: provisionProgress → onProvisionProgress. */
export type SubscriptionName<E extends TfaEvent> = `on${Capitalize<E>}`;
export const subscriptionOf = <E extends TfaEvent>(event: E): SubscriptionName<E> =>
  `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as SubscriptionName<E>;

/** Every answer: the value, or an error the UI can show as it is (never a stack trace). */
export type TfaResult<T> = { ok: true; value: T } | { ok: false; error: TfaError };

export interface TfaError {
  code: 'BAD_REQUEST' | 'FORBIDDEN_SENDER' | 'FAILED';
  message: string;
  /** FAILED by the keychain or the state file: which, for the UI to say what to do (unlock, restore a backup). */
  adapterCode?: AdapterErrorCode;
}

export interface WhmAnswer {
  envelope: Envelope;
  /** The envelope in all four renderings, as the API shell shows and exports them. */
  renderings: Record<OutputFormat, string>;
}

/**
 * What the page may ask to save as it is: an API shell answer (of the WHM function named) or the audit trail as
 * CSV. The main process decides from the kind, never from the page, whether the file holds a secret.
 */
export const SAVE_KINDS = ['whm-answer', 'audit-csv'] as const;
export type SaveKind = (typeof SAVE_KINDS)[number];
export type SaveRequest = TfaPayloads['saveExport'];

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

/**
 * A batch's progress, pushed to the window that started it: when it starts, as its chunks are written (at most about
 * a hundred times a batch, whatever its size), and once when it has finished, with the envelope.
 */
export interface BatchProgress extends BatchStatus {
  jobId: string;
}

/** What each event carries. */
export interface TfaEventPayloads {
  provisionProgress: BatchProgress;
}

/** The exports, named as the CLI's `export` subcommands (and `sheets`, a PDF from the engine, as `sheets --out=FILE.pdf`). */
export const EXPORT_KINDS = ['generate-answers', 'apply-body', 'uris', 'accounts-csv', 'sheets'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export type ExportRequest = TfaPayloads['exportFile'];

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
  /** Reconciles the active profile with the text of the server's twofactorauth_get_user_configs answer. */
  reconcileAccounts: ReconcileData;
  /** The active profile's pending-expiry limit in days (1–365), or null: pending secrets never expire. */
  setPendingExpiry: PendingExpiryData;
}

export type EnvelopeMethod = keyof TfaEnvelopeData;

/** The methods that answer with an engine envelope, each typed by TfaEnvelopeData. */
export type TfaEnvelopeApi = {
  [M in EnvelopeMethod]: (payload: TfaPayload<M>) => Promise<TfaResult<Envelope<TfaEnvelopeData[M]>>>;
};

/** What each method answers (inside TfaResult). */
export type TfaValues = { [M in EnvelopeMethod]: Envelope<TfaEnvelopeData[M]> } & {
  appInfo: AppInfo;
  whmCall: WhmAnswer;
  saveExport: SaveOutcome;
  /** Copies, and clears the clipboard after the clipboardClearSeconds in force now (if it still holds the copy). */
  copyText: { clearsInSeconds: number };
  /**
   * Starts provisioning in chunks in the main process; its progress comes as provisionProgress events to the window
   * that started it (subscribe first: the first event can arrive before this answer). Stop with cancelProvisionBatch.
   */
  startProvisionBatch: { jobId: string };
  cancelProvisionBatch: BatchStatus;
  /** Builds an export in the main process and saves it (confirmation and mode 0600 when it holds secrets). */
  exportFile: ExportOutcome;
  /** The active profile, encrypted under the passphrase, through a save dialog (mode 0600). */
  backupProfile: BackupOutcome;
  /** Restores a backup chosen in an open dialog, or the one chosen before (fileId). */
  restoreProfile: RestoreOutcome;
  /** The desktop app's preferences (this computer's, in <stateDir>/preferences.json), defaults where unset. */
  getPreferences: AppPreferences;
  /** Saves them; in force from the next call on (no restart). Checked by main/common/preferences-rules.ts. */
  setPreferences: AppPreferences;
};

type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
/** Compile-time proof that every method has an answer type and a schema, and every event a payload type, and nothing else has. */
export const CONTRACT_IS_COMPLETE: SameKeys<TfaValues, Record<TfaMethod, unknown>> &
  SameKeys<TfaPayloads, Record<TfaMethod, unknown>> &
  SameKeys<TfaEventPayloads, Record<TfaEvent, unknown>> = true;

export type TfaPayload<M extends TfaMethod> = TfaPayloads[M];
export type TfaValue<M extends TfaMethod> = TfaValues[M];

export type TfaEventPayload<E extends TfaEvent> = TfaEventPayloads[E];

/** Stops a subscription; calling it again does nothing. */
export type Unsubscribe = () => void;

/** One subscription per event: the listener gets each payload alone (never the IPC event, which would leak ipcRenderer). */
export type TfaSubscriptions = { [E in TfaEvent as SubscriptionName<E>]: (listener: (payload: TfaEventPayload<E>) => void) => Unsubscribe };

/** The methods the preload exposes on `window.tfa`. Envelopes are the engine's own, unchanged. */
export type TfaMethodsApi = { [M in TfaMethod]: (payload: TfaPayload<M>) => Promise<TfaResult<TfaValue<M>>> };

/** The API the preload exposes as `window.tfa`: the methods, and a subscription per event. */
export type TfaApi = TfaMethodsApi & TfaSubscriptions;
