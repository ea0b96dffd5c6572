// What the engine answers, defined once: WHM API 1's envelope and the data each of the app's commands puts in it.
// The engine builds these, the CLI prints them, the IPC handlers pass them on and the renderer reads them, all with
// these very types (no second declaration, no cast). Types and a few word lists only: nothing here runs any rule.

import type { RolloutStage } from './rollout-stages.js';

// ── The envelope ──────────────────────────────────────────────────────────────────────────────────────────────
// Key order follows the current cPanel docs: `data` before `metadata`, and metadata as command, reason, result,
// version (with `output` in its alphabetical place when present). Built by main/engine/envelope.ts.

export interface EnvelopeMetadata {
  command: string;
  /** Beyond WHM: set on an app command's failure caused by the keychain or the state file (see AdapterErrorCode). */
  error_code?: AdapterErrorCode;
  /** WHM's optional messages and warnings, used here for the cause behind a fixed WHM reason. */
  output?: { messages?: string[]; warnings?: string[] };
  reason: string;
  result: WhmResult;
  version: 1;
}

/**
 * As cPanel builds it (Whostmgr/API/1/Utils.pm): the string "1" on success, the number 0 on failure, so JSON
 * answers `"result":"1"` and `"result":0` exactly as whmapi1 prints them.
 */
export type WhmResult = '1' | 0;

/**
 * Why an app command failed, for a program to act on (the reason is for people): a locked keychain calls for
 * unlocking it, a damaged state file for a backup. Beyond WHM: WHM's own functions never carry it.
 */
export type AdapterErrorCode =
  | 'KEYCHAIN_UNAVAILABLE'
  | 'KEYCHAIN_LOCKED'
  | 'KEYCHAIN_REFUSED'
  | 'KEYCHAIN_KEY_MISSING'
  | 'STATE_CORRUPT'
  | 'STATE_TOO_NEW'
  | 'STATE_LOCKED'
  | 'STATE_IO';

export interface Envelope<D = unknown> {
  data?: D;
  metadata: EnvelopeMetadata;
}

/** The four renderings of an envelope: whmapi1's --output values, and legacy xml-api's XML. */
export const OUTPUT_FORMATS = ['json', 'jsonpretty', 'yaml', 'xml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

// ── Accounts and their states ─────────────────────────────────────────────────────────────────────────────────

/** none → pending (secret generated and sealed, waiting for the first code) → enabled (first code verified). */
export type ProvisioningState = 'none' | 'pending' | 'enabled';

/** The states that hold a sealed secret. */
export type SecretState = Exclude<ProvisioningState, 'none'>;
export const SECRET_STATES: readonly SecretState[] = ['pending', 'enabled'];

/** A chosen account left alone because of its state (provisioning, exports). */
export interface SkippedAccount {
  user: string;
  state: ProvisioningState;
}

/** Named users that could not be acted on, with the reason (user names as shown, never raw). */
export type FailedUsers = Record<string, string>;

// ── Server profiles (servers_list, servers_add, servers_use, servers_remove) ──────────────────────────────────

export interface ServerSummary {
  hostname: string;
  operator: string;
  issuer: string;
  policy_enabled: 0 | 1;
  /** Beyond WHM: where account holders send their first code, printed on enrollment sheets; null when not set. */
  first_code_contact: string | null;
  accounts: number;
  pending: number;
  enabled: number;
  active: 0 | 1;
}

export interface ServersListData {
  servers: ServerSummary[];
}

export interface ServerRemoveData {
  removed: string;
}

// ── Accounts (accounts_list, accounts_add, accounts_import, accounts_remove) ──────────────────────────────────

export interface AccountRow {
  user: string;
  domain: string;
  state: ProvisioningState;
  updated: string | null;
  /** Where it stands in the rollout (rollout-stages.ts), derived as `rollout status` derives it. */
  stage: RolloutStage;
}

export interface AccountsListData {
  server: string;
  /** The operator (root or the reseller), with its own 2FA state: not one of the accounts. */
  operator: AccountRow;
  accounts: AccountRow[];
}

export interface AccountAddData {
  user: string;
  domain: string;
  state: 'none';
}

export interface ImportProblem {
  /** 1-based row (CSV line or listaccts entry). */
  row: number;
  reason: string;
}

export type AccountListFormat = 'listaccts-json' | 'listaccts-yaml' | 'csv';

export interface AccountsImportData {
  format: AccountListFormat;
  added: number;
  updated: number;
  unchanged: number;
  problems: ImportProblem[];
}

export interface AccountsRemoveData {
  removed: string[];
  failed: FailedUsers;
}

// ── Provisioning (provision, reveal; verify answers as WHM's twofactorauth_set_tfa_config) ────────────────────

/** What twofactorauth_generate_tfa_config answers, per provisioned account. */
export interface ProvisionedAccount {
  user: string;
  otpauth_str: string;
  secret: string;
}

/**
 * provision's answer: the users given a pending secret (the secrets stay sealed in the vault). A cancelled batch
 * answers result 0 with the same data: what was done before it stopped.
 */
export interface ProvisionData {
  provisioned: string[];
  skipped: SkippedAccount[];
  failed: FailedUsers;
  cancelled: 0 | 1;
}

/** provision's answer when the caller asked for the secrets (CLI --with-secrets, the app's Provision view). */
export interface ProvisionWithSecretsData extends Omit<ProvisionData, 'provisioned'> {
  provisioned: ProvisionedAccount[];
}

export interface RevealData {
  otpauth_str: string;
  secret: string;
}

/** WHM's twofactorauth_remove_user_config data (spec §4.4). */
export interface RemoveUserConfigData {
  failed: FailedUsers;
  users_modified: string[];
}

// ── Audit trail (audit) ───────────────────────────────────────────────────────────────────────────────────────

/** One line of the audit trail. Never holds a secret or a token. */
export interface AuditEntry {
  time: string;
  profile: string;
  function: string;
  user: string | null;
  result: 0 | 1;
  reason: string;
}

export interface AuditData {
  entries: AuditEntry[];
}

// ── Exports (export_generate_answers, export_apply_body, export_uris, export_accounts_csv, sheets) ─────────────

export type SheetPaper = 'a4' | 'letter';
export const SHEET_PAPERS: readonly SheetPaper[] = ['a4', 'letter'];

/** Which accounts an export took, and which it left out. An export with nothing to hold answers this alone. */
export interface ExportSelection {
  hostname: string;
  /** How many accounts the document holds. */
  accounts: number;
  skipped: SkippedAccount[];
  failed: FailedUsers;
}

/** An export's document, for the caller to write: the engine itself writes nothing. Text, or bytes for a PDF. */
export interface ExportDocument<Content extends string | Uint8Array = string> extends ExportSelection {
  /** A file name to offer in a save dialog. */
  suggestedName: string;
  mediaType: string;
  content: Content;
  /** True when `content` holds secrets in clear. */
  containsSecret: boolean;
  /** Which accounts it holds, in its order (for the rollout marks recorded once the file is written). */
  users: string[];
}

/** The apply body comes with the note that says how to send it, written beside it as `<file>.apply.txt`. */
export interface ApplyBodyDocument extends ExportDocument {
  applyCommand: string;
  /** Whose API token the command needs (root or the reseller): for remaking the note with applyInstructions(). */
  operator: string;
  companion: { suffix: '.apply.txt'; mediaType: 'text/plain'; content: string; containsSecret: false };
}

/** An export's answer: the document on success, the selection alone when there was nothing to export. */
export type ExportData<D extends ExportDocument<string | Uint8Array> = ExportDocument> = D | ExportSelection;

// ── Profile backups (backup, restore) ─────────────────────────────────────────────────────────────────────────

/** What backup answers: the encrypted file's text, for the caller to write. */
export interface BackupDocument {
  suggestedName: string;
  mediaType: 'application/json';
  content: string;
  /** The content is encrypted, but an offline guess at the passphrase would reveal every secret: keep it private. */
  containsSecret: true;
  hostname: string;
  accounts: number;
  secrets: number;
}

export interface RestoredData {
  hostname: string;
  accounts: number;
  pending: number;
  enabled: number;
  /** 1 when an existing profile was replaced (restore --force, or yes to the question). */
  replaced: 0 | 1;
  /** When the backup was made. */
  created: string;
  exists?: never;
}

/** Result 0: a profile of that name exists, and restore was not told to replace it (the app then asks). */
export interface RestoreRefusedData {
  hostname: string;
  exists: 1;
  accounts?: never;
  pending?: never;
  enabled?: never;
  replaced?: never;
  created?: never;
}

export type RestoreData = RestoredData | RestoreRefusedData;
