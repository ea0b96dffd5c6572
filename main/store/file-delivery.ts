// The one path from an export, a backup or a saved answer to a file, shared by the CLI (a path from --out or the
// command line) and the desktop app (a path chosen in a save dialog): which engine call builds each export, whether
// a file holds secrets (decided by its kind, never by the caller: mode 0600 and a question first, or 0644), the apply
// note written beside an apply body, the rollout marks once a file is written, the backup file written and read,
// the limits, and each export's usage text.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import type { BackupDocument, Envelope, ExportData, ExportDocument, OutputFormat, SecretState, SheetPaper } from '../common/engine-answers.js';
import { fileErrorWords } from '../common/error-message.js';
import type { ExportKind, SaveRequest } from '../common/tfa-api-contract.js';
import type { WhmFunctionName } from '../common/whm-function-specs.js';
import { applyCommand, applyInstructions } from '../engine/apply-body.js';
import type { SheetFormat } from '../engine/export-commands.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { isAppFile } from './app-files.js';

export const SECRET_FILE_MODE = 0o600;
export const PLAIN_FILE_MODE = 0o644;

/** A backup of a few hundred thousand accounts stays well under this; anything larger is not one of ours. */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;

/** The apply body's note goes beside it, named after it. */
export const APPLY_NOTE_SUFFIX = '.apply.txt';

/** Which exports write secrets in clear. The CLI wants --with-secrets for these; the app asks first. */
export const EXPORT_HOLDS_SECRETS: Readonly<Record<ExportKind, boolean>> = {
  'generate-answers': true,
  'apply-body': true,
  uris: true,
  'accounts-csv': false,
  sheets: true,
};

/** The WHM functions whose answer carries a secret (generate_tfa_config's `secret` and `otpauth_str`). */
const WHM_ANSWERS_WITH_SECRETS: ReadonlySet<WhmFunctionName> = new Set(['twofactorauth_generate_tfa_config']);

/** Whether a file the page asks to save holds a secret: by what it is, whatever the page claims. */
export function saveHoldsSecrets(request: SaveRequest): boolean {
  return request.kind === 'whm-answer' && WHM_ANSWERS_WITH_SECRETS.has(request.fn);
}

/** The CLI's usage line for each export (`tfa-provisioner <line>`), shown by --help and by its usage errors. */
export const EXPORT_USAGE: Readonly<Record<ExportKind, string>> = {
  'generate-answers':
    'export generate-answers --out=FILE [--format=json|jsonpretty|yaml|xml] [--state=pending,enabled] [USER ... | --all] --with-secrets',
  'apply-body': 'export apply-body --out=FILE [USER ... | --all] --with-secrets',
  uris: 'export uris --out=FILE [--state=pending,enabled] [USER ... | --all] --with-secrets',
  'accounts-csv': 'export accounts-csv --out=FILE [USER ... | --all]',
  sheets: 'sheets --out=FILE.pdf|FILE.html [--paper=a4|letter] [--state=pending,enabled] (USER ... | --all | --not-printed) --with-secrets',
};

/** What to export: the kind and its choices. Users empty means every account of the profile. */
export interface ExportAsk {
  kind: ExportKind;
  server?: string;
  users: readonly string[];
  states?: readonly SecretState[];
  /** generate-answers. */
  format?: OutputFormat;
  /** sheets. */
  paper?: SheetPaper;
  /** sheets: a PDF (the app's, and the CLI's FILE.pdf) or one HTML file. */
  sheetFormat?: SheetFormat;
  /** apply-body: the path its curl command names, when known before the engine is asked (the CLI's --out). */
  bodyPath?: string;
}

/** Asks the engine for the document of one export kind. */
export function buildExport(engine: TfaEngine, ask: ExportAsk): Promise<Envelope<ExportData<ExportDocument<string | Uint8Array>>>> {
  const chosen = { server: ask.server, users: ask.users, ...(ask.states?.length ? { states: ask.states } : {}) };
  switch (ask.kind) {
    case 'generate-answers':
      return engine.exports.generateAnswers({ ...chosen, format: ask.format ?? 'json' });
    case 'apply-body':
      return engine.exports.applyBody({ server: ask.server, users: ask.users, ...(ask.bodyPath ? { bodyPath: ask.bodyPath } : {}) });
    case 'uris':
      return engine.exports.uris(chosen);
    case 'accounts-csv':
      return engine.exports.accountsCsv({ server: ask.server, users: ask.users });
    case 'sheets':
      return engine.exports.sheets({ ...chosen, paper: ask.paper ?? 'a4', format: ask.sheetFormat ?? 'html' });
  }
}

/** An export's answer holds a document to write (result 1), not only the selection (nothing to export). */
export function exportDocumentOf(envelope: Envelope<ExportData<ExportDocument<string | Uint8Array>>>): ExportDocument<string | Uint8Array> | null {
  const data = envelope.data;
  return envelope.metadata.result === '1' && data !== undefined && 'content' in data ? data : null;
}

/** A file that could not be written, in words (the system's code, never its raw text). */
export class FileWriteError extends Error {
  override name = 'FileWriteError';
  /** `cause`: the system's error, or the reason in words. */
  constructor(
    readonly path: string,
    cause: unknown,
    what = 'file',
  ) {
    super(`The ${what} ${path} could not be written: ${typeof cause === 'string' ? cause : fileErrorWords(cause, true)}.`);
  }
}

/** Writes atomically (a temp file renamed over the target), with the mode the content calls for. */
export async function writeDeliveredFile(path: string, content: string | Uint8Array, holdsSecrets: boolean, what = 'file'): Promise<void> {
  if (await isAppFile(path)) {
    throw new FileWriteError(path, "it is one of TFA Provisioner's own files (its state, audit trail or preferences); choose another name or folder", what);
  }
  try {
    const data = typeof content === 'string' ? content : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    await writeFileAtomic(path, data, { mode: holdsSecrets ? SECRET_FILE_MODE : PLAIN_FILE_MODE });
  } catch (error) {
    throw new FileWriteError(path, error, what);
  }
}

export interface DeliveredExport {
  path: string;
  /** apply-body: its note, beside it. */
  notePath: string | null;
  /** apply-body: the curl command that sends it, naming the path where it went. */
  applyCommand: string | null;
  /** Rollout marks that could not be recorded (the file is written all the same). */
  warnings: string[];
}

/**
 * Writes an export's document to `path`, with the mode its kind calls for. An apply body gets its note beside it,
 * naming the path where it went. Once written, sheets count as printed and apply bodies as applied for the rollout.
 */
export async function deliverExport(
  engine: TfaEngine,
  kind: ExportKind,
  document: ExportDocument<string | Uint8Array>,
  path: string,
  options: { server?: string } = {},
): Promise<DeliveredExport> {
  await writeDeliveredFile(path, document.content, EXPORT_HOLDS_SECRETS[kind]);
  let notePath: string | null = null;
  let command: string | null = null;
  if (kind === 'apply-body' && 'operator' in document && typeof document.operator === 'string') {
    notePath = `${path}${APPLY_NOTE_SUFFIX}`;
    command = applyCommand(path, document.hostname, document.operator);
    // A FileWriteError naming the note's path: the body itself is written.
    await writeDeliveredFile(notePath, applyInstructions(path, document.hostname, document.accounts, document.operator), false);
  }
  const warnings: string[] = [];
  if (kind === 'sheets' || kind === 'apply-body') {
    const marked = await engine.rollout.recordDelivery(kind, document.users, options.server);
    if (marked.metadata.result !== '1') warnings.push(`The rollout marks were not recorded: ${marked.metadata.reason}`);
    warnings.push(...(marked.metadata.output?.warnings ?? []));
  }
  return { path, notePath, applyCommand: command, warnings };
}

/** Writes an encrypted backup: mode 0600, since an offline guess at the passphrase would open it. */
export function writeBackupFile(path: string, document: BackupDocument): Promise<void> {
  return writeDeliveredFile(path, document.content, true, 'backup');
}

/** Why a backup file cannot be read: a system code (ENOENT…), or not a regular file of a plausible size. */
export class BackupReadError extends Error {
  override name = 'BackupReadError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`Cannot read “${path}”: ${reason}.`);
  }
}

/** Reads a backup to restore: a regular file (never a FIFO that would hang), at most MAX_BACKUP_BYTES. */
export async function readBackupFile(path: string): Promise<string> {
  let handle;
  try {
    // Non-blocking, so opening a FIFO answers at once; fstat then refuses anything but a regular file.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new BackupReadError(path, fileErrorWords(error));
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new BackupReadError(path, 'it is not a regular file');
    if (info.size > MAX_BACKUP_BYTES) throw new BackupReadError(path, fileErrorWords({ code: 'EFBIG' }));
    return await handle.readFile('utf8');
  } catch (error) {
    throw error instanceof BackupReadError ? error : new BackupReadError(path, fileErrorWords(error));
  } finally {
    await handle.close();
  }
}
