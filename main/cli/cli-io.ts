// What a CLI run reads from and writes to: the process's streams, or a test's.
import type { PassphraseStdin } from './passphrase-input.js';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Where a passphrase or a confirmation is typed; without a terminal, --passphrase-file or --force is required. */
  stdin?: PassphraseStdin;
}
