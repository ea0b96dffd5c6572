// `backup FILE` and `restore FILE [--replace]`: the engine encrypts and decrypts; the CLI reads the passphrase, and
// the delivery module (main/store/file-delivery.ts) writes the backup (atomically, mode 0600) and reads the file to
// restore, as it does for the desktop app.
import type { BackupDocument, Envelope, RestoreData } from '../common/engine-answers.js';
import { failure } from '../engine/envelope.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { BackupReadError, FileWriteError, readBackupFile, writeBackupFile } from '../store/file-delivery.js';
import { readPassphrase, type PassphraseStdin } from './passphrase-input.js';
import { UsageError } from './usage-error.js';

export interface BackupCliOptions {
  server: string | undefined;
  passphraseFile: string | undefined;
  replace: boolean;
  stdin: PassphraseStdin | undefined;
  stderr: NodeJS.WritableStream;
}

/** What the CLI prints once a backup is written (beyond WHM): where it went and what it holds, never its content. */
export interface BackupFileData extends Pick<BackupDocument, 'hostname' | 'accounts' | 'secrets'> {
  path: string;
  contains_secrets: 1;
}

export async function runBackup(engine: TfaEngine, path: string, options: BackupCliOptions): Promise<Envelope<BackupFileData>> {
  const passphrase = await readPassphrase({ file: options.passphraseFile, stdin: options.stdin, stderr: options.stderr, confirm: true });
  const envelope = await engine.backups.backup({ passphrase, server: options.server });
  const document = envelope.data;
  if (envelope.metadata.result !== '1' || !document) return { metadata: envelope.metadata };
  try {
    await writeBackupFile(path, document);
  } catch (error) {
    if (error instanceof FileWriteError) return failure('backup', error.message);
    throw error;
  }
  const data: BackupFileData = { path, hostname: document.hostname, accounts: document.accounts, secrets: document.secrets, contains_secrets: 1 };
  return { data, metadata: envelope.metadata };
}

export async function runRestore(engine: TfaEngine, path: string, options: BackupCliOptions): Promise<Envelope<RestoreData>> {
  let text: string;
  try {
    text = await readBackupFile(path);
  } catch (error) {
    throw error instanceof BackupReadError ? new UsageError(error.message) : error;
  }
  const passphrase = await readPassphrase({ file: options.passphraseFile, stdin: options.stdin, stderr: options.stderr, confirm: false });
  return engine.backups.restore({ text, passphrase, replace: options.replace });
}
