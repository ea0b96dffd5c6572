// Files from the window: exports, enrollment sheets as PDF, saved API shell
// answers and the audit CSV, backups and restores. The operator picks the path in a dialog; the delivery module
// (main/store/file-delivery.ts) decides from the kind whether the file holds secrets, and writes it, as it does for
// the CLI. A file with secrets is asked about first, before any dialog opens.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Envelope, ExportData, ExportDocument } from '../common/engine-answers.js';
import type { ExportOutcome, ExportRequest, ExportSummary, RestoreOutcome, SaveOutcome } from '../common/tfa-api-contract.js';
import {
  buildExport,
  deliverExport,
  EXPORT_HOLDS_SECRETS,
  exportDocumentOf,
  readBackupFile,
  saveHoldsSecrets,
  writeBackupFile,
  writeDeliveredFile,
} from '../store/file-delivery.js';
import type { HandlerBodies, HandlerDeps } from './handler-deps.js';

type FileMethods = 'saveExport' | 'exportFile' | 'backupProfile' | 'restoreProfile';

/** The engine's export envelope with its document reduced to what the UI shows (the content never leaves). */
function exportSummary(envelope: Envelope<ExportData<ExportDocument<string | Uint8Array>>>): Envelope<ExportSummary> {
  const { data, metadata } = envelope;
  if (!data) return { metadata };
  const document = 'content' in data ? data : null;
  const summary: ExportSummary = {
    hostname: data.hostname,
    accounts: data.accounts,
    skipped: data.skipped,
    failed: data.failed,
    containsSecret: document?.containsSecret ?? false,
    suggestedName: document?.suggestedName ?? '',
  };
  return { data: summary, metadata };
}

function withWarnings<D>(envelope: Envelope<D>, more: readonly string[]): Envelope<D> {
  if (more.length === 0) return envelope;
  const { command, error_code, output, reason, result, version } = envelope.metadata;
  const warnings = [...(output?.warnings ?? []), ...more];
  return { ...envelope, metadata: { command, ...(error_code ? { error_code } : {}), output: { ...output, warnings }, reason, result, version } };
}

export function fileHandlers({ engine, shell }: HandlerDeps): Pick<HandlerBodies, FileMethods> {
  /** Asks first (when `ask`), then offers a save dialog, then writes there. */
  async function save(suggestedName: string, ask: boolean, write: (file: string) => Promise<void>): Promise<SaveOutcome> {
    if (ask && !(await shell.confirmSecretExport(suggestedName))) return { saved: false, reason: 'declined' };
    const file = await shell.chooseSavePath(suggestedName);
    if (file === null) return { saved: false, reason: 'cancelled' };
    await write(file);
    return { saved: true, path: file };
  }

  async function exportFile(request: ExportRequest): Promise<ExportOutcome> {
    const { kind } = request;
    // The sheets are the engine's PDF, the very file `tfa-provisioner sheets --out=FILE.pdf` writes.
    const envelope = await buildExport(engine, { ...request, ...(kind === 'sheets' ? { sheetFormat: 'pdf' as const } : {}) });
    const summary = exportSummary(envelope);
    const document = exportDocumentOf(envelope);
    if (!document) return { envelope: summary, saved: null, companionPath: null };
    let warnings: string[] = [];
    let companionPath: string | null = null;
    const saved = await save(document.suggestedName, EXPORT_HOLDS_SECRETS[kind], async (file) => {
      // The apply note's curl command names the file where it actually went, which only the save dialog knew.
      ({ warnings, notePath: companionPath } = await deliverExport(engine, kind, document, file));
    });
    return { envelope: withWarnings(summary, warnings), saved, companionPath };
  }

  /** The backup chosen last, so a restore confirmed with replace does not ask for the file again. */
  let chosenBackup: { id: string; path: string } | null = null;

  async function restoreProfile(passphrase: string, replace: boolean, fileId: string | null): Promise<RestoreOutcome> {
    let chosen = chosenBackup;
    if (fileId === null || chosen?.id !== fileId) {
      if (fileId !== null) throw new Error('That backup file is no longer at hand: choose it again.');
      const file = await shell.chooseOpenPath('Restore a server profile from a backup');
      if (file === null) return { file: null, envelope: null };
      chosen = chosenBackup = { id: randomUUID(), path: file };
    }
    const file = { id: chosen.id, name: path.basename(chosen.path) };
    const envelope = await engine.backups.restore({ text: await readBackupFile(chosen.path), passphrase, replace });
    if (envelope.metadata.result === '1') chosenBackup = null;
    return { file, envelope };
  }

  return {
    saveExport: (request) => {
      const secret = saveHoldsSecrets(request);
      return save(request.suggestedName, secret, (file) => writeDeliveredFile(file, request.content, secret));
    },
    exportFile,
    backupProfile: async ({ passphrase }) => {
      const envelope = await engine.backups.backup({ passphrase });
      const document = envelope.data;
      if (envelope.metadata.result !== '1' || !document) return { envelope: { metadata: envelope.metadata }, saved: null };
      const { hostname, accounts, secrets, suggestedName } = document;
      // Encrypted, so no question first; still 0600, since an offline guess at the passphrase would open it.
      const saved = await save(suggestedName, false, (file) => writeBackupFile(file, document));
      return { envelope: { data: { hostname, accounts, secrets, suggestedName }, metadata: envelope.metadata }, saved };
    },
    restoreProfile: ({ passphrase, replace, fileId }) => restoreProfile(passphrase, replace, fileId),
  };
}
