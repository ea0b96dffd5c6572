// `backup FILE` and `restore FILE [--replace]`: the engine encrypts and decrypts; the CLI reads the passphrase,
// writes the backup atomically with mode 0600, and reads the file to restore.
import { readFile } from 'node:fs/promises';
import writeFileAtomic from 'write-file-atomic';
import { failure, type Envelope } from '../engine/envelope.js';
import type { BackupDocument } from '../engine/profile-backup-commands.js';
import type { TfaEngine } from '../engine/tfa-engine.js';
import { readPassphrase, type PassphraseStdin } from './passphrase-input.js';
import { fileErrorWords, fileProblem } from './file-problem.js';
import { UsageError } from './usage-error.js';

export interface BackupCliOptions {
  server: string | undefined;
  passphraseFile: string | undefined;
  replace: boolean;
  stdin: PassphraseStdin | undefined;
  stderr: NodeJS.WritableStream;
}

/** A backup of a few hundred thousand accounts stays well under this; anything larger is not one of ours. */
const MAX_BACKUP_BYTES = 256 * 1024 * 1024;

export async function runBackup(engine: TfaEngine, path: string, options: BackupCliOptions): Promise<Envelope> {
  const passphrase = await readPassphrase({ file: options.passphraseFile, stdin: options.stdin, stderr: options.stderr, confirm: true });
  const envelope = await engine.backups.backup({ passphrase, server: options.server });
  if (envelope.metadata.result !== 1) return envelope;
  const document = envelope.data as BackupDocument;
  try {
    await writeFileAtomic(path, document.content, { mode: 0o600 });
  } catch (error) {
    return failure('backup', `The backup ${path} could not be written: ${fileErrorWords(error, true)}.`);
  }
  const data = { path, hostname: document.hostname, accounts: document.accounts, secrets: document.secrets, contains_secrets: 1 };
  return { data, metadata: envelope.metadata };
}

export async function runRestore(engine: TfaEngine, path: string, options: BackupCliOptions): Promise<Envelope> {
  let text: string;
  try {
    const bytes = await readFile(path);
    if (bytes.length > MAX_BACKUP_BYTES) throw Object.assign(new Error(), { code: 'EFBIG' });
    text = bytes.toString('utf8');
  } catch (error) {
    throw new UsageError(fileProblem(path, error));
  }
  const passphrase = await readPassphrase({ file: options.passphraseFile, stdin: options.stdin, stderr: options.stderr, confirm: false });
  return engine.backups.restore({ text, passphrase, replace: options.replace });
}
