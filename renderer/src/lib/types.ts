// Shapes of the envelopes' data the views read: the engine's own, declared once in main/common/engine-answers.ts
// (types only: nothing of the engine's code reaches the UI). The local names the views use stay as aliases.
export type {
  AccountRow,
  AuditEntry,
  ImportProblem,
  ProvisionedAccount,
  ProvisioningState,
  RemoveUserConfigData,
  RevealData,
  ServerSummary,
  AccountsListData as AccountsData,
  AccountsImportData as ImportData,
  AccountsRemoveData,
  AuditData,
  ProvisionData,
  ServersListData as ServersData,
} from '../../../main/common/engine-answers.js';
export type {
  AppInfo,
  BackupOutcome,
  BatchData,
  BatchProgress,
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
