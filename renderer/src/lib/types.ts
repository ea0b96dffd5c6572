// Shapes of the envelopes' data the views read. Types only: the engine's own declarations, nothing of its code.
// Until the data shapes move to main/common (issue 9's contract half), this file alone borrows the engine's types.
/* eslint-disable no-restricted-imports -- type-only imports, erased from the bundle; they go when main/common holds the shapes */
export type { AccountRow } from '../../../main/engine/account-commands.js';
export type { ServerSummary } from '../../../main/engine/server-commands.js';
export type { ProvisionedAccount } from '../../../main/engine/provisioning-commands.js';
export type { AuditEntry } from '../../../main/engine/ports.js';
export type { ImportProblem } from '../../../main/engine/account-import.js';
export type { ProvisioningState } from '../../../main/engine/state.js';
export type {
  AppInfo,
  BackupOutcome,
  BatchData,
  BatchStatus,
  Envelope,
  ExportKind,
  ExportOutcome,
  OutputFormat,
  RestoreOutcome,
  SaveOutcome,
  SecretState,
  SheetPaper,
  WhmAnswer,
} from '../../../main/common/tfa-api-contract.js';

import type { AccountRow } from '../../../main/engine/account-commands.js';
import type { ServerSummary } from '../../../main/engine/server-commands.js';
import type { ProvisionedAccount } from '../../../main/engine/provisioning-commands.js';
import type { AuditEntry } from '../../../main/engine/ports.js';
import type { ImportProblem } from '../../../main/engine/account-import.js';
import type { ProvisioningState } from '../../../main/engine/state.js';

export interface AccountsData {
  server: string;
  operator: AccountRow;
  accounts: AccountRow[];
}

export interface ServersData {
  servers: ServerSummary[];
}

export interface ProvisionData {
  provisioned: ProvisionedAccount[];
  skipped: { user: string; state: ProvisioningState }[];
  failed: Record<string, string>;
  cancelled: 0 | 1;
}

export interface RevealData {
  otpauth_str: string;
  secret: string;
}

export interface ImportData {
  format: 'listaccts-json' | 'listaccts-yaml' | 'csv';
  added: number;
  updated: number;
  unchanged: number;
  problems: ImportProblem[];
}

export interface AuditData {
  entries: AuditEntry[];
}

export interface RemoveUserConfigData {
  failed: Record<string, string>;
  users_modified: string[];
}
