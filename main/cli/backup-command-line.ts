// `backup FILE` and `restore FILE [--force]`: the engine encrypts and decrypts; the CLI reads the passphrase, and
// the delivery module (main/store/file-delivery.ts) writes the backup (atomically, mode 0600) and reads the file to
// restore, as it does for the desktop app. Restoring over an existing profile asks first, as every destructive step.
import type { BackupDocument, Envelope, RestoreData } from '../common/engine-answers.js';
import { shownName } from '../common/shown-text.js';
import { failure } from '../engine/envelope.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { BackupReadError, FileWriteError, readBackupFile, writeBackupFile } from '../store/file-delivery.js';
import type { CliIo } from './cli-io.js';
import { requireConsent } from './consent.js';
import { readPassphrase, type PassphraseStdin } from './passphrase-input.js';
import { UsageError } from './usage-error.js';

export interface BackupCliOptions {
  server: string | undefined;
  passphraseFile: string | undefined;
  /** Restore over an existing profile without asking (--force, or --replace, its earlier name). */
  force: boolean;
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

/**
 * Restores a backup. Which profile it holds is known only once the passphrase has opened it, so the question comes
 * then: over an existing profile, `force`, or a yes on a terminal, restores again with replace.
 */
export async function runRestore(engine: TfaEngine, path: string, options: BackupCliOptions, io: CliIo): Promise<Envelope<RestoreData>> {
  let text: string;
  try {
    text = await readBackupFile(path);
  } catch (error) {
    throw error instanceof BackupReadError ? new UsageError(error.message) : error;
  }
  const passphrase = await readPassphrase({ file: options.passphraseFile, stdin: options.stdin, stderr: options.stderr, confirm: false });
  const answer = await engine.backups.restore({ text, passphrase, replace: options.force });
  if (answer.data?.exists !== 1) return answer;
  await requireConsent(
    io,
    false,
    `A server profile named “${shownName(answer.data.hostname)}” already exists; restoring replaces its accounts, states and secrets with the backup’s (a backup of it first keeps them: tfa-provisioner backup FILE).`,
  );
  return engine.backups.restore({ text, passphrase, replace: true });
}
